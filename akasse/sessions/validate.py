"""The input checked whole before anything is planned: every problem found is listed in one
error, each saying which session or member, what is wrong and how to put it right."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, time
from itertools import pairwise

from akasse.dataset.reference import places

from .model import CHANNELS, Limits, Member, Session

SHOWN = 20  # problems listed in the message; the rest are counted


class SessionsError(ValueError):
    """The planner's input is not as documented; ``problems`` lists every finding."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        more = len(self.problems) - SHOWN
        lines = list(self.problems[:SHOWN]) + ([f"... and {more} more"] if more > 0 else [])
        super().__init__("the session plan's input is not valid:\n  " + "\n  ".join(lines))


def validate(sessions: Sequence[Session], members: Sequence[Member], limits: Limits) -> None:
    """Raise SessionsError listing every problem of the input; return None when it is valid."""
    known = frozenset(places()["code"])
    problems = _limits(limits)
    problems += _duplicates("session", [s.id for s in sessions])
    problems += _duplicates("member", [m.id for m in members])
    for s in sessions:
        problems += _session(s, known)
    problems += _overlaps(sessions)
    for m in members:
        problems += _member(m, known)
    if problems:
        raise SessionsError(problems)


def _limits(limits: Limits) -> list[str]:
    out = []
    if limits.per_pair < 1:
        out.append(f"limits: per_pair {limits.per_pair}: give 1 or more conversations")
    if limits.max_wait < 0:
        out.append(f"limits: max_wait {limits.max_wait}: give 0 or more minutes")
    if not limits.max_km >= 0:
        out.append(f"limits: max_km {limits.max_km}: give 0 or more km")
    return out


def _duplicates(what: str, ids: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for i in ids:
        if not isinstance(i, str) or not i:
            out.append(f"{what} id {i!r}: give a non-empty text")
        elif i in seen:
            out.append(f"{what} {i!r}: the id is used twice; give each {what} its own")
        seen.add(i)
    return out


def _session(s: Session, known: frozenset[str]) -> list[str]:
    where = f"session {s.id!r}"
    if not isinstance(s.day, date) or not isinstance(s.start, time):
        return [f"{where}: day must be a date and start a time (got {s.day!r}, {s.start!r})"]
    out = []
    if s.place not in known:
        out.append(f"{where}: place {s.place!r} is not a municipality code (e.g. '0751')")
    if s.channel not in CHANNELS:
        out.append(f"{where}: channel {s.channel!r}: choose one of {', '.join(CHANNELS)}")
    if not s.pairs:
        out.append(f"{where}: no pairs; give at least one (jobcentre consultant, caseworker)")
    people = [p for pair in s.pairs for p in (pair.jobcentre, pair.fund)]
    twice = sorted({p for p in people if people.count(p) > 1})
    if twice:
        out.append(f"{where}: {', '.join(twice)} in two pairs at once; give each pair its own")
    if s.slots < 1 or s.slot_minutes < 1:
        out.append(f"{where}: slots {s.slots} of {s.slot_minutes} minutes: give 1 or more of each")
    elif _minutes(s.start) + s.slots * s.slot_minutes > 24 * 60:
        out.append(f"{where}: {s.slots} slots of {s.slot_minutes} minutes run past midnight")
    return out


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def _overlaps(sessions: Sequence[Session]) -> list[str]:
    """Sessions of the same day whose times overlap and who share a consultant."""
    held: dict[tuple[date, str], list[Session]] = defaultdict(list)
    for s in sessions:
        if isinstance(s.day, date) and isinstance(s.start, time):
            for person in {p for pair in s.pairs for p in (pair.jobcentre, pair.fund)}:
                held[s.day, person].append(s)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (_, person), those in held.items():
        ordered = sorted(those, key=lambda s: (s.start, s.id))
        for a, b in pairwise(ordered):
            if _minutes(b.start) < _minutes(a.start) + a.slots * a.slot_minutes:
                shared[a.id, b.id].add(person)
    return [
        f"sessions {a!r} and {b!r}: their times overlap and {', '.join(sorted(people))} "
        "would be in both; give one of them other pairs"
        for (a, b), people in sorted(shared.items())
    ]


def _member(m: Member, known: frozenset[str]) -> list[str]:
    where = f"member {m.id!r}"
    if not isinstance(m.earliest, date) or not isinstance(m.due, date):
        return [f"{where}: earliest and due must be dates (got {m.earliest!r}, {m.due!r})"]
    out = []
    if m.municipality not in known:
        out.append(f"{where}: municipality {m.municipality!r} is not a municipality code")
    if m.due < m.earliest:
        out.append(
            f"{where}: due {m.due.isoformat()} is before earliest {m.earliest.isoformat()}; "
            "give a due date on or after the earliest"
        )
    if not m.accepts or not set(m.accepts) <= set(CHANNELS):
        out.append(
            f"{where}: accepts {sorted(m.accepts)}: give one or more of {', '.join(CHANNELS)}"
        )
    if m.conversations not in (1, 2):
        out.append(f"{where}: conversations {m.conversations}: give 1 or 2")
    if m.max_km is not None and not m.max_km >= 0:
        out.append(f"{where}: max_km {m.max_km}: give 0 or more km, or None for the limits'")
    return out
