"""The caseworkers' queue: capacity is never exceeded, nobody is seen before their day, and
each caseworker sees their members in order."""

from __future__ import annotations

import numpy as np

from akasse.sim.conversations import queue
from akasse.sim.course import NEVER


def test_it_respects_capacity_order_and_target_days() -> None:
    rng = np.random.default_rng(7)
    k, n = 40, 6000
    capacity = rng.integers(3, 8, k)
    days = np.arange(1000, 1400)
    days = days[(days % 7) < 5]
    cw = rng.integers(0, k, n)
    target = rng.integers(1000, 1300, n)
    held = queue(capacity, np.full(k, 2.0), cw, target, days, rng)
    seen = held != NEVER
    assert seen.mean() > 0.9
    assert (held[seen] >= target[seen]).all()
    assert np.isin(held[seen], days).all()
    per_day: dict[tuple[int, int], int] = {}
    for c, d in zip(cw[seen], held[seen], strict=True):
        per_day[(int(c), int(d))] = per_day.get((int(c), int(d)), 0) + 1
    assert all(count <= capacity[c] for (c, _), count in per_day.items())
    for c in range(k):
        mine = np.flatnonzero((cw == c) & seen)
        by_target = mine[np.argsort(target[mine], kind="stable")]
        assert (np.diff(held[by_target]) >= 0).all()


def test_it_holds_everything_on_the_day_when_there_is_room() -> None:
    rng = np.random.default_rng(1)
    days = np.arange(0, 100)
    held = queue(
        np.array([50]), np.array([5.0]), np.zeros(30, np.int64), np.arange(30) * 2, days, rng
    )
    assert (held == np.arange(30) * 2).all()
