"""The checked input in the shape both planners use: sessions in time order, the km from each
member to each session, and for each member the sessions they can attend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from akasse.dataset.reference import municipality_km

from .model import IN_PERSON, Limits, Member, Session
from .validate import validate


@dataclass(frozen=True)
class Instance:
    """``sessions`` sorted by (day, start, id); ``members`` as given. ``km10[m, s]``: the km
    member m travels one way to session s, in whole tenths (0 for phone and video), the unit
    of the objective. ``options[m]``: the sessions member m can attend (in the window, a
    channel they accept, near enough, room for their conversations), in time order."""

    sessions: tuple[Session, ...]
    members: tuple[Member, ...]
    limits: Limits
    km10: np.ndarray
    options: tuple[tuple[int, ...], ...]

    def capacity(self, s: int) -> int:
        """Conversations session s can hold: each pair at most per_pair, one per slot."""
        session = self.sessions[s]
        return len(session.pairs) * min(self.limits.per_pair, session.slots)

    def wait_slots(self, s: int) -> int:
        """Slots that may lie between a member's two conversations (the wait held)."""
        return self.limits.max_wait // self.sessions[s].slot_minutes

    def patterns(self, s: int) -> tuple[tuple[int, int], ...]:
        """The slot pairs (first, second) two conversations of one member may take."""
        last = self.sessions[s].slots
        return tuple(
            (a, b) for a in range(last) for b in range(a + 1, min(last, a + 2 + self.wait_slots(s)))
        )

    def needs_patterns(self, s: int) -> bool:
        """Whether the slots can keep members with two conversations out of session s when
        its capacity does not: never while every one of them fits in two neighbouring slots
        (no wait) of its own, i.e. while pairs x (slots // 2) >= capacity // 2."""
        session = self.sessions[s]
        return len(session.pairs) * (session.slots // 2) < self.capacity(s) // 2

    def max_km(self, m: int) -> float:
        own = self.members[m].max_km
        return self.limits.max_km if own is None else own

    def in_window(self, m: int, s: int) -> bool:
        member, session = self.members[m], self.sessions[s]
        return member.earliest <= session.day <= member.due

    def channel_ok(self, m: int, s: int) -> bool:
        return self.sessions[s].channel in self.members[m].accepts

    def near(self, m: int, s: int) -> bool:
        return self.sessions[s].channel != IN_PERSON or self.km10[m, s] <= round(
            self.max_km(m) * 10
        )

    def has_room(self, m: int, s: int) -> bool:
        """A session with one slot, or room for one conversation only, cannot hold two."""
        return self.members[m].conversations == 1 or (
            self.sessions[s].slots >= 2 and self.capacity(s) >= 2
        )

    def order(self) -> list[int]:
        """Members by due date, then earliest, then id: the order first-fit takes them in."""
        return sorted(
            range(len(self.members)),
            key=lambda m: (self.members[m].due, self.members[m].earliest, self.members[m].id),
        )


def prepare(sessions: Sequence[Session], members: Sequence[Member], limits: Limits) -> Instance:
    validate(sessions, members, limits)
    ordered = tuple(sorted(sessions, key=lambda s: (s.day, s.start, s.id)))
    people = tuple(members)
    codes = tuple(sorted({s.place for s in ordered} | {m.municipality for m in people}))
    where = {c: i for i, c in enumerate(codes)}
    km = municipality_km(codes) if codes else np.zeros((0, 0))
    rows = np.array([where[m.municipality] for m in people], dtype=np.int64)
    cols = np.array([where[s.place] for s in ordered], dtype=np.int64)
    km10 = np.rint(km[np.ix_(rows, cols)] * 10).astype(np.int64)
    in_person = np.array([s.channel == IN_PERSON for s in ordered], dtype=bool)
    km10[:, ~in_person] = 0
    draft = Instance(ordered, people, limits, km10, ())
    options = tuple(
        tuple(
            s
            for s in range(len(ordered))
            if draft.in_window(m, s)
            and draft.channel_ok(m, s)
            and draft.near(m, s)
            and draft.has_room(m, s)
        )
        for m in range(len(people))
    )
    return Instance(ordered, people, limits, km10, options)
