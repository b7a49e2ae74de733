"""The allocation is the best b-matching (checked by brute force), keeps its caps, and spreads
presentations where greedy top-k floods the best openings."""

from __future__ import annotations

import itertools

import numpy as np

from akasse.matching.allocate import allocate, expected_hires, gini, greedy


def _instance(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    member = np.repeat(np.arange(5), 3)
    opening = rng.integers(0, 4, member.size)
    _, keep = np.unique(member * 10 + opening, return_index=True)
    return member[keep], opening[keep], rng.random(keep.size)


def test_the_allocation_is_the_best_within_the_caps() -> None:
    for seed in range(5):
        member, opening, p = _instance(seed)
        chosen = allocate(member, opening, p, per_opening=2, per_member=2)
        assert np.bincount(member[chosen]).max() <= 2
        assert np.bincount(opening[chosen]).max() <= 2
        best = 0.0
        for bits in itertools.product([False, True], repeat=p.size):
            mask = np.array(bits)
            if mask.any() and (
                np.bincount(member[mask]).max() > 2 or np.bincount(opening[mask]).max() > 2
            ):
                continue
            best = max(best, float(p[mask].sum()))
        assert abs(float(p[chosen].sum()) - best) < 1e-5


def test_allocation_beats_greedy_when_everyone_wants_the_same_opening() -> None:
    # Every member's best is opening 0; each has a slightly worse opening of their own.
    members = np.arange(20)
    member = np.concatenate([members, members])
    opening = np.concatenate([np.zeros(20, int), 1 + members])
    p = np.concatenate([np.full(20, 0.5), np.full(20, 0.4)])
    chosen = allocate(member, opening, p, per_opening=3, per_member=1)
    flooded = greedy(member, p, per_member=1)
    assert np.bincount(opening[flooded]).max() == 20
    assert expected_hires(opening, p, chosen) > expected_hires(opening, p, flooded) + 5
    counts = [np.bincount(opening[c], minlength=21) for c in (chosen, flooded)]
    assert gini(counts[0]) < gini(counts[1])


def test_empty_and_even_cases() -> None:
    empty = np.zeros(0, int)
    assert allocate(empty, empty, np.zeros(0), 2, 2).size == 0
    assert gini(np.array([2, 2, 2])) == 0.0
    assert expected_hires(np.array([1]), np.array([0.3]), np.array([False])) == 0.0
