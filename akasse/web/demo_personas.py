"""Who the demo's users are: a typical caseworker (the fund's median caseload, free slots this
week, a few conversations today, a handful of deadlines and one or two overdue), their team
lead, a member of theirs with a booked conversation, the jobcentre of the municipality with
most joint processes, the fund's administrator, an analyst and the fund's data protection
officer."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Permission
from django.db.models import Count, Q

from akasse.rules import Kind, Owner
from akasse.web.accounts.models import User
from akasse.web.casework.models import OPEN, Conversation, Obligation, Slot
from akasse.web.casework.queries import HORIZON, active_q
from akasse.web.members.models import Caseworker, Spell

ADMIN_MODELS = ("fund", "branch", "municipality", "trialparticipation", "offertype", "caseworker")
JOB_MODELS = ("jobopening", "employer")
# What makes a caseworker's morning typical (the worklist's own sections).
CONVERSATIONS_TODAY = (3, 7)
DEADLINES_DUE = (3, 10)
OVERDUE = (1, 2)
CASEWORKER_USER = "sagsbehandler"


@dataclass(frozen=True)
class Workload:
    """A caseworker's day as the worklist shows it: active spells of their own, free slots
    from today to Friday, conversations today, and the open deadlines of their own and their
    branch's unassigned spells within 14 days (``due``) or passed (``overdue``)."""

    caseworker: Caseworker
    caseload: int
    median_caseload: float
    free_this_week: int
    today: int
    due: int
    overdue: int

    def misses(self) -> int:
        """How many of the criteria the day misses (0: a typical morning)."""
        return sum(
            (
                self.free_this_week == 0,
                not CONVERSATIONS_TODAY[0] <= self.today <= CONVERSATIONS_TODAY[1],
                not DEADLINES_DUE[0] <= self.due <= DEADLINES_DUE[1],
                not OVERDUE[0] <= self.overdue <= OVERDUE[1],
            )
        )

    def summary(self) -> str:
        return (
            f"{self.caseworker} (medarbejder {self.caseworker.id}): {self.caseload} aktive "
            f"forløb (a-kassens median {self.median_caseload:g}), {self.today} samtaler i dag, "
            f"{self.free_this_week} ledige tider i denne uge, {self.due} frister inden for 14 "
            f"dage, {self.overdue} overskredne"
        )


def workloads(day: dt.date) -> list[Workload]:
    """Every caseworker's workload on ``day``, in a few aggregate queries."""
    caseworkers = list(Caseworker.objects.order_by("id"))
    spells = Spell.objects.filter(active_q(day))
    caseload = _counts(spells.filter(caseworker__isnull=False), "caseworker")
    friday = day + dt.timedelta(days=4 - day.weekday())
    free = _counts(
        Slot.objects.filter(
            starts_at__date__gte=day, starts_at__date__lte=friday, conversation__isnull=True
        ),
        "caseworker",
    )
    today = _counts(
        Conversation.objects.filter(planned_for=day, caseworker__isnull=False).exclude(
            status=Conversation.Status.CANCELLED
        ),
        "caseworker",
    )
    due, overdue = _deadlines(day)
    medians = {
        fund: statistics.median(caseload.get(c.id, 0) for c in caseworkers if c.fund_id == fund)
        for fund in {c.fund_id for c in caseworkers}
    }
    return [
        Workload(
            c,
            caseload.get(c.id, 0),
            medians[c.fund_id],
            free.get(c.id, 0),
            today.get(c.id, 0),
            due[("cw", c.id)] + due[("branch", c.branch_id)],
            overdue[("cw", c.id)] + overdue[("branch", c.branch_id)],
        )
        for c in caseworkers
    ]


def _counts(rows: Any, by: str) -> dict[int, int]:
    return dict(rows.order_by().values_list(by).annotate(n=Count("id")))


def _deadlines(day: dt.date) -> tuple[Counter[tuple[str, int]], Counter[tuple[str, int]]]:
    """The open fund deadlines within 14 days of active spells, due and overdue, counted by
    the spell's caseworker ("cw", id) and, for unassigned spells, by branch ("branch", id)."""
    rows = (
        Obligation.objects.filter(
            active_q(day, "spell__"),
            owner=Owner.AKASSE.value,
            held_on__isnull=True,
            status__in=OPEN,
            due_by__lte=day + HORIZON,
        )
        .order_by()
        .values_list("spell__caseworker", "spell__branch")
        .annotate(
            due=Count("id", filter=Q(due_by__gte=day)),
            overdue=Count("id", filter=Q(due_by__lt=day)),
        )
    )
    due: Counter[tuple[str, int]] = Counter()
    overdue: Counter[tuple[str, int]] = Counter()
    for caseworker, branch, n_due, n_overdue in rows:
        key = ("cw", caseworker) if caseworker is not None else ("branch", branch)
        due[key] += n_due
        overdue[key] += n_overdue
    return due, overdue


def typical_caseworker(day: dt.date) -> Workload:
    """The caseworker whose morning is typical (see ``Workload.misses``) with a caseload
    nearest their fund's median; if none is, the one missing fewest criteria."""
    found = workloads(day)
    assert found, "the demo data has no caseworkers"
    return min(
        found,
        key=lambda w: (w.misses(), abs(w.caseload - w.median_caseload), w.caseworker.id),
    )


def demo_caseworker(day: dt.date) -> Workload:
    """The demo caseworker's workload: the one chosen at the demo's first start (so that a
    morning's bookings do not hand the demo to a colleague at the next start), or else the
    typical caseworker."""
    chosen = (
        User.objects.filter(username=CASEWORKER_USER, caseworker__isnull=False)
        .values_list("caseworker_id", flat=True)
        .first()
    )
    if chosen is None:
        return typical_caseworker(day)
    return next(w for w in workloads(day) if w.caseworker.id == chosen)


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


def personas(caseworker: Caseworker) -> list[tuple[str, str, dict[str, Any], str]]:
    """The demo's users around ``caseworker`` (``typical_caseworker``'s)."""
    cw = caseworker
    fund = cw.fund_id
    return [
        (
            CASEWORKER_USER,
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
    """The fund administrator keeps the reference data and the fund's job orders in Django's
    admin."""
    perms = Permission.objects.filter(
        Q(content_type__app_label="members", content_type__model__in=ADMIN_MODELS)
        | Q(content_type__app_label="jobs", content_type__model__in=JOB_MODELS)
    )
    user.user_permissions.set(perms)
