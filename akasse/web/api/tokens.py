"""Making, revoking and checking tokens. A token reads ``akasse_<id>_<secret>``: the id names
it in lists and in the audit log, the secret is 32 random bytes; the database keeps only the
SHA-256 of the whole."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.utils import timezone

from akasse.web.api.models import Organisation, Token, token_digest
from akasse.web.api.scopes import ScopeError, parse_scopes
from akasse.web.members.models import Fund, Municipality

PREFIX = "akasse_"
MAX_DAYS = 730
# ``last_used_at`` is written at most this often per token, not on every request.
USE_RESOLUTION = dt.timedelta(minutes=1)


class TokenError(ValueError):
    """A token that cannot be made or revoked as asked; the text says why."""


def organisation(fund: str | None = None, municipality: str | None = None) -> Organisation:
    """The organisation of a fund (its code) or of a municipality's jobcentre (its code),
    made on first use."""
    if (fund is None) == (municipality is None):
        raise TokenError("Angiv enten en a-kasse eller et jobcenters kommune.")
    if fund is not None:
        found = Fund.objects.filter(pk=fund).first()
        if found is None:
            raise TokenError(f"A-kassen {fund!r} findes ikke.")
        return Organisation.of_fund(found)
    place = Municipality.objects.filter(pk=municipality).first()
    if place is None:
        raise TokenError(f"Kommunen {municipality!r} findes ikke.")
    return Organisation.of_jobcentre(place)


@transaction.atomic
def create(
    org: Organisation,
    name: str,
    scopes: str | list[str],
    days: int = 365,
    created_by: str = "",
) -> tuple[Token, str]:
    """A new token of ``org``; returns it with the token text, which is not kept."""
    if not name.strip():
        raise TokenError("Giv nøglen et navn: det system, der skal bruge den.")
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(f"En nøgle kan gælde fra 1 til {MAX_DAYS} dage, ikke {days}.")
    try:
        checked = parse_scopes(scopes, org.kind)
    except ScopeError as exc:
        raise TokenError(str(exc)) from None
    prefix = secrets.token_hex(4)
    text = f"{PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = Token.objects.create(
        organisation=org,
        name=name.strip()[:100],
        prefix=prefix,
        digest=token_digest(text),
        scopes=" ".join(checked),
        expires_at=timezone.now() + dt.timedelta(days=days),
        created_by=created_by[:150],
    )
    return token, text


def revoke(prefix: str) -> Token:
    token = Token.objects.filter(prefix=prefix).first()
    if token is None:
        raise TokenError(f"Ingen nøgle med id {prefix!r}.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def check(text: str) -> Token | None:
    """The token of ``text`` when it is active (not revoked, not expired), with its
    organisation and the organisation's user; its last use is noted."""
    if not text.startswith(PREFIX) or len(text) > 200:
        return None
    token = (
        Token.objects.select_related("organisation__user").filter(digest=token_digest(text)).first()
    )
    now = timezone.now()
    if token is None or not token.active(now) or not token.organisation.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= USE_RESOLUTION:
        Token.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
