"""GluteDesk: offline clinical records for sports and remedial massage therapists."""

# The one place the version is written: pyproject.toml reads it from here (hatch's version
# source), so the package metadata, the self-contained app and the installers all agree. A
# plain string, not importlib.metadata: that import alone costs ~75 ms of every start-up.
__version__ = "0.1.0"
