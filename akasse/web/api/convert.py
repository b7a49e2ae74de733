"""The database's rows as the API's schemas."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from akasse.web.api import schemas
from akasse.web.casework.models import Conversation, Obligation, Offer, PlanEntry
from akasse.web.jobs.models import Cv
from akasse.web.members.models import Fund, HoursPaid, Spell


def hours_text(hours: Decimal) -> str:
    return f"{hours:.2f}"


def month_text(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def clock(spell: Spell) -> schemas.Clock:
    return schemas.Clock(
        regime=spell.regime,
        transfer_date=spell.clock_transfer_date,
        projected=spell.clock_projected,
        hours_consumed=hours_text(spell.hours_consumed),
    )


def spell(s: Spell) -> schemas.Spell:
    return schemas.Spell(
        id=s.id,
        member_id=s.member_id,
        fund=s.fund_id,
        branch_id=s.branch_id,
        municipality=s.municipality_id,
        first_day=s.first_day,
        insurance=cast(schemas.Insurance, s.insurance),
        trial=s.trial,
        age=s.age,
        transfer_date=s.transfer_date,
        weekly_status=s.weeks,
        status_until=s.status_until,
        caseworker_id=s.caseworker_id,
        clock=clock(s),
    )


def hours(row: HoursPaid) -> schemas.Hours:
    return schemas.Hours(month=month_text(row.month), hours=hours_text(row.hours))


def conversation(c: Conversation) -> schemas.Conversation:
    return schemas.Conversation(
        id=c.id,
        spell_id=c.spell_id,
        kinds=[k for k in c.kinds.split(",") if k],
        title=c.kind_label,
        owner=c.owner,
        channel=c.channel,
        status=cast(schemas.ConversationStatus, c.status),
        booked_on=c.booked_on,
        planned_for=c.planned_for,
        held_on=c.held_on,
        branch_id=c.branch_id,
        caseworker_id=c.caseworker_id,
        participants=c.participants,
        summary=c.summary,
    )


def obligation(o: Obligation) -> schemas.Obligation:
    return schemas.Obligation(
        kind=o.kind,
        number=o.number,
        title=o.label,
        owner=o.owner,
        due_by=o.due_by,
        projected=o.projected,
        status=o.status,
        held_on=o.held_on,
    )


def plan(s: Spell, obligations: list[Obligation]) -> schemas.Plan:
    return schemas.Plan(
        spell_id=s.id,
        planned_on=max((o.planned_on for o in obligations), default=None),
        clock=clock(s),
        obligations=[obligation(o) for o in obligations],
    )


def plan_entry(e: PlanEntry) -> schemas.PlanEntry:
    return schemas.PlanEntry(
        id=e.id,
        kind=cast(schemas.PlanEntryKind, e.kind),
        title=str(PlanEntry.Kind(e.kind).label),
        text=e.text,
        conversation_id=e.conversation_id,
        created_at=e.created_at,
    )


def offer(o: Offer) -> schemas.Offer:
    """``o`` with its offer type."""
    return schemas.Offer(
        id=o.id,
        spell_id=o.spell_id,
        offer_type=o.offer_type_id,
        name=o.offer_type.name,
        source=o.offer_type.source,
        requested_on=o.requested_on,
        granted_on=o.granted_on,
        started_on=o.started_on,
        requested_at=o.requested_at,
        decided_at=o.decided_at,
        pending=o.pending,
        refused=o.refused,
    )


def cv(c: Cv | None) -> schemas.Cv | None:
    if c is None:
        return None
    return schemas.Cv(
        updated_on=c.updated_on,
        searchable=c.searchable,
        wish_text=c.wish_text,
        wished_disco=_codes(c.wished_disco),
        education_level=c.education_level,
        education_field=c.education_field,
        skills=_codes(c.skills),
        driving_licence=c.driving_licence,
        languages=_codes(c.languages),
        hours_wished=c.hours_wished,
        max_travel_km=c.max_travel_km,
        jobs=[
            schemas.CvJob(
                disco=j.disco,
                title=j.title,
                employer=j.employer,
                from_date=j.from_date,
                to_date=j.to_date,
            )
            for j in c.jobs.order_by("-from_date", "id")
        ],
    )


def _codes(text: str) -> list[str]:
    """A comma-separated list of codes as stored."""
    return [code for code in text.split(",") if code]


def sender(fund: Fund) -> schemas.Party:
    return schemas.Party(name=fund.name, lines=fund.letterhead())
