"""The queries behind the worklist and the team lead's dashboard. Each is one or two SQL
statements whatever the number of rows (the tests count queries per page)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from akasse.web.casework.models import Conversation, Obligation, Slot
from akasse.web.members.models import Caseworker, Spell

HORIZON = dt.timedelta(days=14)
OPEN = ("due", "overdue")
# A first conversation belongs to the spell's first weeks; older misses show as overdue.
FIRST_CONVERSATION_WINDOW = dt.timedelta(days=60)


def mine_q(caseworker: Caseworker | None, via: str = "") -> Q:
    """A caseworker's own spells and the unassigned ones of their branch; a team lead (no
    caseworker) keeps the whole scope. ``via`` reaches the spell from the queried model."""
    if caseworker is None:
        return Q()
    return Q(**{f"{via}caseworker": caseworker}) | Q(
        **{f"{via}caseworker__isnull": True, f"{via}branch_id": caseworker.branch_id}
    )


def active_q(day: dt.date, via: str = "") -> Q:
    """Spells the fund still runs: not handed over to the jobcentre, and the member on
    dagpenge in the latest week, which reaches this week (or no weekly status yet: a spell
    begun in the app)."""
    return (
        Q(**{f"{via}clock_transfer_date__isnull": True})
        | Q(**{f"{via}clock_transfer_date__gte": day})
    ) & (
        Q(**{f"{via}weeks": ""})
        | Q(**{f"{via}weeks__endswith": "d", f"{via}status_until__gte": day - dt.timedelta(days=7)})
    )


def todays_conversations(
    conversations: QuerySet[Conversation], caseworker: Caseworker | None, day: dt.date
) -> QuerySet[Conversation]:
    qs = conversations.filter(planned_for=day).exclude(status=Conversation.Status.CANCELLED)
    if caseworker is not None:
        qs = qs.filter(caseworker=caseworker)
    return qs.order_by("slot__starts_at", "id")


def open_obligations(spells: Q, day: dt.date) -> QuerySet[Obligation]:
    """The fund's obligations not yet met that fall due within 14 days or are overdue, of
    spells not yet handed over to the jobcentre. ``spells`` is a condition on the obligation's
    spell (reached through ``spell__``)."""
    return Obligation.objects.filter(
        spells,
        active_q(day, "spell__"),
        owner="akasse",
        held_on__isnull=True,
        status__in=OPEN,
        due_by__lte=day + HORIZON,
    ).order_by("due_by", "spell_id")


def near_transfer(spells: Q, day: dt.date) -> QuerySet[Spell]:
    return Spell.objects.filter(
        spells, active_q(day), clock_transfer_date__lte=day + HORIZON * 3
    ).order_by("clock_transfer_date", "id")


def unbooked_first(spells: Q, day: dt.date) -> QuerySet[Spell]:
    """Spells whose CV conversation is still due and that have no conversation booked."""
    cv_open = Obligation.objects.filter(
        spell=OuterRef("pk"), kind="cv", owner="akasse", held_on__isnull=True, status__in=OPEN
    )
    booked = Conversation.objects.filter(spell=OuterRef("pk"), status=Conversation.Status.BOOKED)
    return Spell.objects.filter(
        spells,
        active_q(day),
        Exists(cv_open),
        ~Exists(booked),
        first_day__lte=day,
        first_day__gte=day - FIRST_CONVERSATION_WINDOW,
    ).order_by("first_day", "id")


@dataclass(frozen=True)
class CapacityDay:
    day: dt.date
    slots: int
    free: int
    falling_due: int

    @property
    def short(self) -> bool:
        return self.falling_due > self.free


def capacity(slots: QuerySet[Slot], spells: Q, day: dt.date) -> list[CapacityDay]:
    """For each of the next 14 days: slots, free slots, and the unmet obligations falling due
    (``spells``: a condition on the obligation's spell)."""
    end = day + HORIZON
    per_day = {
        row["starts_at__date"]: row
        for row in slots.filter(starts_at__date__gte=day, starts_at__date__lt=end)
        .values("starts_at__date")
        .annotate(total=Count("id"), free=Count("id", filter=Q(conversation__isnull=True)))
    }
    due = dict(
        Obligation.objects.filter(
            spells,
            owner="akasse",
            held_on__isnull=True,
            due_by__gte=day,
            due_by__lt=end,
        )
        .values("due_by")
        .annotate(n=Count("id"))
        .values_list("due_by", "n")
    )
    days = [day + dt.timedelta(days=i) for i in range(HORIZON.days)]
    return [
        CapacityDay(
            d,
            per_day.get(d, {}).get("total", 0),
            per_day.get(d, {}).get("free", 0),
            due.get(d, 0),
        )
        for d in days
    ]


def timeliness(spells: Q, by: str) -> list[dict[str, object]]:
    """Share of the fund's judged obligations met on time, grouped by ``by`` (a spell field);
    ``spells`` is a condition on the obligation's spell."""
    rows = (
        Obligation.objects.filter(spells, owner="akasse", status__in=("met", "late", "overdue"))
        .values(f"spell__{by}")
        .annotate(
            judged=Count("id"),
            met=Count("id", filter=Q(status="met")),
            late=Count("id", filter=Q(status="late")),
            overdue=Count("id", filter=Q(status="overdue")),
        )
        .order_by(f"spell__{by}")
    )
    return [
        {
            "key": row[f"spell__{by}"],
            "judged": row["judged"],
            "met": row["met"],
            "late": row["late"],
            "overdue": row["overdue"],
            "on_time": row["met"] / row["judged"] if row["judged"] else None,
        }
        for row in rows
    ]
