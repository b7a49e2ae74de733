"""The caseworker's worklist and the team lead's dashboard."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext

from akasse.rules import Kind
from akasse.web.access import FUND_STAFF, current_user, roles, scoped
from akasse.web.accounts.models import Role
from akasse.web.casework import queries
from akasse.web.casework.models import (
    Channel,
    Conversation,
    Obligation,
    kind_label,
    obligation_label,
)
from akasse.web.clock import today
from akasse.web.formats import day_text, time_text
from akasse.web.links import url_maker
from akasse.web.members import cpr as cprs
from akasse.web.members.models import member_name

LIMIT = 25  # rows per section; "vis alle" shows up to FULL
FULL = 500


@roles(*FUND_STAFF)
def worklist(request: HttpRequest) -> HttpResponse:
    """Each section is one query for the columns it shows, turned into finished strings here:
    the page is opened many times a day, and formatting in the template costs several times
    more per row."""
    user = current_user(request)
    scope = scoped(request)
    day = today()
    caseworker = user.caseworker if user.role == Role.CASEWORKER else None
    mine = queries.SpellCondition.of(
        scope.spell_q() & queries.mine_q(caseworker) & queries.active_q(day)
    )
    limit = FULL if request.GET.get("alle") else LIMIT
    case_url = url_maker("case")
    booking_url = url_maker("booking")
    obligations = [
        _obligation_row(case_url(o.spell_id), o, day)
        for o in queries.open_obligations(mine, day, limit + 1)
    ]
    context = {
        "conversations": [
            {
                "time": time_text(c.starts_at) if c.starts_at else "–",
                "url": case_url(c.spell_id),
                "member": member_name(c.member_id, c.first_name, c.last_name),
                "cpr": cprs.masked(c.birth_date),
                "kinds": kind_label(c.kinds),
                "channel": Channel(c.channel).label,
                "status": Conversation.Status(c.status).label,
            }
            for c in queries.todays_conversations(
                queries.SpellCondition.of(scope.spell_q()), caseworker, day
            )
        ],
        "obligations": obligations[:limit],
        "more_obligations": len(obligations) > limit,
        "showing_all": limit == FULL,
        "near_transfer": [
            {
                "url": case_url(s.id),
                "member": _name(s),
                "transfer_date": day_text(s.clock_transfer_date),
                "projected": s.clock_projected,
                "hours": s.hours_consumed,
            }
            for s in queries.near_transfer(mine, day, limit)
        ],
        "unbooked": [
            {
                "url": case_url(s.id),
                "booking_url": booking_url(s.id),
                "member": _name(s),
                "first_day": day_text(s.first_day),
            }
            for s in queries.unbooked_first(mine, day, limit)
        ],
        "caseworker": caseworker,
    }
    return render(request, "casework/worklist.html", context)


def _name(row: object) -> str:
    """The member's name from a row of the worklist's queries (which carry ``member_id``,
    ``first_name`` and ``last_name``)."""
    values = vars(row)
    return member_name(values["member_id"], values["first_name"], values["last_name"])


def _obligation_row(url: str, o: Obligation, day: dt.date) -> dict[str, object]:
    return {
        "url": url,
        "member": _name(o),
        "label": obligation_label(Kind(o.kind), o.number),
        "due_by": day_text(o.due_by),
        "projected": o.projected,
        "overdue": o.due_by is not None and o.due_by < day,
        "days": days_text((o.due_by - day).days) if o.due_by else "",
    }


def days_text(days_left: int) -> str:
    """ "3 tilbage" or "2 over"."""
    if days_left < 0:
        return gettext("%(days)s over") % {"days": -days_left}
    return gettext("%(days)s tilbage") % {"days": days_left}


def share_text(fraction: object) -> str:
    """A share as a percentage with one decimal in the language's numbers, e.g. "69,7 %"."""
    if not isinstance(fraction, float):
        return "–"
    return f"{number_format(round(fraction * 100, 1), 1)} %"


def _timeliness(spells: Q, by: str) -> list[dict[str, object]]:
    return [row | {"on_time": share_text(row["on_time"])} for row in queries.timeliness(spells, by)]


@roles(Role.TEAM_LEAD, Role.FUND_ADMIN)
def team(request: HttpRequest) -> HttpResponse:
    scope = scoped(request)
    day = today()
    spells = scope.spell_q("spell__")
    case_url = url_maker("case")
    name = queries.caseworker_names(scope.caseworkers())
    overdue = [
        _obligation_row(case_url(o.spell_id), o, day)
        | {
            "days_late": (day - o.due_by).days if o.due_by else None,
            "caseworker": name(o.caseworker_id),  # type: ignore[attr-defined]
        }
        for o in queries.open_obligations(
            queries.SpellCondition.of(scope.spell_q() & queries.active_q(day)),
            day,
            LIMIT,
            overdue_only=True,
        )
    ]
    context = {
        "by_caseworker": [
            row | {"name": name(row["key"])}  # type: ignore[arg-type]
            for row in _timeliness(spells, "caseworker_id")
        ],
        "by_branch": _timeliness(spells, "branch__name"),
        "overdue": overdue,
        "capacity": queries.capacity(scope.slots(), spells, day),
    }
    return render(request, "casework/team.html", context)
