"""Bookable slots from each caseworker's capacity, and booking the conversations falling due
into them (the demo's morning, and a fund's first day on the system)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import holidays
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from akasse.rules import Kind
from akasse.web.casework.models import Conversation, Obligation, Slot
from akasse.web.casework.services import CaseworkError, book
from akasse.web.members.models import Caseworker

FIRST_HOUR = 9
MINUTES = 45


def working_days(start: dt.date, days: int) -> list[dt.date]:
    """Weekdays that are not Danish public holidays, from ``start`` for ``days`` days."""
    closed = holidays.country_holidays("DK", years=range(start.year, start.year + 2))
    span = (start + dt.timedelta(days=i) for i in range(days))
    return [d for d in span if d.weekday() < 5 and d not in closed]


def conversation_days(caseworker: Caseworker, days: list[dt.date]) -> list[dt.date]:
    """The caseworker's conversation days: the first ``conversation_days_per_week`` working
    days of each week (at least one)."""
    per_week = max(1, round(caseworker.conversation_days_per_week))
    chosen: list[dt.date] = []
    seen: dict[tuple[int, int], int] = {}
    for day in days:
        week = day.isocalendar()[:2]
        if seen.get(week, 0) < per_week:
            chosen.append(day)
            seen[week] = seen.get(week, 0) + 1
    return chosen


def make_slots(
    caseworkers: Iterable[Caseworker], start: dt.date, days: int, *, dry_run: bool = False
) -> int:
    """Slots on each caseworker's conversation days, ``capacity_per_day`` a day, one an hour
    from 9 o'clock; existing slots are kept (the unique constraint makes this idempotent)."""
    open_days = working_days(start, days)
    new = [
        Slot(
            caseworker=cw,
            branch_id=cw.branch_id,
            starts_at=timezone.make_aware(
                dt.datetime.combine(day, dt.time(FIRST_HOUR)) + dt.timedelta(hours=i)
            ),
            minutes=MINUTES,
        )
        for cw in caseworkers
        for day in conversation_days(cw, open_days)
        for i in range(cw.capacity_per_day)
    ]
    if not dry_run:
        Slot.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    return len(new)


def book_due(
    day: dt.date, horizon: int = 14, progress: Callable[[int, int], None] | None = None
) -> int:
    """Book each spell's earliest unmet fund obligation falling due within ``horizon`` days
    into the earliest free slot of its branch from ``day`` (its caseworker's, when assigned)."""
    booked = Conversation.objects.filter(spell=OuterRef("spell"), status="booked")
    due = (
        Obligation.objects.filter(
            owner="akasse",
            held_on__isnull=True,
            status__in=("due", "overdue"),
            due_by__gte=day - dt.timedelta(days=30),
            due_by__lte=day + dt.timedelta(days=horizon),
        )
        .exclude(Exists(booked))
        .select_related("spell__branch")
        .order_by("spell_id", "due_by")
    )
    first: dict[int, Obligation] = {}
    for o in due:
        first.setdefault(o.spell_id, o)
    done = 0
    for i, o in enumerate(first.values(), start=1):
        if _book_one(o, day):
            done += 1
        if progress:
            progress(i, len(first))
    return done


@transaction.atomic
def _book_one(o: Obligation, day: dt.date) -> bool:
    spell = o.spell
    slots = Slot.objects.filter(
        branch_id=spell.branch_id, starts_at__date__gte=day, conversation__isnull=True
    )
    if spell.caseworker_id is not None:
        slots = slots.filter(caseworker_id=spell.caseworker_id)
    slot = slots.order_by("starts_at").first()
    if slot is None:
        return False
    try:
        book(spell, slot, [Kind(o.kind)], "in_person", day)
    except CaseworkError:
        return False
    return True
