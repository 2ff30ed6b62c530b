"""The strict JSON conversion behind the export format."""

from __future__ import annotations

import json
import re

import pytest

from glutedesk.domain.models import Client, OutcomeScore, PaperTotal, Visit
from glutedesk.domain.serialize import SerializationError, from_json, to_json
from tests.factories import make_client, make_visit


def test_round_trip_through_json_text():
    client = make_client()
    visit = make_visit(client.id)
    for record, cls in ((client, Client), (visit, Visit)):
        data = json.loads(json.dumps(to_json(record)))
        assert from_json(cls, data) == record


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(surprise=1), "unknown field 'surprise'"),
        (lambda d: d.update(date_of_birth="2020-02-30"), "date_of_birth"),
        (lambda d: d.update(date_of_birth=19840309), "date_of_birth"),
        (lambda d: d.update(sitting_hours_per_day="nine"), "sitting_hours_per_day"),
        (lambda d: d.pop("first_name"), "missing field 'first_name'"),
        (lambda d: d["consents"][0].update(kind="telepathy"), "consents[0].kind"),
        (lambda d: d.update(first_name="bad \ud800 surrogate"), "invalid character"),
        (lambda d: d.update(consents={"a": 1}), "expected a list"),
    ],
)
def test_bad_values_are_refused_with_their_path(mutate, message):
    data = to_json(make_client())
    mutate(data)
    with pytest.raises(SerializationError, match=re.escape(message)):
        from_json(Client, data)


def test_booleans_are_not_numbers():
    data = to_json(make_visit(make_client().id))
    data["nprs"]["now"] = True
    with pytest.raises(SerializationError, match=r"nprs\.now"):
        from_json(Visit, data)


def test_numbers_keep_the_form_they_were_written_in():
    data = {"instrument": "odi", "items": [3, 2.0, None, 4.5], "paper_total": None}
    score = from_json(OutcomeScore, data)
    assert [type(i).__name__ for i in score.items] == ["int", "float", "NoneType", "float"]
    assert json.dumps(to_json(score)["items"]) == "[3, 2.0, null, 4.5]"
    total = from_json(PaperTotal, {"value": 22, "scale": "points_of_50"})
    assert type(total.value) is int
