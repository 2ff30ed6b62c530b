"""GluteDesk ui layer: the only place PySide6 is imported."""

# Imported first so that sqlite-utils loads without numpy at start-up (see glutedesk.storage).
import glutedesk.storage  # noqa: F401
