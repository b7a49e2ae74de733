"""The bridge to the rules engine: a spell in the database becomes a ``rules.Case``; its plan is
stored as ``Obligation`` rows (and the clock on the spell) so that worklists can query them.

One spell is planned with ``plan`` (with explanations) whenever something changes; all spells
are planned with ``plan_frame`` after a load and each night (``akasse replan``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache

import polars as pl
from django.db import transaction
from django.db.models import DateField, IntegerField

from akasse.rules import (
    Case,
    Channel,
    Event,
    Insurance,
    Kind,
    Member,
    Owner,
    Plan,
    PlanFrame,
    Reference,
    load_reference,
    plan,
    plan_frame,
)
from akasse.rules import Conversation as RuleConversation
from akasse.rules.dates import month_of
from akasse.rules.frame_tables import (
    EXACT_HOURS,
    FrameTables,
    case_events,
    conversations_table,
    hours_table,
    job_events,
    jobs_table,
    spells_table,
)
from akasse.rules.model import hours_from_decimal, hours_to_decimal
from akasse.web.casework.models import Conversation, Obligation
from akasse.web.members.models import Employment, HoursPaid, Spell
from akasse.web.prepared import Param, Prepared

Progress = Callable[[int, int], None]
# A spell's hours paid up to a day; run whenever a case is planned.
HOURS: Prepared[HoursPaid] = Prepared(
    lambda: HoursPaid.objects.filter(
        spell_id=Param("spell", IntegerField()), month__lte=Param("as_of", DateField())
    ).values_list("month", "hours")
)


@cache
def reference() -> Reference:
    return load_reference()


def rule_conversation(c: Conversation, day: dt.date | None = None) -> RuleConversation:
    return RuleConversation(
        day or c.held_on or c.planned_for,
        tuple(Kind(k) for k in c.kinds.split(",")),
        Channel(c.channel),
        Owner(c.owner),
    )


def events(jobs: Iterable[Employment]) -> tuple[Event, ...]:
    """The rules engine's events from the jobs taken during the spell."""
    return case_events(
        (job.start_date, job.end_date) for job in jobs if job.kind == Employment.Kind.DURING
    )


def case_for(
    spell: Spell,
    as_of: dt.date,
    extra: Iterable[RuleConversation] = (),
    *,
    conversations: Iterable[Conversation] | None = None,
    jobs: Iterable[Employment] | None = None,
) -> Case:
    """The case as the fund knows it on ``as_of``: hours paid, held conversations, jobs.

    A caller that already holds the spell's conversations or employment (all of them, any
    status) passes them in and saves the queries; what counts on ``as_of`` is picked here."""
    hours = {
        month_of(month): hours_from_decimal(paid)
        for month, paid in HOURS.rows(spell=spell.id, as_of=as_of)
    }
    if conversations is None:
        conversations = Conversation.objects.filter(
            spell=spell, status=Conversation.Status.HELD, held_on__lte=as_of
        )
    held = [
        rule_conversation(c)
        for c in conversations
        if c.status == Conversation.Status.HELD and c.held_on is not None and c.held_on <= as_of
    ]
    if jobs is None:
        jobs = Employment.objects.filter(spell=spell, start_date__lte=as_of)
    return Case(
        as_of=as_of,
        member=Member(
            spell.member.birth_date,
            Insurance(spell.insurance),
            spell.fund_id,
            spell.municipality_id,
        ),
        first_day=spell.first_day,
        hours_paid=hours,
        trial=spell.trial,
        conversations=tuple(sorted([*held, *extra], key=lambda c: c.date)),
        events=events(job for job in jobs if job.start_date <= as_of),
    )


def plan_spell(
    spell: Spell,
    as_of: dt.date,
    *,
    conversations: Iterable[Conversation] | None = None,
    jobs: Iterable[Employment] | None = None,
) -> Plan:
    return plan(
        case_for(spell, as_of, conversations=conversations, jobs=jobs), reference=reference()
    )


@transaction.atomic
def replan(spell: Spell, as_of: dt.date) -> Plan:
    """Plan one spell and store its obligations and clock."""
    result = plan_spell(spell, as_of)
    Obligation.objects.filter(spell=spell).delete()
    Obligation.objects.bulk_create(
        Obligation(
            spell=spell,
            kind=o.kind.value,
            number=o.number,
            owner=o.owner.value,
            due_by=o.due_by,
            projected=o.projected,
            status=o.status.value,
            held_on=o.held_on,
            planned_on=as_of,
        )
        for o in result.obligations
    )
    _set_clock(
        spell,
        result.regime.value,
        result.transfer_date,
        result.projected,
        hours_to_decimal(result.hours_consumed),
    )
    spell.save(update_fields=CLOCK_FIELDS)
    return result


