"""Every command-line job in the window (Tools menu), run off the GUI thread with progress."""

from __future__ import annotations

from glutedesk.ui.clinic_jobs.actions import ClinicJobs, install_clinic_jobs

__all__ = ["ClinicJobs", "install_clinic_jobs"]
