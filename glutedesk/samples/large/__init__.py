"""The benchmark's large clinic: :class:`LargeClinicPlan` says what it holds (from a seed),
:func:`build_large_clinic` writes it through the storage row mappers in bulk."""

from glutedesk.samples.large.build import BulkSummary, build_large_clinic
from glutedesk.samples.large.plan import BulkBuildError, LargeClinicPlan

__all__ = ["BulkBuildError", "BulkSummary", "LargeClinicPlan", "build_large_clinic"]
