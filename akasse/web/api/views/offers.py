"""LAB offers: read them, and the jobcentre's decision on one requested of it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, P, PathEx, Query, Router
from ninja.responses import Status

from akasse.web.access import scoped
from akasse.web.api import convert, idempotency, schemas
from akasse.web.api.auth import needs, token_of
from akasse.web.api.errors import READ_ERRORS, WRITE_ERRORS, NotFound
from akasse.web.api.pages import MAX_ID, PageQuery, window
from akasse.web.api.reads import audited
from akasse.web.api.views.hours import IdempotencyKey
from akasse.web.api.writes import change
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import Offer
from akasse.web.casework.offers import decide_offer
from akasse.web.clock import today

router = Router(tags=["Tilbud"])
OfferId = PathEx[int, P(ge=1, le=MAX_ID, description="Tilbuddets id.")]


class OfferQuery(PageQuery):
    spell_id: int | None = Field(None, ge=1, le=MAX_ID, description="Kun forløbets tilbud.")
    pending: bool | None = Field(None, description="Kun uafgjorte anmodninger (true) eller ej.")


def _offers(request: HttpRequest) -> Any:
    return Offer.objects.select_related("offer_type", "spell").filter(
        spell__in=scoped(request).spells()
    )


def offer_in_scope(request: HttpRequest, offer_id: int) -> Offer:
    found: Offer | None = _offers(request).filter(pk=offer_id).first()
    if found is None:
        raise NotFound(f"Tilbud {offer_id} findes ikke blandt organisationens sager.")
    return found


@router.get(
    "/offers",
    summary="Tilbud",
    response={200: schemas.OfferPage, **READ_ERRORS},
    **needs("offers:read"),
)
def list_offers(request: HttpRequest, filters: Query[OfferQuery]) -> schemas.OfferPage:
    """The offers of the organisation's spells, by id; a jobcentre asks for
    ``pending=true`` to get the requests awaiting its decision."""
    rows = _offers(request)
    if filters.spell_id is not None:
        rows = rows.filter(spell_id=filters.spell_id)
    if filters.pending is not None:
        waiting = {"requested_at__isnull": False, "decided_at__isnull": True}
        rows = rows.filter(**waiting) if filters.pending else rows.exclude(**waiting)
    count, items = window(rows.order_by("id"), filters)
    for o in items:
        audited(request, f"tilbud {o.id} i liste", o.spell.member_id, "tilbud")
    return schemas.OfferPage(
        count=count,
        limit=filters.limit,
        offset=filters.offset,
        items=[convert.offer(o) for o in items],
    )


@router.get(
    "/offers/{offer_id}",
    summary="Et tilbud",
    response={200: schemas.Offer, **READ_ERRORS},
    **needs("offers:read"),
)
def get_offer(request: HttpRequest, offer_id: OfferId) -> schemas.Offer:
    offer = offer_in_scope(request, offer_id)
    audited(request, f"tilbud {offer.id}", offer.spell.member_id, "tilbud")
    return convert.offer(offer)


@router.post(
    "/offers/{offer_id}/decision",
    summary="Bevilg eller afslå et tilbud",
    response={200: schemas.Offer, **WRITE_ERRORS},
    **needs("offers:write"),
)
def decide(
    request: HttpRequest,
    payload: schemas.DecisionIn,
    response: HttpResponse,
    offer_id: OfferId,
    idempotency_key: IdempotencyKey = None,
) -> Status[dict[str, Any]]:
    """The jobcentre grants or refuses an offer requested of it, dated today. Refused (422)
    when the request has already been decided."""

    def work() -> tuple[int, dict[str, Any]]:
        offer = offer_in_scope(request, offer_id)
        grant = payload.decision == "grant"
        user = token_of(request).organisation.user
        done = change(
            request,
            lambda: decide_offer(offer, grant, user, today()),
            action=AuditEvent.Action.UPDATE,
            what=f"tilbud {offer.id} {'bevilget' if grant else 'afslået'}",
            member_id=offer.spell.member_id,
            why="tilbud",
        )
        if done.result is None:
            return done.refusal()
        decided = done.result
        decided.offer_type = offer.offer_type
        return 200, convert.offer(decided).model_dump(mode="json")

    org = token_of(request).organisation
    status, body, replayed = idempotency.once(request, org, idempotency_key, work)
    if replayed:
        response[idempotency.REPLAYED] = "true"
    return Status(status, body)
