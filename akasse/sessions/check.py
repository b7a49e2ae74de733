"""An independent check of a plan against its input: every limit the planners promise to hold,
recomputed from the input alone (not from the planners' own tables)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import time

from akasse.dataset.reference import municipality_km

from .model import IN_PERSON, Assignment, Limits, Member, Plan, Session


def violations(
    plan: Plan, sessions: Sequence[Session], members: Sequence[Member], limits: Limits
) -> list[str]:
    """What in ``plan`` breaks a rule: each member once, within their window, in a channel
    they accept, near enough, with the km right; each pair at most ``per_pair`` conversations
    and one at a time; a member's two conversations apart and at most ``max_wait`` between."""
    by_id = {s.id: s for s in sessions}
    who = {m.id: m for m in members}
    out = []
    seen = Counter([a.member for a in plan.assignments] + [u.member for u in plan.unplaced])
    out += [f"member {m!r} is in the plan {n} times" for m, n in seen.items() if n != 1]
    out += [f"member {m!r} is missing from the plan" for m in who if m not in seen]
    cells: Counter[tuple[str, str, int]] = Counter()
    loads: Counter[tuple[str, str]] = Counter()
    for a in plan.assignments:
        session, member = by_id[a.session], who[a.member]
        out += _assignment(a, session, member, limits)
        for b in a.bookings:
            cells[a.session, str(b.pair), b.slot] += 1
            loads[a.session, str(b.pair)] += 1
    out += [
        f"session {s!r}: pair {p} holds two in slot {t}" for (s, p, t), n in cells.items() if n > 1
    ]
    out += [
        f"session {s!r}: pair {p} holds {n} conversations (at most {limits.per_pair})"
        for (s, p), n in loads.items()
        if n > limits.per_pair
    ]
    return out


def _assignment(a: Assignment, session: Session, member: Member, limits: Limits) -> list[str]:
    where = f"member {member.id!r} in session {session.id!r}"
    out = []
    if a.day != session.day:
        out.append(f"{where}: day {a.day} is not the session's")
    if not member.earliest <= session.day <= member.due:
        out.append(f"{where}: the session's day is outside {member.earliest}..{member.due}")
    if session.channel not in member.accepts:
        out.append(f"{where}: channel {session.channel} not accepted")
    km = 0.0
    if session.channel == IN_PERSON:
        codes = (member.municipality, session.place)
        km = round(float(municipality_km(codes)[0, 1]) * 10) / 10
        limit = limits.max_km if member.max_km is None else member.max_km
        if km > limit:
            out.append(f"{where}: {km} km is more than {limit}")
    if abs(a.km - km) > 1e-9:
        out.append(f"{where}: km {a.km} should be {km}")
    return out + _bookings(a, session, member, limits)


def _bookings(a: Assignment, session: Session, member: Member, limits: Limits) -> list[str]:
    where = f"member {member.id!r} in session {session.id!r}"
    out = []
    if len(a.bookings) != member.conversations:
        out.append(f"{where}: {len(a.bookings)} conversations, not {member.conversations}")
    for b in a.bookings:
        if b.pair not in session.pairs or not 0 <= b.slot < session.slots:
            out.append(f"{where}: pair {b.pair} slot {b.slot} is not in the session")
        elif (b.start, b.end) != (session.slot_start(b.slot), session.slot_end(b.slot)):
            out.append(f"{where}: slot {b.slot}'s times are wrong")
    if len(a.bookings) == 2:
        first, second = sorted(a.bookings, key=lambda b: b.start)
        wait = _minutes(second.start) - _minutes(first.end)
        if wait < 0:
            out.append(f"{where}: the two conversations overlap")
        elif wait > limits.max_wait:
            out.append(f"{where}: waits {wait} minutes (at most {limits.max_wait})")
    return out


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute
