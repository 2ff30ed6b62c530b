"""``python -m glutedesk`` runs the command line (the window at once when no command is given)."""

from glutedesk.launcher import main

if __name__ == "__main__":
    main()
