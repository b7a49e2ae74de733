"""What a token may do: its scopes, and which organisations may hold each.

A scope says which kind of data or change a token reaches; which members' cases it reaches is
decided by ``akasse.web.access`` from the token's organisation, as for a user of that
organisation. Registering hours paid is the fund's, deciding a requested offer the
jobcentre's, as in the case application."""

from __future__ import annotations

from dataclasses import dataclass

FUND = "fund"
JOBCENTRE = "jobcentre"
BOTH = frozenset({FUND, JOBCENTRE})


@dataclass(frozen=True)
class ScopeInfo:
    title: str
    kinds: frozenset[str]


SCOPES: dict[str, ScopeInfo] = {
    "spells:read": ScopeInfo("Ledighedsforløb: liste og detaljer", BOTH),
    "hours:read": ScopeInfo("Udbetalte timer", BOTH),
    "hours:write": ScopeInfo("Registrere en måneds udbetalte timer", frozenset({FUND})),
    "conversations:read": ScopeInfo("Samtaler", BOTH),
    "plans:read": ScopeInfo("Planen, pligterne og Min Plan", BOTH),
    "handovers:read": ScopeInfo("Overdragelsen til jobcentret", BOTH),
    "offers:read": ScopeInfo("Tilbud", BOTH),
    "offers:write": ScopeInfo("Bevilge eller afslå anmodede tilbud", frozenset({JOBCENTRE})),
}


class ScopeError(ValueError):
    """Scopes that do not exist, or that the organisation may not hold; the text says which."""


def parse_scopes(text: str | list[str], kind: str) -> list[str]:
    """The scopes of ``text`` (separated by spaces or commas), checked against the kind of
    organisation, in the order of ``SCOPES``."""
    words = text if isinstance(text, list) else text.replace(",", " ").split()
    if not words:
        raise ScopeError("Angiv mindst én rettighed: " + ", ".join(SCOPES) + ".")
    unknown = [w for w in words if w not in SCOPES]
    if unknown:
        raise ScopeError(
            f"Ukendt rettighed: {', '.join(unknown)}. Mulige rettigheder: {', '.join(SCOPES)}."
        )
    refused = [w for w in words if kind not in SCOPES[w].kinds]
    if refused:
        who = "en a-kasse" if kind == FUND else "et jobcenter"
        raise ScopeError(f"{', '.join(refused)} kan ikke gives til {who}.")
    return [scope for scope in SCOPES if scope in words]


def allowed(kind: str) -> list[str]:
    """The scopes an organisation of ``kind`` may hold."""
    return [scope for scope, info in SCOPES.items() if kind in info.kinds]
