"""GluteDesk: offline clinical records for sports and remedial massage therapists."""

from importlib.metadata import PackageNotFoundError, version

# The one version number lives in pyproject.toml; installs (and the self-contained app, whose
# spec copies the package metadata) report it from there.
try:
    __version__ = version("glutedesk")
except PackageNotFoundError:  # a bare source tree that was never installed
    __version__ = "0+unknown"
