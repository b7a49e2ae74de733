"""The data protection officer's pages: find a member of the fund (by CPR number or member
number) and see every event of the audit log about them (who, when, what, why, from where),
newest first; or what one user has looked at. The officer's own look-ups are audited too."""

from __future__ import annotations

import re

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from akasse.web.access import Scope, roles, scoped
from akasse.web.accounts.models import Role
from akasse.web.audit.log import record
from akasse.web.audit.models import AuditEvent
from akasse.web.members.cpr import CprError
from akasse.web.members.models import Member

PER_PAGE = 25
WHY = "databeskyttelsestilsyn"
_MEMBER_NUMBER = re.compile(r"^\d{1,9}$")


class MemberSearch(forms.Form):
    # Typed like a password, as on the worklist: a shared computer's browser keeps no CPR
    # number in its form history, and a number not found is not shown again.
    member = forms.CharField(
        label=gettext_lazy("CPR-nummer eller medlemsnummer"),
        max_length=20,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )


class UserSearch(forms.Form):
    username = forms.CharField(label=gettext_lazy("Brugernavn"), max_length=150, strip=True)


def _find_member(scope: Scope, text: str) -> Member | None:
    """A member of the officer's fund by member number (up to nine digits) or CPR number."""
    members = scope.audited_members()
    if _MEMBER_NUMBER.match(text):
        return members.filter(pk=int(text)).first()
    found = Member.objects.by_cpr(text)  # raises CprError for a text that is neither
    return members.filter(pk=found.pk).first() if found else None


@roles(Role.PRIVACY_OFFICER)
@require_http_methods(["GET", "POST"])
def audit_search(request: HttpRequest) -> HttpResponse:
    """The start page. The searches are posted, so a CPR number never appears in a URL."""
    scope = scoped(request)
    posted = request.POST if request.method == "POST" else None
    member_form = MemberSearch(posted if posted and "member" in posted else None)
    user_form = UserSearch(posted if posted and "username" in posted else None)
    if member_form.is_valid():
        try:
            member = _find_member(scope, member_form.cleaned_data["member"])
        except CprError:
            member_form.add_error(
                "member",
                _("Skriv et CPR-nummer (10 cifre, fx 010190-1234) eller et medlemsnummer."),
            )
        else:
            if member is not None:
                return redirect("audit_member", member_id=member.pk)
            member_form.add_error(
                "member", _("Ingen medlem af a-kassen har det CPR-nummer eller medlemsnummer.")
            )
    if user_form.is_valid():
        subject = scope.audited_users().filter(username=user_form.cleaned_data["username"])
        found = subject.first()
        if found is not None:
            return redirect("audit_user", user_id=found.pk)
        user_form.add_error(
            "username", _("Ingen bruger i a-kassen eller et jobcenter har det brugernavn.")
        )
    return render(
        request, "audit/search.html", {"member_form": member_form, "user_form": user_form}
    )


def _page(request: HttpRequest, events: QuerySet[AuditEvent]) -> Page[AuditEvent]:
    ordered = events.select_related("user").order_by("-seq")
    return Paginator(ordered, PER_PAGE).get_page(request.GET.get("side"))


@roles(Role.PRIVACY_OFFICER)
@require_GET
def audit_member(request: HttpRequest, member_id: int) -> HttpResponse:
    """Every event about the member, newest first; ``?bruger=`` keeps one user's."""
    scope = scoped(request)
    member = get_object_or_404(scope.audited_members(), pk=member_id)
    record(
        request,
        AuditEvent.Action.VIEW,
        f"adgangslog for medlem {member.pk}",
        member_id=member.pk,
        why=WHY,
    )
    events = scope.audit_events().filter(member_id=member.pk)
    usernames = events.order_by("username").values_list("username", flat=True).distinct()
    chosen = request.GET.get("bruger", "")
    if chosen:
        events = events.filter(username=chosen)
    return render(
        request,
        "audit/member.html",
        {
            "member": member,
            "page": _page(request, events),
            "usernames": list(usernames),
            "chosen": chosen,
        },
    )


@roles(Role.PRIVACY_OFFICER)
@require_GET
def audit_user(request: HttpRequest, user_id: int) -> HttpResponse:
    """What the user has looked at among the fund's members, newest first."""
    scope = scoped(request)
    subject = get_object_or_404(scope.audited_users(), pk=user_id)
    record(request, AuditEvent.Action.VIEW, f"adgangslog for bruger {subject.username}", why=WHY)
    events = scope.audit_events().filter(user_id=subject.pk)
    page = _page(request, events)
    _name_members(page)
    return render(request, "audit/user.html", {"subject": subject, "page": page})


def _name_members(page: Page[AuditEvent]) -> None:
    """Each event's member by name and number (``member_name``), read in one query."""
    ids = {e.member_id for e in page.object_list if e.member_id is not None}
    names = {m.pk: m.numbered_name for m in Member.objects.filter(pk__in=ids)}
    for event in page.object_list:
        event.member_name = names.get(event.member_id, str(event.member_id))
