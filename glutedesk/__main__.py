"""``python -m glutedesk`` runs the command line."""

from glutedesk.cli import main

if __name__ == "__main__":
    main()
