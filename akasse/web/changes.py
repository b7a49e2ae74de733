"""A change a user asks for on a page (book, move, cancel, request or decide an offer): carried
out, or refused with the reason shown; a change made is written to the audit log and
confirmed to the user."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest

from akasse.web.audit.log import record
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.services import CaseworkError

T = TypeVar("T")


def carry_out(
    request: HttpRequest,
    change: Callable[[], T],
    *,
    action: AuditEvent.Action,
    what: str | Callable[[T], str],
    member_id: int,
    why: str,
    done: str,
    refused: tuple[type[Exception], ...] = (CaseworkError,),
) -> bool:
    """Run ``change``. When it raises one of ``refused`` (their text is written for the user),
    show that text and return False. Otherwise record ``action`` on ``what`` (given the
    change's result when it needs it, e.g. the new row's id), show ``done`` and return True.

    The change and its audit event are one transaction: a change is never kept without its
    event (the database gone between the two, say). The event is its last statement, so the
    audit chain's head is locked only from then to the commit."""
    try:
        with transaction.atomic():
            result = change()
            record(
                request,
                action,
                what(result) if callable(what) else what,
                member_id=member_id,
                why=why,
            )
    except refused as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, done)
    return True
