"""Obligations, conversations and statuses of many spells at once (the batch twin of
``course.py`` and ``schedule.py``). Arrays are [spell, slot]; slots are sorted per spell as
``course.order_and_number`` sorts them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akasse.rules.law import Law
from akasse.rules.model import Kind, Owner, Regime, Status, ViolationCode
from akasse.rules.vector import I64, NO_DATE, Bools, EventIndex, period_end

REGIMES = list(Regime)
KINDS = list(Kind)
OWNERS = list(Owner)
STATUSES = list(Status)
CODES = list(ViolationCode)
DUE_DAYS, DUE_MONTHS, DUE_TRANSFER, DUE_SPECIAL = range(4)
_DUE_TYPE = {"days": DUE_DAYS, "months": DUE_MONTHS, "transfer": DUE_TRANSFER}


@dataclass
class Template:
    """Every regime's schedule as arrays [regime, slot]; the last slot of each regime is the
    special effort."""

    valid: Bools
    kind: I64
    owner: I64
    due_type: I64
    due_n: I64
    in_person: Bools
    role: np.ndarray
    merges: Bools  # [regime, kind bitmask]

    @classmethod
    def build(cls, law: Law) -> Template:
        width = max(len(law.schedules[r].slots) for r in REGIMES) + 1
        shape = (len(REGIMES), width)
        t = cls(
            np.zeros(shape, np.bool_),
            np.full(shape, -1, np.int64),
            np.zeros(shape, np.int64),
            np.zeros(shape, np.int64),
            np.zeros(shape, np.int64),
            np.zeros(shape, np.bool_),
            np.full(shape, "", dtype=object),
            np.zeros((len(REGIMES), 16), np.bool_),
        )
        for r, regime in enumerate(REGIMES):
            schedule = law.schedules[regime]
            for s, rule in enumerate(schedule.slots):
                t.valid[r, s] = True
                t.kind[r, s] = KINDS.index(rule.kind)
                t.owner[r, s] = OWNERS.index(rule.owner)
                t.due_type[r, s] = _DUE_TYPE[rule.due[0]]
                t.due_n[r, s] = rule.due[1]
                t.in_person[r, s] = rule.in_person
                t.role[r, s] = rule.akasse_role
            s = len(schedule.slots)
            t.valid[r, s] = True
            t.kind[r, s] = KINDS.index(Kind.JOINT)
            t.owner[r, s] = OWNERS.index(Owner.JOBCENTER)
            t.due_type[r, s] = DUE_SPECIAL
            t.in_person[r, s] = schedule.special_effort_in_person
            t.role[r, s] = "unless_member_opts_out"
            for pair in schedule.merges:
                t.merges[r, sum(1 << KINDS.index(k) for k in pair)] = True
        return t


@dataclass
class Slots:
    """Dated obligations of every spell, [spell, slot], sorted and numbered."""

    valid: Bools
    kind: I64
    owner: I64
    due: I64
    projected: Bools
    in_person: Bools
    role: np.ndarray
    number: I64
    lapsed: Bools
    held: I64


def date_slots(
    t: Template,
    regime: I64,
    first_day: I64,
    transfer: tuple[I64, Bools],
    special: tuple[I64, Bools],
    special_from: int,
) -> Slots:
    """``schedule.dated_slots`` + ``course.order_and_number`` for every spell."""
    valid = t.valid[regime]
    due_type, due_n = t.due_type[regime], t.due_n[regime]
    due = np.full(valid.shape, NO_DATE, dtype=np.int64)
    days = due_type == DUE_DAYS
    due[days] = (first_day[:, None] + due_n)[days]
    for months in np.unique(due_n[due_type == DUE_MONTHS]):
        where = (due_type == DUE_MONTHS) & (due_n == months)
        due[where] = np.broadcast_to(period_end(first_day, int(months))[:, None], due.shape)[where]
    for kind, (dates, _) in ((DUE_TRANSFER, transfer), (DUE_SPECIAL, special)):
        where = due_type == kind
        due[where] = np.broadcast_to(dates[:, None], due.shape)[where]
    projected = ((due_type == DUE_TRANSFER) & transfer[1][:, None]) | (
        (due_type == DUE_SPECIAL) & special[1][:, None]
    )
    valid = valid & ~((due_type == DUE_SPECIAL) & (due < special_from))
    position = np.arange(valid.shape[1], dtype=np.int64)
    key = np.where(valid, due * 64 + position, np.iinfo(np.int64).max)
    order = np.argsort(key, axis=1, kind="stable")

    def take(a: np.ndarray) -> np.ndarray:
        return np.take_along_axis(a, order, axis=1)

    slots = Slots(
        take(valid),
        take(t.kind[regime]),
        take(t.owner[regime]),
        take(due),
        take(projected),
        take(t.in_person[regime]),
        take(t.role[regime]),
        np.zeros(valid.shape, np.int64),
        np.zeros(valid.shape, np.bool_),
        np.full(valid.shape, NO_DATE, np.int64),
    )
    for k in range(len(KINDS)):
        for o in range(len(OWNERS)):
            mask = slots.valid & (slots.kind == k) & (slots.owner == o)
            slots.number = np.where(mask, np.cumsum(mask, axis=1), slots.number)
    return slots


def mark_lapsed(slots: Slots, events: EventIndex) -> None:
    spell = np.broadcast_to(np.arange(slots.due.shape[0])[:, None], slots.due.shape)
    known = slots.valid & (slots.due < NO_DATE)
    slots.lapsed[known] = events.in_work_on(spell[known].astype(np.int64), slots.due[known])


@dataclass
class Conversations:
    """Conversations sorted by spell and date; ``rank`` is the position within the spell."""

    spell: I64
    day: I64
    mask: I64  # bit per kind
    count: I64  # number of kinds
    in_person: Bools
    owner: I64
    rank: I64


def judge(
    law: Law,
    t: Template,
    slots: Slots,
    regime: I64,
    end: I64,
    conv: Conversations,
    remote_ok: Bools,
) -> I64:
    """``course.judge_conversation`` for every conversation, rank by rank; returns the
    violation code index per conversation (-1 where it counted)."""
    code = np.full(conv.spell.shape, -1, dtype=np.int64)
    for rank in range(int(conv.rank.max()) + 1 if conv.rank.size else 0):
        rows = np.flatnonzero(conv.rank == rank)
        sp, day = conv.spell[rows], conv.day[rows]
        bad = np.full(rows.shape, -1, dtype=np.int64)
        merge_ok = (conv.count[rows] == 1) | t.merges[regime[sp], conv.mask[rows]]
        bad[~merge_ok] = CODES.index(ViolationCode.MERGE_NOT_ALLOWED)
        bad[conv.count[rows] > 2] = CODES.index(ViolationCode.TOO_MANY_KINDS)
        bad[day > end[sp]] = CODES.index(ViolationCode.AFTER_SPELL_END)
        targets = []
        strict = np.zeros(rows.shape, np.bool_)
        for k in range(len(KINDS)):
            open_ = (
                slots.valid[sp]
                & (slots.kind[sp] == k)
                & (slots.held[sp] == NO_DATE)
                & ~(slots.lapsed[sp] & (slots.due[sp] < day[:, None]))
            )
            if KINDS[k] is not Kind.JOINT:
                open_ &= slots.owner[sp] == conv.owner[rows][:, None]
            has = ((conv.mask[rows] >> k) & 1).astype(np.bool_) & open_.any(axis=1)
            target = open_.argmax(axis=1)
            strict |= has & slots.in_person[sp, target] & ~remote_ok[rows]
            targets.append((has, target))
        bad[(bad < 0) & strict] = CODES.index(ViolationCode.CHANNEL_NOT_COUNTED)
        ok = bad < 0
        for has, target in targets:
            hit = ok & has
            slots.held[sp[hit], target[hit]] = day[hit]
        code[rows] = bad
    return code


def statuses(slots: Slots, as_of: I64, ended: Bools) -> I64:
    """``course.status_of`` for every slot, as indices into ``Status``."""
    held = slots.held < NO_DATE
    late = held & (slots.due < NO_DATE) & (slots.held > slots.due)
    conditions = [
        held & late,
        held,
        ended[:, None] | slots.lapsed,
        (slots.due == NO_DATE) | (as_of[:, None] <= slots.due),
    ]
    choices = [STATUSES.index(s) for s in (Status.LATE, Status.MET, Status.LAPSED, Status.DUE)]
    return np.select(conditions, choices, default=STATUSES.index(Status.OVERDUE)).astype(np.int64)
