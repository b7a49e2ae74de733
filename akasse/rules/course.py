"""Obligations of the contact course, the conversations that meet them, and their status
(rules-reference §3 and §4)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from akasse.rules.labels import CHANNELS, KINDS, OWNERS
from akasse.rules.law import Law, Schedule
from akasse.rules.model import (
    ENDING_EVENTS,
    Channel,
    Conversation,
    Event,
    EventKind,
    Explanation,
    Kind,
    Owner,
    Status,
    Violation,
    ViolationCode,
)

# How the engine's messages write the codes (akasse.rules.labels names them all).
KIND_LABEL = {kind: label.text for kind, label in KINDS.items()}
OWNER_LABEL = {owner: label.text for owner, label in OWNERS.items()}
CHANNEL_LABEL = {channel: label.text for channel, label in CHANNELS.items()}


@dataclass
class Slot:
    """An obligation dated for one case; ``held_on`` is filled in as conversations meet it."""

    kind: Kind
    owner: Owner
    due_by: dt.date | None
    projected: bool
    in_person: bool
    akasse_role: str
    explanation: Explanation
    order: int
    lapsed_in_work: bool = False
    number: int = 0
    held_on: dt.date | None = None


def in_work_on(events: Iterable[Event], day: dt.date) -> bool:
    """In work on ``day``: a job started before it, with no re-registration between that job
    start and ``day`` (both included). rules-reference §4 'lapsed'."""
    starts = [e.date for e in events if e.kind is EventKind.JOB_START and e.date < day]
    if not starts:
        return False
    last_start = max(starts)
    return not any(e.kind is EventKind.REREGISTERED and last_start <= e.date <= day for e in events)


def spell_end(events: Iterable[Event]) -> dt.date | None:
    """The day the member left the fund or moved out of the municipality, if they did."""
    ends = [e.date for e in events if e.kind in ENDING_EVENTS]
    return min(ends) if ends else None


def order_and_number(slots: list[Slot]) -> list[Slot]:
    """Sort by due date (unknown dates last, then schedule order) and number the obligations
    of each kind and owner 1, 2, ... in that order."""
    ordered = sorted(slots, key=lambda s: (s.due_by is None, s.due_by or dt.date.min, s.order))
    counts: dict[tuple[Kind, Owner], int] = {}
    for slot in ordered:
        key = (slot.kind, slot.owner)
        counts[key] = counts.get(key, 0) + 1
        slot.number = counts[key]
    return ordered


def _target(slots: list[Slot], kind: Kind, conversation: Conversation) -> Slot | None:
    """The earliest-due open obligation of ``kind`` this conversation can meet: owned by whoever
    held it (rules-reference §4), not met yet, and not lapsed because the member was in work
    on a due date already passed."""
    for slot in slots:
        if (
            slot.kind is not kind
            or slot.held_on is not None
            or slot.owner is not conversation.owner
        ):
            continue
        if slot.lapsed_in_work and slot.due_by is not None and slot.due_by < conversation.date:
            continue
        return slot
    return None


def _kinds_text(kinds: Iterable[Kind]) -> str:
    return " + ".join(KIND_LABEL[k] for k in kinds)


def _merge_violation(schedule: Schedule, c: Conversation) -> Violation | None:
    if len(c.kinds) > 2:
        return Violation(
            c.date,
            ViolationCode.TOO_MANY_KINDS,
            c.kinds,
            f"{_kinds_text(c.kinds)}: højst to samtaletyper kan slås sammen; samtalen tæller ikke",
        )
    if len(c.kinds) == 2 and frozenset(c.kinds) not in schedule.merges:
        allowed = ", ".join(sorted(_kinds_text(sorted(p)) for p in schedule.merges)) or "ingen"
        return Violation(
            c.date,
            ViolationCode.MERGE_NOT_ALLOWED,
            c.kinds,
            f"{_kinds_text(c.kinds)} må ikke slås sammen i {schedule.regime.value} "
            f"(tilladt: {allowed}); samtalen tæller ikke",
        )
    return None


def judge_conversation(
    law: Law, schedule: Schedule, slots: list[Slot], c: Conversation, end: dt.date | None
) -> Violation | None:
    """Apply one held conversation: mark the obligations it meets, or return why it counts for
    none of its kinds."""
    if end is not None and c.date > end:
        return Violation(
            c.date,
            ViolationCode.AFTER_SPELL_END,
            c.kinds,
            f"samtalen er holdt efter forløbets afslutning {end.isoformat()}; den tæller ikke",
        )
    merge = _merge_violation(schedule, c)
    if merge is not None:
        return merge
    targets = [t for t in (_target(slots, k, c) for k in c.kinds) if t is not None]
    remote_ok = c.channel is Channel.IN_PERSON or law.remote_counts(c.date)
    strict = [t for t in targets if t.in_person and not remote_ok]
    if strict:
        return Violation(
            c.date,
            ViolationCode.CHANNEL_NOT_COUNTED,
            c.kinds,
            f"{_kinds_text(t.kind for t in strict)} nr. {strict[0].number} skal holdes ved "
            f"personligt fremmøde; {CHANNEL_LABEL[c.channel]} tæller kun i covid-19-perioderne "
            "2020-03-01 - 2021-07-31 og 2021-12-19 - 2022-01-31; samtalen tæller ikke",
        )
    for target in targets:
        target.held_on = c.date
    return None


def status_of(slot: Slot, as_of: dt.date, ended: bool) -> Status:
    """Status on the as-of date (rules-reference §4)."""
    if slot.held_on is not None:
        late = slot.due_by is not None and slot.held_on > slot.due_by
        return Status.LATE if late else Status.MET
    if ended or slot.lapsed_in_work:
        return Status.LAPSED
    if slot.due_by is None or as_of <= slot.due_by:
        return Status.DUE
    return Status.OVERDUE
