"""GluteDesk domain layer."""
