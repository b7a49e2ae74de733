"""The caseworker's worklist and the team lead's dashboard."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from akasse.web.access import FUND_STAFF, current_user, roles, scoped
from akasse.web.accounts.models import Role
from akasse.web.casework import queries
from akasse.web.clock import today

LIMIT = 25  # rows per section; "vis alle" shows up to FULL
FULL = 500


@roles(*FUND_STAFF)
def worklist(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    scope = scoped(request)
    day = today()
    caseworker = user.caseworker if user.role == Role.CASEWORKER else None
    mine = queries.my_spells(scope.spells(), caseworker)
    limit = FULL if request.GET.get("alle") else LIMIT
    obligations = list(queries.open_obligations(mine, day)[: limit + 1])
    for o in obligations:
        o.days_left = (o.due_by - day).days if o.due_by else None  # type: ignore[attr-defined]
    context = {
        "conversations": queries.todays_conversations(scope.conversations(), caseworker, day),
        "obligations": obligations[:limit],
        "more_obligations": len(obligations) > limit,
        "showing_all": limit == FULL,
        "near_transfer": queries.near_transfer(mine, day)[:limit],
        "unbooked": queries.unbooked_first(mine, day)[:limit],
        "caseworker": caseworker,
    }
    return render(request, "casework/worklist.html", context)


@roles(Role.TEAM_LEAD, Role.FUND_ADMIN)
def team(request: HttpRequest) -> HttpResponse:
    scope = scoped(request)
    day = today()
    spells = scope.spells()
    overdue = list(
        queries.open_obligations(spells, day).filter(due_by__lt=day).select_related("spell")[:LIMIT]
    )
    for o in overdue:
        o.days_late = (day - o.due_by).days if o.due_by else None  # type: ignore[attr-defined]
    context = {
        "by_caseworker": queries.timeliness(spells, "caseworker_id"),
        "by_branch": queries.timeliness(spells, "branch__name"),
        "overdue": overdue,
        "capacity": queries.capacity(scope.slots(), spells, day),
    }
    return render(request, "casework/team.html", context)
