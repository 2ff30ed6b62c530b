"""Typed identifiers, so a client id cannot be passed where a visit id is wanted."""

from __future__ import annotations

from typing import NewType

ClientId = NewType("ClientId", str)
VisitId = NewType("VisitId", str)
RegionId = NewType("RegionId", str)
TestId = NewType("TestId", str)
ExerciseId = NewType("ExerciseId", str)
TechniqueId = NewType("TechniqueId", str)
RedFlagId = NewType("RedFlagId", str)
PostureItemId = NewType("PostureItemId", str)


def new_client_id() -> ClientId:
    """Return a fresh, globally unique client id (32 hex digits)."""
    import uuid  # here, not at the top: uuid loads platform, and start-up makes no ids

    return ClientId(uuid.uuid4().hex)


def new_visit_id() -> VisitId:
    """Return a fresh, globally unique visit id (32 hex digits)."""
    import uuid

    return VisitId(uuid.uuid4().hex)
