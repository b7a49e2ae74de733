"""Who the demo's users are: the caseworker with the busiest worklist, their team lead, a
member of theirs with a booked conversation, the jobcentre of the municipality with most joint
processes, the fund's administrator, an analyst and the fund's data protection officer."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import Count

from akasse.rules import Kind, Owner
from akasse.web.casework.models import OPEN, Conversation, Obligation
from akasse.web.members.models import Caseworker, Spell

ADMIN_MODELS = ("fund", "branch", "municipality", "trialparticipation", "offertype", "caseworker")


def _busiest_caseworker() -> Caseworker:
    row = (
        Obligation.objects.filter(
            owner=Owner.AKASSE.value,
            held_on__isnull=True,
            status__in=OPEN,
            spell__caseworker__isnull=False,
        )
        .values("spell__caseworker")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    found = (
        Caseworker.objects.get(pk=row["spell__caseworker"]) if row else Caseworker.objects.first()
    )
    assert found is not None, "the demo data has no caseworkers"
    return found


def _member_id(caseworker: Caseworker) -> int:
    booked = (
        Conversation.objects.filter(caseworker=caseworker, status=Conversation.Status.BOOKED)
        .order_by("planned_for", "id")
        .first()
    )
    if booked is not None:
        return booked.spell.member_id
    spell = (
        Spell.objects.filter(caseworker=caseworker).order_by("-first_day").first()
        or Spell.objects.first()
    )
    assert spell is not None
    return spell.member_id


def _jobcentre_municipality() -> str:
    row = (
        Conversation.objects.filter(kinds__contains=Kind.JOINT.value)
        .values("spell__municipality")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if row:
        return str(row["spell__municipality"])
    spell = Spell.objects.first()
    assert spell is not None
    return spell.municipality_id


def personas() -> list[tuple[str, str, dict[str, Any], str]]:
    cw = _busiest_caseworker()
    fund = cw.fund_id
    return [
        (
            "sagsbehandler",
            "caseworker",
            {"fund_id": fund, "caseworker": cw, "branch_id": None},
            "/arbejdsliste/",
        ),
        ("teamleder", "team_lead", {"fund_id": fund, "branch_id": cw.branch_id}, "/team/"),
        ("administrator", "fund_admin", {"fund_id": fund, "is_staff": True}, "/admin/"),
        ("jobcenter", "jobcentre", {"municipality_id": _jobcentre_municipality()}, "/jobcenter/"),
        ("medlem", "member", {"member_id": _member_id(cw)}, "/mit-forloeb/"),
        ("analytiker", "analyst", {"fund_id": fund}, "/opfoelgning/"),
        ("databeskyttelse", "privacy_officer", {"fund_id": fund}, "/adgangslog/"),
    ]


def grant_admin_permissions(user: Any) -> None:
    """The fund administrator keeps the reference data in Django's admin."""
    perms = Permission.objects.filter(
        content_type__app_label="members", content_type__model__in=ADMIN_MODELS
    )
    user.user_permissions.set(perms)
