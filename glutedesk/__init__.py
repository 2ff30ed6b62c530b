"""GluteDesk: offline clinical records for sports and remedial massage therapists."""

__version__ = "0.1.0"
