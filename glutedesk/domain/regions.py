"""The body-chart region manifest (``diagrams/regions.json``).

Each pain region drawn on the front and back body diagrams has one entry: its id (which is also
the ``id`` of its shape in the SVG), a human label, the view it belongs to, the client's side and
the Michigan Body Map area it rolls up to, so an MBM-compatible count can always be derived.

Region ids look like ``back.glute_med.L``: ``<view>.<part>.<L|R|C>``, where L and R are always
the *client's* left and right, never the viewer's.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from glutedesk.domain.errors import CatalogueError
from glutedesk.domain.ids import RegionId
from glutedesk.paths import diagram

VIEWS: tuple[str, ...] = ("back", "front")
SIDES: tuple[str, ...] = ("left", "right", "centre")
SUFFIX_SIDE = {"L": "left", "R": "right", "C": "centre"}

_ID_PATTERN = re.compile(r"^(front|back)\.[a-z][a-z0-9_]*\.(L|R|C)$")
_FIELDS = ("id", "label", "view", "side", "mbm_code", "muscles")


@dataclass(frozen=True)
class Region:
    """One clickable pain region of a body diagram."""

    id: RegionId
    label: str  # e.g. "Upper-outer buttock (gluteus medius), left"
    view: str  # "front" or "back"
    side: str  # the client's side: "left", "right" or "centre"
    mbm_code: str  # Michigan Body Map area, e.g. "buttocks", "lower back"
    muscles: tuple[str, ...]


@dataclass(frozen=True)
class RegionManifest:
    """All regions of one diagram version, in manifest order (back view first, top to bottom)."""

    version: str
    regions: tuple[Region, ...]
    _index: dict[str, Region] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {r.id: r for r in self.regions})

    def get(self, region_id: str) -> Region:
        """Return the region with this id; raise KeyError naming the id if there is none."""
        region = self._index.get(region_id)
        if region is not None:
            return region
        raise KeyError(f"unknown body-chart region {region_id!r} (diagram version {self.version})")

    def for_view(self, view: str) -> tuple[Region, ...]:
        """Return the regions drawn on ``view`` ("front" or "back"), in manifest order."""
        if view not in VIEWS:
            raise ValueError(f"unknown body-diagram view {view!r}; expected one of {VIEWS}")
        return tuple(r for r in self.regions if r.view == view)

    def ids(self) -> frozenset[str]:
        """Return every region id of the manifest."""
        return frozenset(self._index)

    def __contains__(self, region_id: object) -> bool:
        return region_id in self._index

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions)

    def __len__(self) -> int:
        return len(self.regions)


def _entry(raw: Any, index: int, source: Path) -> Region:
    where = f"{source}: region #{index}"
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where} must be an object, not {type(raw).__name__}")
    if isinstance(raw.get("id"), str):
        where = f"{source}: region #{index} ({raw['id']!r})"
    missing = [f for f in _FIELDS if f not in raw]
    if missing:
        raise CatalogueError(f"{where} lacks {', '.join(missing)}")
    unknown = sorted(set(raw) - set(_FIELDS))
    if unknown:
        raise CatalogueError(f"{where} has unknown field(s) {', '.join(unknown)}")
    for name in ("id", "label", "view", "side", "mbm_code"):
        value = raw[name]
        if not isinstance(value, str) or not value.strip():
            raise CatalogueError(f"{where}: {name} must be a non-empty string, not {value!r}")
    muscles = raw["muscles"]
    if not isinstance(muscles, list) or not all(isinstance(m, str) and m for m in muscles):
        raise CatalogueError(f"{where}: muscles must be a list of non-empty strings")
    region_id, view, side = raw["id"], raw["view"], raw["side"]
    if view not in VIEWS:
        raise CatalogueError(f"{where}: view {view!r} is not one of {', '.join(VIEWS)}")
    if side not in SIDES:
        raise CatalogueError(f"{where}: side {side!r} is not one of {', '.join(SIDES)}")
    match = _ID_PATTERN.match(region_id)
    if not match:
        raise CatalogueError(f"{where}: id must look like '<view>.<part>.<L|R|C>'")
    if match.group(1) != view:
        raise CatalogueError(f"{where}: id prefix {match.group(1)!r} does not match view {view!r}")
    if SUFFIX_SIDE[match.group(2)] != side:
        raise CatalogueError(f"{where}: id suffix .{match.group(2)} does not match side {side!r}")
    return Region(
        id=RegionId(region_id),
        label=raw["label"],
        view=view,
        side=side,
        mbm_code=raw["mbm_code"],
        muscles=tuple(muscles),
    )


def parse_manifest(data: Any, source: Path) -> RegionManifest:
    """Validate decoded manifest JSON; raise :class:`CatalogueError` naming the faulty entry."""
    if not isinstance(data, dict):
        raise CatalogueError(f"{source}: the manifest must be a JSON object")
    version = data.get("version")
    if not isinstance(version, str) or not version:
        raise CatalogueError(f"{source}: 'version' must be a non-empty string")
    raw_regions = data.get("regions")
    if not isinstance(raw_regions, list) or not raw_regions:
        raise CatalogueError(f"{source}: 'regions' must be a non-empty list")
    regions: list[Region] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_regions):
        region = _entry(raw, index, source)
        if region.id in seen:
            raise CatalogueError(
                f"{source}: region #{index} ({region.id!r}) repeats the id of "
                f"region #{seen[region.id]}"
            )
        seen[region.id] = index
        regions.append(region)
    return RegionManifest(version=version, regions=tuple(regions))


@cache
def _load_default() -> RegionManifest:
    return _load(diagram("regions.json"))


def _load(path: Path) -> RegionManifest:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise CatalogueError(f"{path}: not valid JSON ({exc})") from exc
    return parse_manifest(data, path)


def load_regions(path: Path | None = None) -> RegionManifest:
    """Load and validate the region manifest.

    With no ``path`` the bundled ``diagrams/regions.json`` is read once and cached. A malformed
    manifest raises :class:`~glutedesk.domain.errors.CatalogueError` whose message names the file
    and the entry (index and id) at fault.
    """
    if path is None:
        return _load_default()
    return _load(Path(path))
