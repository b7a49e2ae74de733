"""Writes sent with an ``Idempotency-Key`` header are done once: the same key with the same
request (method, path and body) gets the stored response again, without the change being
made again; the same key with another request is refused. A key is kept for
``IDEMPOTENCY_HOURS`` hours, then it may be used again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from akasse.web.api.errors import Unprocessable
from akasse.web.api.models import IDEMPOTENCY_HOURS, IdempotentResponse, Organisation

Outcome = tuple[int, dict[str, Any]]
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"  # printable ASCII without spaces
REPLAYED = "Idempotent-Replayed"


class _Raced(Exception):
    """Another request stored a response under the same key first."""


def fingerprint(request: HttpRequest) -> str:
    """The request as the key was used with: method, path and body (JSON compared by its
    content, not its spacing or key order)."""
    try:
        body = json.dumps(json.loads(request.body), sort_keys=True, separators=(",", ":"))
    except ValueError:
        body = request.body.decode("utf-8", "replace")
    text = "\n".join((request.method or "", request.path, body))
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(stored: IdempotentResponse, print_: str, key: str) -> Outcome:
    if stored.fingerprint != print_:
        raise Unprocessable(
            f"Idempotency-Key {key!r} er allerede brugt til en anden forespørgsel inden for "
            f"de sidste {IDEMPOTENCY_HOURS} timer. Brug en ny nøgle til en ny ændring."
        )
    return stored.status, stored.body


def once(
    request: HttpRequest, org: Organisation, key: str | None, work: Callable[[], Outcome]
) -> tuple[int, dict[str, Any], bool]:
    """``work``'s status and body, and whether they are a stored response replayed."""
    if key is None:
        return (*work(), False)
    print_ = fingerprint(request)
    cutoff = timezone.now() - dt.timedelta(hours=IDEMPOTENCY_HOURS)
    try:
        with transaction.atomic():
            IdempotentResponse.objects.filter(organisation=org, created_at__lt=cutoff).delete()
            stored = (
                IdempotentResponse.objects.select_for_update()
                .filter(organisation=org, key=key)
                .first()
            )
            if stored is not None:
                return (*_replay(stored, print_, key), True)
            status, body = work()
            try:
                with transaction.atomic():
                    IdempotentResponse.objects.create(
                        organisation=org, key=key, fingerprint=print_, status=status, body=body
                    )
            except IntegrityError:
                raise _Raced from None
            return status, body, False
    except _Raced:
        # The same key was used by a request committed meanwhile: this one's change was
        # rolled back with its transaction, and the other's response is the answer.
        stored = IdempotentResponse.objects.get(organisation=org, key=key)
        return (*_replay(stored, print_, key), True)
