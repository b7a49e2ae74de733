"""Every read of a member's case through the API is written to the audit log as a page read
is, with the organisation's service account as the user and the token named in ``what``."""

from __future__ import annotations

from django.http import HttpRequest

from akasse.web.api.auth import token_of
from akasse.web.audit.log import record_read


def audited(request: HttpRequest, what: str, member_id: int, why: str) -> None:
    record_read(request, f"API {what} (nøgle {token_of(request).prefix})", member_id, why)
