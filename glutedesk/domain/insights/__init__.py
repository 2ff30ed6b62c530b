"""Practice insights: what a therapist's own records say, defined once and computed purely."""
