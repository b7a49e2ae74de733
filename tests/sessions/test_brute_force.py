"""The planner against brute force on random small instances: every way of giving each member
a session or none, each session's timetable searched cell by cell. The solver must place as
many as the best of them with as few km, first fit never more, both plans must hold every
limit, and each member left out must carry the reason that is true of them."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import product

import numpy as np
import pytest

from akasse.sessions import (
    IN_PERSON,
    PHONE,
    VIDEO,
    Limits,
    Member,
    Plan,
    Planner,
    Reason,
    Session,
    first_fit,
    violations,
)

from .build import AARHUS, FAVRSKOV, RANDERS, SKANDERBORG, km, member, session

PLACES = (AARHUS, FAVRSKOV, SKANDERBORG)
HOMES = (AARHUS, FAVRSKOV, SKANDERBORG, RANDERS)


def random_instance(seed: int) -> tuple[list[Session], list[Member], Limits]:
    """Every other instance is crowded: members with two conversations competing for the
    slots of one session (sometimes two) all of them can attend, often with fewer slots than the
    pairs' limits (where the slots, not the limits, decide who fits)."""
    rng = np.random.default_rng(seed)
    limits = Limits(per_pair=int(rng.integers(1, 5)), max_wait=int(rng.choice([30, 45, 90])))
    if seed % 2 == 0:
        crowded = [
            session(
                f"s{i}",
                i + 1,
                n_pairs=1 + int(rng.random() < 0.75),
                slots=int(rng.choice([2, 3, 3, 4, 5, 5])),
                slot_minutes=int(rng.choice([30, 45, 50])),
            )
            for i in range(1 + int(rng.random() < 0.25))
        ]
        two = rng.random(7) < 0.7
        people = [
            member(f"m{i}", conversations=1 + int(two[i])) for i in range(int(rng.integers(4, 8)))
        ]
        return crowded, people, Limits(int(rng.integers(3, 6)), limits.max_wait)
    sessions = [
        session(
            f"s{i}",
            int(rng.integers(1, 7)),
            PLACES[rng.integers(0, 3)],
            [IN_PERSON, IN_PERSON, VIDEO, PHONE][rng.integers(0, 4)],
            int(rng.integers(1, 3)),
            int(rng.integers(1, 6)),
            int(rng.choice([45, 50])),
        )
        for i in range(int(rng.integers(1, 4)))
    ]
    members = []
    for i in range(int(rng.integers(3, 6))):
        earliest = int(rng.integers(1, 5))
        extra = tuple(c for c in (VIDEO, PHONE) if rng.random() < 0.4)
        members.append(
            member(
                f"m{i}",
                earliest,
                earliest + int(rng.integers(0, 5)),
                HOMES[rng.integers(0, 4)],
                (IN_PERSON, *extra),
                2 if rng.random() < 0.35 else 1,
                25.0 if rng.random() < 0.3 else None,
            )
        )
    return sessions, members, limits


def km10(m: Member, s: Session) -> int:
    return 0 if s.channel != IN_PERSON else round(km(m.municipality, s.place) * 10)


def limit(m: Member, limits: Limits) -> float:
    return limits.max_km if m.max_km is None else m.max_km


def open_to(m: Member, s: Session, limits: Limits) -> bool:
    return (
        m.earliest <= s.day <= m.due
        and s.channel in m.accepts
        and (s.channel != IN_PERSON or km10(m, s) <= round(limit(m, limits) * 10))
    )


def fits(s: Session, doubles: int, singles: int, taken: frozenset, limits: Limits) -> bool:
    """Whether ``doubles`` members with two conversations and ``singles`` with one fit in the
    session's free cells (``taken``: (pair, slot) cells already booked): the doubles' cells
    searched one by one, then each pair takes singles into its free cells up to its limit."""
    n_pairs = len(s.pairs)
    gap = limits.max_wait

    def load(p: int, cells: frozenset) -> int:
        return sum(1 for q, _ in cells if q == p)

    @cache  # the doubles are alike: orders that book the same cells meet here once
    def search(left: int, cells: frozenset) -> bool:
        if left == 0:
            room = sum(
                min(limits.per_pair - load(p, cells), s.slots - load(p, cells))
                for p in range(n_pairs)
            )
            return singles <= room
        free = [
            (p, t)
            for p in range(n_pairs)
            for t in range(s.slots)
            if (p, t) not in cells and load(p, cells) < limits.per_pair
        ]
        for a, b in product(free, free):
            wait = (b[1] - a[1] - 1) * s.slot_minutes
            if a[1] < b[1] and wait <= gap:
                both = cells | {a, b}
                within = all(load(p, both) <= limits.per_pair for p in range(n_pairs))
                if within and search(left - 1, both):
                    return True
        return False

    return search(doubles, taken)


def best(sessions: list[Session], members: list[Member], limits: Limits) -> tuple[int, int]:
    """(most placed, fewest km in tenths among those) over every assignment."""

    @cache
    def holds(s: int, who: tuple[int, ...]) -> bool:
        two = sum(1 for m in who if members[m].conversations == 2)
        return fits(sessions[s], two, len(who) - two, frozenset(), limits)

    choices = [
        [None] + [s for s, x in enumerate(sessions) if open_to(m, x, limits)] for m in members
    ]
    top = (0, 0)
    for pick in product(*choices):
        groups: dict[int, tuple[int, ...]] = {}
        for m, s in enumerate(pick):
            if s is not None:
                groups[s] = (*groups.get(s, ()), m)
        if all(holds(s, who) for s, who in groups.items()):
            placed = sum(1 for s in pick if s is not None)
            cost = sum(km10(members[m], sessions[s]) for m, s in enumerate(pick) if s is not None)
            top = max(top, (placed, -cost))
    return top[0], -top[1]


def expected_reason(plan: Plan, m: Member, sessions: Sequence[Session], limits: Limits) -> Reason:
    window = [s for s in sessions if m.earliest <= s.day <= m.due]
    channel = [s for s in window if s.channel in m.accepts]
    near = [s for s in channel if open_to(m, s, limits)]
    two, one = int(m.conversations == 2), int(m.conversations == 1)
    alone = [s for s in near if fits(s, two, one, frozenset(), limits)]
    if not window:
        return Reason.NO_SESSION_BEFORE_DUE
    if not channel:
        return Reason.CHANNEL_NOT_ACCEPTED
    if not near:
        return Reason.TOO_FAR
    if not alone:
        return Reason.NO_ROOM_FOR_TWO
    for s in alone:
        taken = frozenset(
            (s.pairs.index(b.pair), b.slot)
            for a in plan.assignments
            if a.session == s.id
            for b in a.bookings
        )
        assert not fits(s, two, one, taken, limits), (
            f"{m.id} is left out while session {s.id} has room"
        )
    return Reason.SESSIONS_FULL


@pytest.mark.parametrize("seed", range(120))
def test_it_places_as_many_as_brute_force_with_as_few_km(seed: int) -> None:
    sessions, members, limits = random_instance(seed)
    plan = Planner(limits).plan(sessions, members)
    greedy = first_fit(sessions, members, limits)
    assert violations(plan, sessions, members, limits) == []
    assert violations(greedy, sessions, members, limits) == []
    placed, cost = best(sessions, members, limits)
    assert (plan.placed, round(plan.km * 10)) == (placed, cost)
    assert greedy.placed <= plan.placed
    for planned in (plan, greedy):
        for u in planned.unplaced:
            m = next(x for x in members if x.id == u.member)
            assert u.reason == expected_reason(planned, m, sessions, limits), u.message
