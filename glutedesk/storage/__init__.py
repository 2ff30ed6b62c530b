"""GluteDesk storage layer."""
