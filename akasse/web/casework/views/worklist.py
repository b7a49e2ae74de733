"""The caseworker's worklist and the team lead's dashboard."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from akasse.rules import Kind
from akasse.web.access import FUND_STAFF, current_user, roles, scoped
from akasse.web.accounts.models import Role
from akasse.web.casework import queries
from akasse.web.casework.models import Channel, Conversation, kind_label, obligation_label
from akasse.web.clock import today
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
    mine = scope.spell_q() & queries.mine_q(caseworker)
    mine_via = scope.spell_q("spell__") & queries.mine_q(caseworker, "spell__")
    limit = FULL if request.GET.get("alle") else LIMIT
    case_url = url_maker("case")
    booking_url = url_maker("booking")
    obligations = [
        _obligation_row(case_url(spell_id), member_id, Kind(kind), number, due_by, projected, day)
        for spell_id, member_id, kind, number, due_by, projected in queries.open_obligations(
            mine_via, day
        ).values_list("spell_id", "spell__member_id", "kind", "number", "due_by", "projected")[
            : limit + 1
        ]
    ]
    context = {
        "conversations": [
            {
                "time": f"{timezone.localtime(starts_at):%H.%M}" if starts_at else "–",
                "url": case_url(spell_id),
                "member": member_name(member_id),
                "cpr": cprs.masked(birth_date),
                "kinds": kind_label(kinds),
                "channel": Channel(channel).label,
                "status": Conversation.Status(status).label,
            }
            for spell_id, member_id, birth_date, kinds, channel, status, starts_at in (
                queries.todays_conversations(scope.conversations(), caseworker, day).values_list(
                    "spell_id",
                    "spell__member_id",
                    "spell__member__birth_date",
                    "kinds",
                    "channel",
                    "status",
                    "slot__starts_at",
                )
            )
        ],
        "obligations": obligations[:limit],
        "more_obligations": len(obligations) > limit,
        "showing_all": limit == FULL,
        "near_transfer": [
            {
                "url": case_url(spell_id),
                "member": member_name(member_id),
                "transfer_date": f"{transfer:%d.%m.%Y}",
                "projected": projected,
                "hours": hours,
            }
            for spell_id, member_id, transfer, projected, hours in queries.near_transfer(
                mine, day
            ).values_list(
                "id", "member_id", "clock_transfer_date", "clock_projected", "hours_consumed"
            )[:limit]
        ],
        "unbooked": [
            {
                "url": case_url(spell_id),
                "booking_url": booking_url(spell_id),
                "member": member_name(member_id),
                "first_day": f"{first_day:%d.%m.%Y}",
            }
            for spell_id, member_id, first_day in queries.unbooked_first(mine, day).values_list(
                "id", "member_id", "first_day"
            )[:limit]
        ],
        "caseworker": caseworker,
    }
    return render(request, "casework/worklist.html", context)


def _obligation_row(
    url: str,
    member_id: int,
    kind: Kind,
    number: int,
    due_by: dt.date | None,
    projected: bool,
    day: dt.date,
) -> dict[str, object]:
    return {
        "url": url,
        "member": member_name(member_id),
        "label": obligation_label(kind, number),
        "due_by": f"{due_by:%d.%m.%Y}" if due_by else "–",
        "projected": projected,
        "overdue": due_by is not None and due_by < day,
        "days": days_text((due_by - day).days) if due_by else "",
    }


def days_text(days_left: int) -> str:
    """ "3 tilbage" or "2 over"."""
    if days_left < 0:
        return gettext("%(days)s over") % {"days": -days_left}
    return gettext("%(days)s tilbage") % {"days": days_left}


@roles(Role.TEAM_LEAD, Role.FUND_ADMIN)
def team(request: HttpRequest) -> HttpResponse:
    scope = scoped(request)
    day = today()
    spells = scope.spell_q("spell__")
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
