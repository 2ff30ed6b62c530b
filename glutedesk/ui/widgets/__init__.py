"""Reusable input widgets: typed catalogue fields, optional numbers, change highlighting."""
