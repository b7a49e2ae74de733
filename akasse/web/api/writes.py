"""Every change asked for through the API goes through ``akasse.web.changes.carry_out``, as a
change asked for on a page does: the change and its audit event in one transaction, the
organisation's service account as the user and the token named in ``what``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.http import HttpRequest

from akasse.web.api.auth import token_of
from akasse.web.api.errors import Error
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.planning import replan
from akasse.web.casework.services import CaseworkError
from akasse.web.changes import carry_out
from akasse.web.members.models import HoursPaid, Spell

T = TypeVar("T")


class Done(Generic[T]):
    """A change's result, or the text it was refused with."""

    def __init__(self, result: T | None, refused: str) -> None:
        self.result = result
        self.refused = refused

    def refusal(self) -> tuple[int, dict[str, Any]]:
        return 422, Error(detail=self.refused).model_dump(mode="json")


def change(
    request: HttpRequest,
    do: Callable[[], T],
    *,
    action: AuditEvent.Action,
    what: str,
    member_id: int,
    why: str,
) -> Done[T]:
    """Carry out ``do``; a refusal's text (``CaseworkError``) comes back rather than being
    shown on a page, and so does the confirmation ``carry_out`` would show."""
    results: list[T] = []

    def run() -> T:
        results.append(do())
        return results[-1]

    ok = carry_out(
        request,
        run,
        action=action,
        what=f"{what} (API, nøgle {token_of(request).prefix})",
        member_id=member_id,
        why=why,
        done="",
    )
    # The messages a page would show; read here so that none is left for a cookie.
    texts = [str(m) for m in messages.get_messages(request) if str(m)]
    if not ok:
        return Done(None, texts[-1] if texts else "Ændringen blev afvist.")
    return Done(results[-1], "")


def set_hours(spell: Spell, month: dt.date, hours: Decimal, day: dt.date) -> tuple[HoursPaid, bool]:
    """A month's hours paid for the spell, new or corrected, and the spell planned again as of
    ``day`` (as a registered conversation plans it again). Returns the row and whether the
    month had no hours before."""
    if month > day.replace(day=1):
        raise CaseworkError("Der kan ikke registreres timer for en måned, der ikke er begyndt.")
    if month < spell.first_day.replace(day=1):
        raise CaseworkError(
            f"Måneden ligger før forløbets første ledighedsdag ({spell.first_day.isoformat()})."
        )
    row, created = HoursPaid.objects.update_or_create(
        spell=spell, month=month, defaults={"hours": hours}
    )
    replan(spell, day)
    return row, created
