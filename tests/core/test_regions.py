"""The body-chart region manifest: contents, laterality conventions and validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glutedesk.domain.errors import CatalogueError
from glutedesk.domain.regions import Region, RegionManifest, load_regions
from glutedesk.paths import diagram

GLUTE_PELVIS = [
    "back.lumbar.L",
    "back.lumbar.R",
    "back.sacrum.C",
    "back.sij.L",
    "back.sij.R",
    "back.glute_med.L",
    "back.glute_med.R",
    "back.glute_max.L",
    "back.glute_max.R",
    "back.hamstring.L",
    "back.hamstring.R",
    "front.hip_flexor.L",
    "front.hip_flexor.R",
    "front.lateral_hip.L",
    "front.lateral_hip.R",
    "front.itb.L",
    "front.itb.R",
]

MBM_AREAS = {
    # Michigan Body Map areas (front and back)
    "face",
    "jaw",
    "chest/breast",
    "upper arm",
    "elbow",
    "lower arm",
    "wrist/hand",
    "abdomen",
    "pelvis",
    "groin",
    "upper leg",
    "knee",
    "lower leg",
    "ankle/foot",
    "head",
    "neck",
    "shoulder",
    "upper back",
    "lower back",
    "hip",
    "buttocks",
}


@pytest.fixture(scope="module")
def manifest() -> RegionManifest:
    return load_regions()


def test_default_manifest_loads_and_is_cached(manifest):
    assert manifest.version == "1"
    assert load_regions() is manifest
    assert len(manifest.regions) >= 55


def test_each_view_has_about_thirty_regions(manifest):
    assert 25 <= len(manifest.for_view("back")) <= 35
    assert 25 <= len(manifest.for_view("front")) <= 35
    assert len(manifest.for_view("back")) + len(manifest.for_view("front")) == len(manifest)


def test_back_view_comes_first(manifest):
    views = [r.view for r in manifest.regions]
    assert views == sorted(views)  # "back" < "front": all back regions first


def test_glute_and_pelvis_regions_exist(manifest):
    for region_id in GLUTE_PELVIS:
        assert region_id in manifest
        assert manifest.get(region_id).id == region_id


def test_get_unknown_region_raises_clear_key_error(manifest):
    with pytest.raises(KeyError, match=r"back\.nowhere\.L"):
        manifest.get("back.nowhere.L")


def test_for_view_rejects_unknown_view(manifest):
    with pytest.raises(ValueError, match="side"):
        manifest.for_view("side")


def test_ids_match_regions(manifest):
    assert manifest.ids() == frozenset(r.id for r in manifest.regions)
    assert len(manifest.ids()) == len(manifest.regions)


def test_regions_are_typed_and_consistent(manifest):
    for region in manifest:
        assert isinstance(region, Region)
        assert region.id.startswith(region.view + ".")
        assert {"L": "left", "R": "right", "C": "centre"}[region.id[-1]] == region.side
        assert isinstance(region.muscles, tuple)
        assert region.mbm_code in MBM_AREAS, region.id
        if region.side != "centre":
            assert region.label.endswith(f", {region.side}"), region.label


def test_every_lateral_region_has_its_mirror(manifest):
    ids = manifest.ids()
    for region_id in ids:
        if region_id.endswith(".L"):
            assert region_id[:-1] + "R" in ids
        if region_id.endswith(".R"):
            assert region_id[:-1] + "L" in ids


def test_glute_labels_name_the_muscles(manifest):
    med = manifest.get("back.glute_med.L")
    assert med.label == "Upper-outer buttock (gluteus medius), left"
    assert med.mbm_code == "buttocks"
    assert "gluteus medius" in med.muscles
    assert "piriformis" in manifest.get("back.glute_max.R").muscles
    assert manifest.get("front.hip_flexor.L").mbm_code == "groin"
    assert manifest.get("front.lateral_hip.R").mbm_code == "hip"


# ------------------------------------------------------------------ validation of bad manifests


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "regions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _good_entries() -> list[dict]:
    data = json.loads(diagram("regions.json").read_text(encoding="utf-8"))
    return data["regions"][:4]


def test_a_small_valid_manifest_loads(tmp_path):
    path = _write(tmp_path, {"version": "9", "regions": _good_entries()})
    loaded = load_regions(path)
    assert loaded.version == "9"
    assert len(loaded) == 4


def test_duplicate_id_is_rejected_naming_the_entry(tmp_path):
    entries = _good_entries()
    entries.append(dict(entries[1]))
    path = _write(tmp_path, {"version": "1", "regions": entries})
    with pytest.raises(CatalogueError) as err:
        load_regions(path)
    message = str(err.value)
    assert str(path) in message
    assert "#4" in message
    assert entries[1]["id"] in message


def test_bad_side_is_rejected_naming_the_entry(tmp_path):
    entries = _good_entries()
    entries[2]["side"] = "sinister"
    path = _write(tmp_path, {"version": "1", "regions": entries})
    with pytest.raises(CatalogueError, match=r"#2.*sinister"):
        load_regions(path)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("view", "lateral", "view"),
        ("id", "front.head.C", "prefix"),
        ("side", "right", "suffix"),
        ("muscles", "gluteus medius", "muscles"),
        ("label", "", "label"),
        ("id", "back.Glute Med.L", "id must look like"),
    ],
)
def test_inconsistent_entries_are_rejected(tmp_path, field, value, expected):
    entries = _good_entries()
    entries[0][field] = value  # entry 0 is back.head.C
    path = _write(tmp_path, {"version": "1", "regions": entries})
    with pytest.raises(CatalogueError, match=expected) as err:
        load_regions(path)
    assert "#0" in str(err.value)


def test_missing_and_unknown_fields_are_rejected(tmp_path):
    entries = _good_entries()
    del entries[1]["mbm_code"]
    with pytest.raises(CatalogueError, match=r"#1.*mbm_code"):
        load_regions(_write(tmp_path, {"version": "1", "regions": entries}))
    entries = _good_entries()
    entries[3]["colour"] = "red"
    with pytest.raises(CatalogueError, match=r"#3.*colour"):
        load_regions(_write(tmp_path, {"version": "1", "regions": entries}))


def test_malformed_top_level_is_rejected(tmp_path):
    with pytest.raises(CatalogueError, match="version"):
        load_regions(_write(tmp_path, {"regions": _good_entries()}))
    with pytest.raises(CatalogueError, match="regions"):
        load_regions(_write(tmp_path, {"version": "1", "regions": {}}))
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"broken\.json"):
        load_regions(path)
