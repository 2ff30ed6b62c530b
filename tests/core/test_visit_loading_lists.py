"""Stored JSON lists read back as tuples, each distinct list parsed once and shared only when
nothing in it could be changed."""

from __future__ import annotations

from glutedesk.storage.visit_loading import _json_tuple


def test_a_list_of_plain_values_is_parsed_once_and_shared():
    first = _json_tuple('["effleurage", "soft_tissue_release", 2, null]')
    assert first == ("effleurage", "soft_tissue_release", 2, None)
    assert _json_tuple('["effleurage", "soft_tissue_release", 2, null]') is first
    assert _json_tuple("[]") == ()


def test_a_list_holding_lists_or_objects_is_never_shared():
    nested = '[["a"], {"b": 1}]'
    one, two = _json_tuple(nested), _json_tuple(nested)
    assert one == two == (["a"], {"b": 1})
    assert one is not two and one[0] is not two[0]  # changing one visit's never changes another's
