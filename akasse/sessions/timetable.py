"""Conversations put on the clock: which pair holds which member in which slot.

``Grid`` is one session's table of pairs by slots, filled first-fit (the baseline and the
repair after a time-limited solve). ``lay_out`` turns the solver's answer (who attends which
session, and for members with two conversations which slot pattern) into bookings: the
single conversations fill the free slots from the start of the session, and each slot's
conversations go to the pairs that hold the fewest so far. The pairs' loads then never differ
by more than one, so no pair holds more than ceil(conversations / pairs) <= per_pair."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from .instance import Instance
from .model import Booking

Cell = tuple[int, int]  # (pair index, slot)


class Grid:
    """Which (pair, slot) cells of session ``s`` are taken, and each pair's count."""

    def __init__(self, instance: Instance, s: int) -> None:
        self.instance, self.s = instance, s
        session = instance.sessions[s]
        self.taken = np.zeros((len(session.pairs), session.slots), dtype=bool)
        self.per_pair = instance.limits.per_pair

    def fit(self, conversations: int) -> tuple[Cell, ...] | None:
        """The first free cell (slot by slot, pair by pair), or for two conversations the first
        two in different slots no further apart than the wait allows; None if none fit."""
        if conversations == 1:
            return next(((c,) for c in self._free()), None)
        for first in self._free():
            for second in self._free(after=first[1]):
                if second[1] - first[1] - 1 > self.instance.wait_slots(self.s):
                    break
                load = int(self.taken[first[0]].sum()) + (first[0] == second[0])
                if load < self.per_pair:
                    return first, second
        return None

    def book(self, cells: Sequence[Cell]) -> None:
        for pair, slot in cells:
            self.taken[pair, slot] = True

    def _free(self, after: int = -1) -> Iterator[Cell]:
        pairs, slots = self.taken.shape
        loads = self.taken.sum(axis=1)
        for slot in range(after + 1, slots):
            for pair in range(pairs):
                if not self.taken[pair, slot] and loads[pair] < self.per_pair:
                    yield pair, slot


def bookings(instance: Instance, s: int, cells: Sequence[Cell]) -> tuple[Booking, ...]:
    session = instance.sessions[s]
    return tuple(
        Booking(session.pairs[p], t, session.slot_start(t), session.slot_end(t))
        for p, t in sorted(cells, key=lambda c: c[1])
    )


def lay_out(
    instance: Instance,
    s: int,
    singles: Sequence[int],
    doubles: Sequence[tuple[int, tuple[int, int] | None]],
) -> dict[int, tuple[Cell, ...]]:
    """Cells for the members of session s: ``singles`` (members with one conversation) and
    ``doubles`` (member, (first slot, second slot)), the slots None where the model did not
    count patterns: those take neighbouring slots, as many in each two as there are pairs
    (they fit, ``Instance.needs_patterns``). The solver guarantees at most one conversation
    per pair and slot and at most per_pair per pair in total."""
    session = instance.sessions[s]
    n_pairs = len(session.pairs)
    slot_of: list[tuple[int, int]] = []
    for i, (m, pattern) in enumerate(doubles):
        slot_of += [(m, t) for t in pattern or (2 * (i // n_pairs), 2 * (i // n_pairs) + 1)]
    used = np.bincount([t for _, t in slot_of], minlength=session.slots)
    free = (t for t in range(session.slots) for _ in range(n_pairs - int(used[t])))
    slot_of += [(m, next(free)) for m in singles]
    loads = np.zeros(n_pairs, dtype=np.int64)
    cells: dict[int, list[Cell]] = {m: [] for m, _ in slot_of}
    for t in range(session.slots):
        here = [m for m, slot in slot_of if slot == t]
        pairs = sorted(range(n_pairs), key=lambda p: (loads[p], p))[: len(here)]
        for m, p in zip(here, pairs, strict=True):
            cells[m].append((p, t))
            loads[p] += 1
    assert int(loads.max(initial=0)) <= instance.limits.per_pair, "pair over its limit"
    return {m: tuple(c) for m, c in cells.items()}
