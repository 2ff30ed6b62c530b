"""The encrypted benchmark's comparison: two sides measured in pairs, compared pair by pair.

The numbers are chosen so that each way of getting the arithmetic wrong gives a different
answer: the median of the per-pair ratios here is 1.5, the ratio of the two sides' medians 1.1,
the sides swapped 0.67, and the encrypted measurements re-paired (shifted by one) 3.0.
"""

from __future__ import annotations

import pytest

from glutedesk.bench import paired
from glutedesk.bench.encrypted import COMPARED, compared_figures, format_encrypted
from glutedesk.bench.paired import ENCRYPTED, PLAIN, Paired, measure_pairs, order

PLAIN_TIMES = (1.0, 10.0, 10.0)
ENCRYPTED_TIMES = (1.5, 11.0, 30.0)  # per-pair ratios 1.5, 1.1, 3.0


def test_the_ratio_is_the_median_of_the_per_pair_ratios():
    pairs = Paired.of(PLAIN_TIMES, ENCRYPTED_TIMES)
    assert pairs.ratios() == pytest.approx([1.5, 1.1, 3.0])
    assert pairs.ratio() == pytest.approx(1.5)
    assert pairs.medians() == (10.0, 11.0)  # whose quotient (1.1) is not the ratio


def test_swapped_sides_give_the_reciprocal_not_the_ratio():
    assert Paired.of(ENCRYPTED_TIMES, PLAIN_TIMES).ratio() == pytest.approx(1 / 1.5)


def test_re_paired_measurements_give_another_ratio():
    shifted = ENCRYPTED_TIMES[1:] + ENCRYPTED_TIMES[:1]  # pair i no longer measured together
    assert Paired.of(PLAIN_TIMES, shifted).ratio() == pytest.approx(3.0)


def test_unpaired_or_empty_measurements_are_refused():
    with pytest.raises(ValueError, match="unpaired"):
        Paired.of(PLAIN_TIMES, ENCRYPTED_TIMES[:2])
    with pytest.raises(ValueError, match="no pairs"):
        Paired.of((), ())
    with pytest.raises(ValueError, match="cannot divide"):
        Paired.of((0.0, 1.0), (1.0, 1.0))


def test_the_sides_alternate_which_goes_first():
    assert order(4) == [
        (PLAIN, ENCRYPTED),
        (ENCRYPTED, PLAIN),
        (PLAIN, ENCRYPTED),
        (ENCRYPTED, PLAIN),
    ]


def test_each_pair_is_measured_back_to_back_and_kept_by_side():
    calls: list[str] = []

    def measure(side: str) -> tuple[str, int]:
        calls.append(side)
        return side, len(calls) - 1  # which side, and when it was measured

    results = measure_pairs(3, measure)
    assert calls == [PLAIN, ENCRYPTED, ENCRYPTED, PLAIN, PLAIN, ENCRYPTED]
    assert [side for side, _ in results[PLAIN]] == [PLAIN] * 3
    assert [side for side, _ in results[ENCRYPTED]] == [ENCRYPTED] * 3
    for (_, plain_at), (_, encrypted_at) in zip(results[PLAIN], results[ENCRYPTED], strict=True):
        assert abs(plain_at - encrypted_at) == 1  # neighbours in time: a real pair


def test_the_report_keys_come_from_the_pairs_with_each_side_in_its_place():
    pairs = {key: Paired.of(PLAIN_TIMES, ENCRYPTED_TIMES) for key in COMPARED}
    pairs["save_ms"] = Paired.of((1.0, 1.0, 1.0), (1.2, 1.2, 1.2))
    both = {
        "pairs": pairs,
        "startup_app_s": {PLAIN: 0.9, ENCRYPTED: 1.2},
        "sessions": {PLAIN: {"search_p95_ms": 3.0}, ENCRYPTED: {"search_p95_ms": 4.0}},
        "save_durable": True,
        "unlocks_s": [0.15, 0.16, 0.2],
    }
    figures = compared_figures(both)
    assert figures["encrypted_ratios"]["report_s"] == 1.5
    assert figures["encrypted_ratios"]["save_ms"] == 1.2
    assert figures["encrypted_report_s"] == 11.0 and figures["paired_plain"]["report_s"] == 10.0
    assert figures["encrypted_startup_app_s"] == 1.2  # the encrypted side's, not the plain one's
    assert figures["encrypted_search_p95_ms"] == 4.0
    assert figures["paired_unlock_ms"] == [150.0, 160.0, 200.0]
    assert figures["encrypted_pairs"]["timeline_ms"] == {
        PLAIN: list(PLAIN_TIMES),
        ENCRYPTED: list(ENCRYPTED_TIMES),
    }
    assert figures["encrypted_within"] is False  # 1.5× is over the 1.3× limit
    within = {key: Paired.of((1.0, 2.0), (1.0, 2.5)) for key in COMPARED}  # ratios 1.0, 1.25
    assert compared_figures({**both, "pairs": within})["encrypted_within"] is True


def _both(save_disk_reads):
    pairs = {key: Paired.of(PLAIN_TIMES, ENCRYPTED_TIMES) for key in COMPARED}
    return {
        "pairs": pairs,
        "startup_app_s": {PLAIN: 0.9, ENCRYPTED: 1.2},
        "sessions": {PLAIN: {}, ENCRYPTED: {}},
        "save_durable": True,
        "unlocks_s": [0.15, 0.16, 0.2],
        "save_disk_reads": save_disk_reads,
    }


def test_the_saves_that_read_the_disk_are_counted_per_side_beside_the_ratio():
    reads = {PLAIN: [0, 0, 0], ENCRYPTED: [8192, 0, 4096]}
    figures = compared_figures(_both(reads))
    assert figures["encrypted_save_disk_reads"] == {
        PLAIN: {"saves": 0, "of": 3, "kb": 0.0},
        ENCRYPTED: {"saves": 2, "of": 3, "kb": 12.0},
    }
    assert figures["encrypted_ratios"]["save_ms"] == 1.5  # the ratio itself is unchanged
    figures.update(unlock_ms=100.0, encrypt_s=1.0)
    assert "plain 0 of 3 (0 KB), encrypted 2 of 3 (12 KB)" in format_encrypted(figures)


@pytest.mark.parametrize("reads", [None, {PLAIN: [], ENCRYPTED: []}])
def test_no_disk_read_figure_where_the_system_does_not_count_reads(reads):
    figures = compared_figures(_both(reads))
    assert figures["encrypted_save_disk_reads"] is None
    figures.update(unlock_ms=100.0, encrypt_s=1.0)
    assert "read the disk" not in format_encrypted(figures)


def test_disk_read_bytes_comes_from_the_read_bytes_counter(tmp_path, monkeypatch):
    counters = tmp_path / "io"
    counters.write_text("rchar: 900\nwchar: 5\nsyscr: 3\nread_bytes: 8192\nwrite_bytes: 0\n")
    monkeypatch.setattr(paired, "IO_COUNTERS", counters)
    assert paired.disk_read_bytes() == 8192  # not rchar, which counts page-cache reads too
    monkeypatch.setattr(paired, "IO_COUNTERS", tmp_path / "missing")
    assert paired.disk_read_bytes() is None
