"""Recording reads and changes of a member's case (data protection: who, when, what, why)."""

from __future__ import annotations

from django.http import HttpRequest

from akasse.web.accounts.models import User
from akasse.web.audit.models import AuditEvent


def client_address(request: HttpRequest) -> str | None:
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def record(
    request: HttpRequest,
    action: AuditEvent.Action,
    what: str,
    *,
    member_id: int | None = None,
    why: str = "",
) -> None:
    user = request.user if isinstance(request.user, User) else None
    AuditEvent.objects.create(
        user=user,
        username=user.username if user else "",
        action=action,
        member_id=member_id,
        what=what[:200],
        why=why[:200],
        address=client_address(request),
    )


def record_read(request: HttpRequest, what: str, member_id: int, why: str) -> None:
    """A page showing a member's case data was opened (GET); changes record themselves."""
    if request.method == "GET":
        record(request, AuditEvent.Action.VIEW, what, member_id=member_id, why=why)
