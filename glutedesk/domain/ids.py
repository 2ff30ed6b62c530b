"""Typed identifiers, so a client id cannot be passed where a visit id is wanted."""

from __future__ import annotations

import uuid
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
    return ClientId(uuid.uuid4().hex)


def new_visit_id() -> VisitId:
    """Return a fresh, globally unique visit id (32 hex digits)."""
    return VisitId(uuid.uuid4().hex)
