"""Obligations, conversations and statuses of many spells at once (the batch twin of
``course.py`` and ``schedule.py``). Arrays are [spell, slot]; slots are sorted per spell as
``course.order_and_number`` sorts them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from akasse.rules.law import Law
from akasse.rules.model import Kind, Owner, Regime, Status, ViolationCode
from akasse.rules.vector import I8, I32, I64, NO_DATE, Bools, EventIndex, period_end

REGIMES = list(Regime)
KINDS = list(Kind)
OWNERS = list(Owner)
STATUSES = list(Status)
CODES = list(ViolationCode)
ROLES = ["owner", "participates", "optional_participation", "none", "unless_member_opts_out"]
DUE_DAYS, DUE_MONTHS, DUE_TRANSFER, DUE_SPECIAL = range(4)
_DUE_TYPE = {"days": DUE_DAYS, "months": DUE_MONTHS, "transfer": DUE_TRANSFER}


@dataclass
class Template:
    """Every regime's schedule as arrays [regime, slot]; the last slot of each regime is the
    special effort."""

    valid: Bools
    kind: I8
    owner: I8
    due_type: I64
    due_n: I64
    in_person: Bools
    role: I8  # index into ROLES
    merges: Bools  # [regime, kind bitmask]
    number: I8 = field(default_factory=lambda: np.zeros((0, 0), np.int8))

    @classmethod
    def build(cls, law: Law) -> Template:
        width = max(len(law.schedules[r].slots) for r in REGIMES) + 1
        shape = (len(REGIMES), width)
        t = cls(
            np.zeros(shape, np.bool_),
            np.full(shape, -1, np.int8),
            np.zeros(shape, np.int8),
            np.zeros(shape, np.int8),
            np.zeros(shape, np.int64),
            np.zeros(shape, np.bool_),
            np.zeros(shape, np.int8),
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
                t.role[r, s] = ROLES.index(rule.akasse_role)
            s = len(schedule.slots)
            t.valid[r, s] = True
            t.kind[r, s] = KINDS.index(Kind.JOINT)
            t.owner[r, s] = OWNERS.index(Owner.JOBCENTER)
            t.due_type[r, s] = DUE_SPECIAL
            t.in_person[r, s] = schedule.special_effort_in_person
            t.role[r, s] = ROLES.index("unless_member_opts_out")
            for pair in schedule.merges:
                t.merges[r, sum(1 << KINDS.index(k) for k in pair)] = True
        t.number = numbers(t.valid, t.kind, t.owner)
        return t


@dataclass
class Slots:
    """Dated obligations of every spell, [spell, slot], sorted and numbered."""

    valid: Bools
    kind: I8
    owner: I8
    due: I32  # days since 1970, NO_DATE when unknown
    projected: Bools
    in_person: Bools
    role: I8
    number: I8
    lapsed: Bools
    held: I32


def date_slots(
    t: Template,
    regime: I64,
    first_day: I64,
    transfer: tuple[I64, Bools],
    special: tuple[I64, Bools],
    special_from: int,
) -> Slots:
    """``schedule.dated_slots`` + ``course.order_and_number`` for every spell, regime by regime
    and slot by slot (each slot of a regime has one due rule)."""
    shape = (regime.size, t.valid.shape[1])
    slots = Slots(
        t.valid[regime],
        t.kind[regime],
        t.owner[regime],
        np.full(shape, NO_DATE, np.int32),
        np.zeros(shape, np.bool_),
        t.in_person[regime],
        t.role[regime],
        t.number[regime],
        np.zeros(shape, np.bool_),
        np.full(shape, NO_DATE, np.int32),
    )
    month_offsets = {int(n) for n in t.due_n[t.due_type == DUE_MONTHS]}
    ends = {n: period_end(first_day, n) for n in month_offsets}
    for r in range(len(REGIMES)):
        rows = np.flatnonzero(regime == r)
        for s in np.flatnonzero(t.valid[r]) if rows.size else []:
            due_type, n = t.due_type[r, s], int(t.due_n[r, s])
            if due_type == DUE_DAYS:
                slots.due[rows, s] = first_day[rows] + n
            elif due_type == DUE_MONTHS:
                slots.due[rows, s] = ends[n][rows]
            else:
                dates, flags = transfer if due_type == DUE_TRANSFER else special
                slots.due[rows, s] = dates[rows]
                slots.projected[rows, s] = flags[rows]
            if due_type == DUE_SPECIAL:
                slots.valid[rows, s] = slots.due[rows, s] >= special_from
    _sort_by_due(slots)
    return slots


def _sort_by_due(slots: Slots) -> None:
    """Order each spell's slots by due date, unknown dates and unused slots last, ties in
    schedule order, and renumber them. Schedules are written in due order, so only spells
    whose dates came out otherwise (odd hours) need it."""
    rows = np.flatnonzero((np.diff(slots.due, axis=1) < 0).any(axis=1))
    if not rows.size:
        return
    position = np.arange(slots.valid.shape[1], dtype=np.int64)
    due = slots.due[rows].astype(np.int64)
    key = np.where(slots.valid[rows], due * 64 + position, np.iinfo(np.int64).max)
    order = np.argsort(key, axis=1, kind="stable")
    for name in ("valid", "kind", "owner", "due", "projected", "in_person", "role"):
        array = getattr(slots, name)
        array[rows] = np.take_along_axis(array[rows], order, axis=1)
    slots.number[rows] = numbers(slots.valid[rows], slots.kind[rows], slots.owner[rows])


def numbers(valid: Bools, kind: I8, owner: I8) -> I8:
    """1, 2, ... among the slots of the same kind and owner, in slot order."""
    group = np.where(valid, kind.astype(np.int16) * len(OWNERS) + owner, -1)
    number = np.ones(group.shape, np.int8)
    for s in range(1, group.shape[1]):
        number[:, s] += (group[:, :s] == group[:, s : s + 1]).sum(axis=1)
    return number


def mark_lapsed(slots: Slots, events: EventIndex) -> None:
    """``lapsed_in_work``: the member was in work on the slot's due date."""
    if not events.starts.size:
        return
    spell = np.broadcast_to(np.arange(slots.due.shape[0])[:, None], slots.due.shape)
    known = slots.valid & (slots.due < NO_DATE)
    slots.lapsed[known] = events.in_work_on(
        spell[known].astype(np.int64), slots.due[known].astype(np.int64)
    )


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

    def slice(self, start: int, stop: int) -> Conversations:
        """The conversations of spells ``start`` to ``stop``, renumbered from 0."""
        first, last = np.searchsorted(self.spell, [start, stop])
        part = slice(first, last)
        return Conversations(
            self.spell[part] - start,
            self.day[part],
            self.mask[part],
            self.count[part],
            self.in_person[part],
            self.owner[part],
            self.rank[part],
        )


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
        # The slots still open to this conversation, whatever their kind (gathered once).
        open_any = (
            slots.valid[sp]
            & (slots.held[sp] == NO_DATE)
            & ~(slots.lapsed[sp] & (slots.due[sp] < day[:, None]))
            & (slots.owner[sp] == conv.owner[rows][:, None])
        )
        kind_of = slots.kind[sp]
        for k in range(len(KINDS)):
            open_ = open_any & (kind_of == k)
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


def statuses(slots: Slots, as_of: I64, ended: Bools) -> I8:
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
    return np.select(conditions, choices, default=STATUSES.index(Status.OVERDUE)).astype(np.int8)
