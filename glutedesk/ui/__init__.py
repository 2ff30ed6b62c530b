"""GluteDesk ui layer."""