# The spell's fields that hold its clock, as ``_set_clock`` writes them.
CLOCK_FIELDS = [
    "regime",
    "clock_transfer_date",
    "clock_projected",
    "transfer_date",
    "hours_consumed",
    "status_until",
]


def _set_clock(
    spell: Spell, regime: str, transfer: dt.date | None, projected: bool, consumed: Decimal
) -> None:
    """The plan's clock on the spell: the transfer date is the spell's own once it is no
    longer projected; the status runs to the last week registered."""
    spell.regime = regime
    spell.clock_transfer_date = transfer
    spell.clock_projected = projected
    spell.transfer_date = None if projected else transfer
    spell.hours_consumed = consumed
    spell.status_until = spell.week_span()


def _frames(spell_ids: list[int], as_of: dt.date) -> FrameTables:
    """``plan_frame``'s tables for the spells as the fund knows them on ``as_of``; hours stay
    the database's decimals (docs/rules.md, the hours' route)."""
    spells = spells_table(
        (spell_id, as_of, *rest)
        for spell_id, *rest in Spell.objects.filter(id__in=spell_ids).values_list(
            "id", "first_day", "insurance", "fund_id", "municipality_id", "trial"
        )
    )
    hours = hours_table(
        HoursPaid.objects.filter(spell_id__in=spell_ids, month__lte=as_of).values_list(
            "spell_id", "month", "hours"
        ),
        EXACT_HOURS,
    )
    held = conversations_table(
        (s, d, k.split(","), ch, o)
        for s, d, k, ch, o in Conversation.objects.filter(
            spell_id__in=spell_ids, status=Conversation.Status.HELD, held_on__lte=as_of
        ).values_list("spell_id", "held_on", "kinds", "channel", "owner")
    )
    jobs = jobs_table(
        Employment.objects.filter(
            spell_id__in=spell_ids, kind=Employment.Kind.DURING, start_date__lte=as_of
        ).values_list("spell_id", "start_date", "end_date")
    )
    return FrameTables(spells, hours, held, job_events(jobs))


def replan_all(as_of: dt.date, progress: Progress | None = None, chunk: int = 5000) -> int:
    """Plan every spell with the batch path and store obligations and clocks.

    All of it in one transaction: stopped half-way (killed, or a database error), the
    database is as before, never some spells planned as of ``as_of`` and others not, and
    running it again does the whole. Readers are not held up meanwhile; on PostgreSQL a
    caseworker's change to a spell already written waits for the commit, and on SQLite every
    other writer waits for it."""
    ids = list(Spell.objects.order_by("id").values_list("id", flat=True))
    with transaction.atomic():
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            _store(plan_frame(*_frames(part, as_of), reference=reference()), part, as_of)
            if progress:
                progress(min(start + chunk, len(ids)), len(ids))
    return len(ids)


@transaction.atomic
def _store(result: PlanFrame, ids: list[int], as_of: dt.date) -> None:
    Obligation.objects.filter(spell_id__in=ids).delete()
    rows = result.obligations.select(
        "spell_id", "kind", "number", "owner", "due_by", "projected", "status", "held_on"
    ).with_columns(pl.col(c).cast(pl.String) for c in ("kind", "owner", "status"))
    Obligation.objects.bulk_create(
        (
            Obligation(
                spell_id=r[0],
                kind=r[1],
                number=r[2],
                owner=r[3],
                due_by=r[4],
                projected=r[5],
                status=r[6],
                held_on=r[7],
                planned_on=as_of,
            )
            for r in rows.iter_rows()
        ),
        batch_size=5000,
    )
    clocks = {
        r[0]: r[1:]
        for r in result.spells.select(
            "spell_id",
            pl.col("regime").cast(pl.String),
            "transfer_date",
            "projected",
            "hours_consumed",
        ).iter_rows()
    }
    spells = list(Spell.objects.filter(id__in=ids).only("id", "first_day", "weeks"))
    for spell in spells:
        regime, transfer, projected, consumed = clocks[spell.id]
        _set_clock(spell, regime, transfer, bool(projected), consumed)
    Spell.objects.bulk_update(spells, CLOCK_FIELDS, batch_size=2000)
