"""Hours paid: read a spell's months, and register (or correct) a month's hours, which plans
the spell again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import HeaderEx, P, PathEx, Query, Router
from ninja.responses import Status

from akasse.web.api import convert, idempotency, schemas
from akasse.web.api.auth import needs, token_of
from akasse.web.api.errors import READ_ERRORS, WRITE_ERRORS
from akasse.web.api.pages import PageQuery, window
from akasse.web.api.reads import audited
from akasse.web.api.views.spells import SpellId, spell_in_scope
from akasse.web.api.writes import change, set_hours
from akasse.web.audit.models import AuditEvent
from akasse.web.clock import today
from akasse.web.members.models import HoursPaid

router = Router(tags=["Timer"])
Month = PathEx[str, P(pattern=schemas.MONTH_PATTERN, description="Måneden, ÅÅÅÅ-MM.")]
IdempotencyKey = HeaderEx[
    str | None,
    P(
        alias="Idempotency-Key",
        pattern=idempotency.KEY_PATTERN,
        description="Samme nøgle og samme forespørgsel giver det gemte svar (24 timer).",
    ),
]


@router.get(
    "/spells/{spell_id}/hours",
    summary="Udbetalte timer",
    response={200: schemas.HoursPage, **READ_ERRORS},
    **needs("hours:read"),
)
def list_hours(
    request: HttpRequest, page: Query[PageQuery], spell_id: SpellId
) -> schemas.HoursPage:
    """The spell's hours paid, a row a month, by month."""
    spell = spell_in_scope(request, spell_id)
    count, items = window(HoursPaid.objects.filter(spell=spell).order_by("month"), page)
    audited(request, f"timer {spell.id}", spell.member_id, "sagsbehandling")
    return schemas.HoursPage(
        count=count, limit=page.limit, offset=page.offset, items=[convert.hours(h) for h in items]
    )


@router.put(
    "/spells/{spell_id}/hours/{month}",
    summary="Registrér en måneds timer",
    response={200: schemas.HoursWritten, **WRITE_ERRORS},
    **needs("hours:write"),
)
def put_hours(
    request: HttpRequest,
    payload: schemas.HoursIn,
    response: HttpResponse,
    spell_id: SpellId,
    month: Month,
    idempotency_key: IdempotencyKey = None,
) -> Status[dict[str, Any]]:
    """Register the month's hours paid (or correct them); the spell is planned again as of
    today, and the answer carries its new clock. Refused (422) for a month not yet begun or
    before the spell's first day."""

    def work() -> tuple[int, dict[str, Any]]:
        spell = spell_in_scope(request, spell_id)
        first = dt.date(int(month[:4]), int(month[5:]), 1)
        hours = Decimal(payload.hours)
        existed = HoursPaid.objects.filter(spell=spell, month=first).exists()
        done = change(
            request,
            lambda: set_hours(spell, first, hours, today()),
            action=AuditEvent.Action.UPDATE if existed else AuditEvent.Action.CREATE,
            what=f"timer {spell.id} {month}",
            member_id=spell.member_id,
            why="udbetalte timer",
        )
        if done.result is None:
            return done.refusal()
        row, created = done.result
        written = schemas.HoursWritten(
            spell_id=spell.id,
            month=convert.month_text(row.month),
            hours=convert.hours_text(row.hours),
            created=created,
            clock=convert.clock(spell),
        )
        return 200, written.model_dump(mode="json")

    org = token_of(request).organisation
    status, body, replayed = idempotency.once(request, org, idempotency_key, work)
    if replayed:
        response[idempotency.REPLAYED] = "true"
    return Status(status, body)
