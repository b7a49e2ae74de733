"""Finding a member among one's cases: by CPR number (typed like a password, compared by its
keyed digest only), or by member number or name. Both come in a POST body, never in a URL."""

from __future__ import annotations

import re

from django.contrib import messages
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from akasse.web.access import FUND_STAFF, Scope, roles, scoped
from akasse.web.members.cpr import CprError
from akasse.web.members.models import Member, Spell

FOUND = 25
_NUMBER = re.compile(r"^\d{1,9}$")


@roles(*FUND_STAFF)
@require_POST
def search(request: HttpRequest) -> HttpResponse:
    """One member found opens their latest spell in scope; several are listed."""
    scope = scoped(request)
    cpr = request.POST.get("cpr", "").strip()
    if cpr:
        return _by_cpr(request, scope, cpr)
    text = " ".join(request.POST.get("navn", "").split())
    if not text:
        messages.error(request, _("Skriv et CPR-nummer, et medlemsnummer eller et navn."))
        return redirect("worklist")
    spells = list(_latest_spells(scope, _matching(text))[: FOUND + 1])
    if not spells:
        messages.error(request, _("Intet medlem med det navn eller nummer i dine sager."))
        return redirect("worklist")
    if len(spells) == 1:
        return redirect("case", spell_id=spells[0].id)
    context = {"text": text, "spells": spells[:FOUND], "more": len(spells) > FOUND}
    return render(request, "casework/search.html", context)


def _by_cpr(request: HttpRequest, scope: Scope, cpr: str) -> HttpResponse:
    try:
        member = Member.objects.by_cpr(cpr)
    except CprError as exc:
        messages.error(request, str(exc))
        return redirect("worklist")
    spell = _latest_spells(scope, Q(pk=member.pk)).first() if member else None
    if spell is None:
        messages.error(request, _("Intet medlem med det CPR-nummer i dine sager."))
        return redirect("worklist")
    return redirect("case", spell_id=spell.id)


def _matching(text: str) -> Q:
    """A member number, or every word in the first or the last name."""
    if _NUMBER.match(text):
        return Q(pk=int(text))
    q = Q()
    for word in text.split():
        q &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return q


def _latest_spells(scope: Scope, members: Q) -> QuerySet[Spell]:
    """Each matching member's latest spell in scope, by name."""
    latest = scope.spells().filter(member=OuterRef("member")).order_by("-first_day", "-id")
    return (
        scope.spells()
        .filter(member__in=Member.objects.filter(members), id=Subquery(latest.values("id")[:1]))
        .order_by("member__last_name", "member__first_name", "member_id")
        .select_related("member", "branch")
    )
