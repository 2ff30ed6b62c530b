"""Helpers to put one outcome measure into a visit without disturbing the others."""

from __future__ import annotations

import dataclasses

from glutedesk.domain.models import Instrument, OutcomeScore, Visit


def replace_score(visit: Visit, instrument: Instrument, score: OutcomeScore | None) -> Visit:
    """Return ``visit`` with its ``instrument`` score replaced, removed (None) or appended."""
    scores = list(visit.outcome_scores)
    index = next((i for i, s in enumerate(scores) if s.instrument == instrument), None)
    if score is None:
        if index is None:
            return visit
        del scores[index]
    elif index is None:
        scores.append(score)
    else:
        if scores[index] == score:
            return visit
        scores[index] = score
    return dataclasses.replace(visit, outcome_scores=tuple(scores))
