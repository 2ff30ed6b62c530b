"""GluteDesk reports layer."""
