"""The training pairs: every presentation, and for every hire the explicit score's best
openings of its day as non-hires (never the hired one itself)."""

from __future__ import annotations

import numpy as np

from akasse.matching import explicit
from akasse.matching.training import Log, training_pairs
from tests.matching.test_explicit import _random


def test_each_hire_is_set_against_the_best_openings_open_that_day() -> None:
    m, o = _random(40, 300, 21)
    rng = np.random.default_rng(22)
    posted = rng.integers(0, 60, o.size)
    closes = posted + rng.integers(10, 40, o.size)
    day = np.full(40, 50)
    opening = np.array([rng.choice(np.flatnonzero((posted <= 50) & (closes >= 50))) for _ in day])
    hired = np.arange(40) % 4 == 0
    log = Log(np.arange(40), opening, day, hired)
    rows_m, rows_o, y = training_pairs(m, o, posted, closes, log, candidates=8)
    assert y[:40].tolist() == hired.tolist()  # the presentations come first, as logged
    extra_m, extra_o = rows_m[40:], rows_o[40:]
    assert not y[40:].any()
    open_now = np.flatnonzero((posted <= 50) & (closes >= 50))
    assert np.isin(extra_o, open_now).all()
    for member in np.flatnonzero(hired):
        theirs = extra_o[extra_m == member]
        assert opening[member] not in theirs
        index, _ = explicit.top_k(m.take(np.array([member])), o.take(open_now), 8)
        expected = set(open_now[index[0]]) - {opening[member]}
        assert set(theirs) == expected
    assert set(extra_m) == set(np.flatnonzero(hired))
