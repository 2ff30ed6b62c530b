"""Every check a record must pass before it is saved, against the shipped catalogues.

:mod:`glutedesk.domain.validation` holds the clinical rules as pure functions of plain maps;
this module feeds them from the loaded catalogues and body-region manifest and adds the checks
that need those (test result values, region, technique and posture ids). The visit editor and
the importer both call it, so the same rules guard every way a record can arrive.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from glutedesk.domain.catalogue import Catalogue, load_catalogue, validate_test_result
from glutedesk.domain.client_validation import validate_client
from glutedesk.domain.models import Client, RedFlagTier, Visit
from glutedesk.domain.pain import PainClassification, classify_pain
from glutedesk.domain.regions import RegionManifest, load_regions
from glutedesk.domain.strength import strength_problems
from glutedesk.domain.validation import FieldError, validate_visit


def red_flag_tiers(catalogue: Catalogue) -> dict[str, RedFlagTier]:
    """Map each red-flag id of ``catalogue`` to its tier."""
    return {item.id: item.tier for item in catalogue.red_flags}


def pain_indicators(catalogue: Catalogue) -> dict[str, tuple[str, bool, str]]:
    """Map each pain-character id to (indicates, prompts_referral, label)."""
    return {
        item.id: (str(item.indicates), item.prompts_referral, item.label)
        for item in catalogue.pain_character
    }


@cache
def _default_context() -> tuple[Catalogue, RegionManifest]:
    return load_catalogue(), load_regions()


def classify_visit_pain(
    visit: Visit, catalogue: Catalogue | None = None, regions: RegionManifest | None = None
) -> PainClassification:
    """Classify a visit's pain character and body-map marks (soft-tissue vs nerve-type)."""
    default_catalogue, default_regions = _default_context()
    catalogue = catalogue or default_catalogue
    regions = regions or default_regions
    labels: dict[str, str] = {r.id: r.label for r in regions.regions}
    return classify_pain(visit.pain_character, pain_indicators(catalogue), visit.pain_marks, labels)


def check_client(client: Client, *, today: dt.date | None = None) -> list[FieldError]:
    """Return the problems with ``client`` (errors block saving, warnings do not)."""
    return validate_client(client, today=today)


def check_visit(
    visit: Visit,
    *,
    catalogue: Catalogue | None = None,
    regions: RegionManifest | None = None,
    client_dob: dt.date | None = None,
    today: dt.date | None = None,
) -> list[FieldError]:
    """Return every problem with ``visit`` against the catalogues and the body regions.

    Adds to :func:`glutedesk.domain.validation.validate_visit` the checks of each test result's
    typed values, and of the region, technique, red-flag, posture and pain-character ids.
    """
    default_catalogue, default_regions = _default_context()
    catalogue = catalogue or default_catalogue
    regions = regions or default_regions
    indicators = pain_indicators(catalogue)
    problems: list[FieldError] = []
    unknown_character = [c for c in visit.pain_character if c not in indicators]
    for item in unknown_character:
        problems.append(FieldError("pain_character", f"Unknown pain-character item {item!r}"))
    known_visit = visit
    if unknown_character:
        from dataclasses import replace

        known_visit = replace(
            visit, pain_character=tuple(c for c in visit.pain_character if c in indicators)
        )
    problems += validate_visit(
        known_visit,
        tiers=red_flag_tiers(catalogue),
        indicators=indicators,
        exercise_ids={e.id for e in catalogue.exercises},
        test_ids={t.id for t in catalogue.tests},
        client_dob=client_dob,
        today=today,
    )
    region_ids = regions.ids()
    for i, mark in enumerate(visit.pain_marks):
        if mark.region_id not in region_ids:
            problems.append(
                FieldError(f"pain_marks[{i}]", f"Unknown body region {mark.region_id!r}")
            )
    for area in visit.treatment.areas:
        if area not in region_ids:
            problems.append(FieldError("treatment.areas", f"Unknown body region {area!r}"))
    techniques = {t.id for t in catalogue.techniques}
    for technique in visit.treatment.techniques:
        if technique not in techniques:
            problems.append(FieldError("treatment.techniques", f"Unknown technique {technique!r}"))
    flags = {f.id for f in catalogue.red_flags}
    for answer in visit.red_flags.answers:
        if answer.flag_id not in flags:
            problems.append(FieldError("red_flags", f"Unknown red-flag item {answer.flag_id!r}"))
    postures = {p.id: p for p in catalogue.posture}
    for finding in visit.posture:
        posture = postures.get(finding.item_id)
        if posture is None:
            problems.append(FieldError("posture", f"Unknown posture item {finding.item_id!r}"))
        elif finding.value not in posture.option_ids:
            problems.append(
                FieldError(
                    "posture", f"{posture.label}: {finding.value!r} is not one of its options"
                )
            )
    tests = {t.id: t for t in catalogue.tests}
    for i, result in enumerate(visit.test_results):
        test = tests.get(result.test_id)
        if test is None:
            continue  # validate_visit already reports unknown test ids
        for message in validate_test_result(test, result):
            problems.append(FieldError(f"test_results[{i}]", f"{test.name}: {message}"))
        problems += strength_problems(
            result,
            per_side=test.per_side,
            field_ids={f.id for f in test.fields},
            where=f"test_results[{i}]",
            name=f"{test.name}, {result.side.value}",
        )
        if result.symptom_region is not None and result.symptom_region not in region_ids:
            problems.append(
                FieldError(f"test_results[{i}]", f"Unknown body region {result.symptom_region!r}")
            )
    return problems
