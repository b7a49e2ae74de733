"""Bearer tokens with scopes. A valid token makes its organisation's service account the
request's user, so ``akasse.web.access`` scopes the request as it would a user of the
organisation, and the audit log names the organisation as the actor."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from akasse.web.api import tokens
from akasse.web.api.errors import BAD_TOKEN, MissingScope, NotAuthenticated
from akasse.web.api.models import Token
from akasse.web.api.scopes import SCOPES


class TokenAuth(HttpBearer):
    """A token holding ``scope``: none or a bad one is 401, one without the scope 403."""

    def __init__(self, scope: str) -> None:
        assert scope in SCOPES, scope
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Token:
        found = tokens.check(token.strip())
        if found is None:
            raise NotAuthenticated(BAD_TOKEN)
        kind = found.organisation.kind
        if self.scope not in found.scope_list or kind not in SCOPES[self.scope].kinds:
            raise MissingScope(f"Nøglen har ikke rettigheden {self.scope}.")
        request.user = found.organisation.user
        return found


# The operation's scope in the OpenAPI document, where ``Api`` turns it into the security
# requirement ``[{"TokenAuth": [scope]}]``.
SCOPE_KEY = "x-scope"


def needs(scope: str) -> dict[str, Any]:
    """An operation's ``auth`` and its scope in the OpenAPI document."""
    return {
        "auth": TokenAuth(scope),
        "openapi_extra": {SCOPE_KEY: scope},
    }


def token_of(request: HttpRequest) -> Token:
    """The token of a request that passed ``TokenAuth``."""
    found = getattr(request, "auth", None)
    assert isinstance(found, Token)
    return found
