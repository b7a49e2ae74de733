"""Spells, and what the case page shows of each: conversations, the plan with its
obligations as last stored, Min Plan and the handover to the jobcentre."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Field, P, PathEx, Query, Router

from akasse.web.access import scoped
from akasse.web.api import convert, schemas
from akasse.web.api.auth import needs
from akasse.web.api.errors import READ_ERRORS, NotFound
from akasse.web.api.pages import MAX_ID, PageQuery, window
from akasse.web.api.reads import audited
from akasse.web.api.schemas import IsoDate
from akasse.web.casework.models import Conversation, Obligation, Offer, PlanEntry
from akasse.web.clock import today
from akasse.web.jobs.models import Cv
from akasse.web.members.models import Spell

router = Router(tags=["Forløb"])
SpellId = PathEx[int, P(ge=1, le=MAX_ID, description="Forløbets id.")]


def spell_in_scope(request: HttpRequest, spell_id: int, *related: str) -> Spell:
    """The spell through ``akasse.web.access``, or 404 whether it does not exist or lies
    outside the organisation's cases."""
    try:
        return scoped(request).spell(spell_id, *related)
    except Http404:
        raise NotFound(f"Forløb {spell_id} findes ikke blandt organisationens sager.") from None


class SpellQuery(PageQuery):
    member_id: int | None = Field(None, ge=1, le=MAX_ID, description="Kun medlemmets forløb.")
    municipality: str | None = Field(None, pattern=r"^\d{4}$", description="Bopælskommunen.")
    branch_id: int | None = Field(None, ge=1, le=MAX_ID, description="Afdelingen.")
    trial: bool | None = Field(None, description="Forsøgsdeltagere (true) eller ej (false).")
    first_day_from: IsoDate | None = Field(None, description="Første ledighedsdag fra.")
    first_day_to: IsoDate | None = Field(None, description="Første ledighedsdag til og med.")
    transfer_from: IsoDate | None = Field(None, description="Forventet overgang fra.")
    transfer_to: IsoDate | None = Field(None, description="Forventet overgang til og med.")


FILTERS = {
    "member_id": "member_id",
    "municipality": "municipality_id",
    "branch_id": "branch_id",
    "trial": "trial",
    "first_day_from": "first_day__gte",
    "first_day_to": "first_day__lte",
    "transfer_from": "clock_transfer_date__gte",
    "transfer_to": "clock_transfer_date__lte",
}


@router.get(
    "/spells",
    summary="Forløb",
    response={200: schemas.SpellPage, **READ_ERRORS},
    **needs("spells:read"),
)
def list_spells(request: HttpRequest, filters: Query[SpellQuery]) -> schemas.SpellPage:
    """The organisation's spells, by id; each spell listed is a read of its case."""
    given = {
        FILTERS[name]: value for name, value in filters.model_dump().items() if name in FILTERS
    }
    rows = scoped(request).spells().filter(**{k: v for k, v in given.items() if v is not None})
    count, items = window(rows.order_by("id"), filters)
    for s in items:
        audited(request, f"forløb {s.id} i liste", s.member_id, "forløbsliste")
    return schemas.SpellPage(
        count=count,
        limit=filters.limit,
        offset=filters.offset,
        items=[convert.spell(s) for s in items],
    )


@router.get(
    "/spells/{spell_id}",
    summary="Et forløb",
    response={200: schemas.Spell, **READ_ERRORS},
    **needs("spells:read"),
)
def get_spell(request: HttpRequest, spell_id: SpellId) -> schemas.Spell:
    """One spell with its clock as last planned."""
    spell = spell_in_scope(request, spell_id)
    audited(request, f"forløb {spell.id}", spell.member_id, "sagsbehandling")
    return convert.spell(spell)


@router.get(
    "/spells/{spell_id}/conversations",
    summary="Forløbets samtaler",
    response={200: schemas.ConversationPage, **READ_ERRORS},
    **needs("conversations:read"),
)
def list_conversations(
    request: HttpRequest, page: Query[PageQuery], spell_id: SpellId
) -> schemas.ConversationPage:
    """The spell's conversations, booked, held, missed or cancelled, by planned day."""
    spell = spell_in_scope(request, spell_id)
    rows = scoped(request).conversations().filter(spell=spell).order_by("planned_for", "id")
    count, items = window(rows, page)
    audited(request, f"samtaler {spell.id}", spell.member_id, "sagsbehandling")
    return schemas.ConversationPage(
        count=count,
        limit=page.limit,
        offset=page.offset,
        items=[convert.conversation(c) for c in items],
    )


def _obligations(spell: Spell) -> list[Obligation]:
    return list(
        Obligation.objects.filter(spell=spell).order_by("due_by", "kind", "number", "owner", "id")
    )


@router.get(
    "/spells/{spell_id}/plan",
    summary="Planen og pligterne",
    response={200: schemas.Plan, **READ_ERRORS},
    **needs("plans:read"),
)
def get_plan(request: HttpRequest, spell_id: SpellId) -> schemas.Plan:
    """The plan as the rules engine last stored it: the clock and the obligations, with
    who holds each and by when (nightly and after every change)."""
    spell = spell_in_scope(request, spell_id)
    audited(request, f"plan {spell.id}", spell.member_id, "sagsbehandling")
    return convert.plan(spell, _obligations(spell))


@router.get(
    "/spells/{spell_id}/min-plan",
    summary="Min Plan",
    response={200: schemas.PlanEntryPage, **READ_ERRORS},
    **needs("plans:read"),
)
def list_plan_entries(
    request: HttpRequest, page: Query[PageQuery], spell_id: SpellId
) -> schemas.PlanEntryPage:
    """Min Plan: job goals, agreements, activities and conversation summaries, oldest first."""
    spell = spell_in_scope(request, spell_id)
    count, items = window(PlanEntry.objects.filter(spell=spell).order_by("id"), page)
    audited(request, f"Min Plan {spell.id}", spell.member_id, "sagsbehandling")
    return schemas.PlanEntryPage(
        count=count,
        limit=page.limit,
        offset=page.offset,
        items=[convert.plan_entry(e) for e in items],
    )


@router.get(
    "/spells/{spell_id}/handover",
    summary="Overdragelsen til jobcentret",
    response={200: schemas.Handover, **READ_ERRORS},
    **needs("handovers:read"),
)
def get_handover(request: HttpRequest, spell_id: SpellId) -> schemas.Handover:
    """The case as the jobcentre receives it, dated today: sender and recipient, the stored
    plan, the conversations, Min Plan, the offers and the CV."""
    spell = spell_in_scope(request, spell_id, "fund", "member__cv")
    audited(request, f"overdragelse {spell.id}", spell.member_id, "overdragelse til jobcenter")
    try:
        cv: Cv | None = spell.member.cv
    except Cv.DoesNotExist:
        cv = None
    conversations = Conversation.objects.filter(spell=spell).order_by("planned_for", "id")
    offers = Offer.objects.filter(spell=spell).select_related("offer_type").order_by("id")
    return schemas.Handover(
        spell_id=spell.id,
        member_id=spell.member_id,
        document_date=today(),
        sender=convert.sender(spell.fund),
        branch=spell.branch.name,
        recipient=schemas.Party(name=f"Jobcenter {spell.municipality.name}", lines=[]),
        first_day=spell.first_day,
        plan=convert.plan(spell, _obligations(spell)),
        conversations=[convert.conversation(c) for c in conversations],
        plan_entries=[
            convert.plan_entry(e) for e in PlanEntry.objects.filter(spell=spell).order_by("id")
        ],
        offers=[convert.offer(o) for o in offers],
        cv=convert.cv(cv),
    )
