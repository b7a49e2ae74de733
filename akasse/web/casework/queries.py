"""The queries behind the worklist and the team lead's dashboard. Each is one or two SQL
statements whatever the number of rows (the tests count queries per page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import BaseExpression
from django.utils import timezone

from akasse.web.casework.models import Conversation, Obligation, Slot
from akasse.web.members.models import Caseworker, Spell, caseworker_name

HORIZON = dt.timedelta(days=14)
# A first conversation belongs to the spell's first weeks; older misses show as overdue.
FIRST_CONVERSATION_WINDOW = dt.timedelta(days=60)


def mine_q(caseworker: Caseworker | None, via: str = "") -> Q:
    """A caseworker's own spells and the unassigned ones of their branch; a team lead (no
    caseworker) keeps the whole scope. ``via`` reaches the spell from the queried model."""
    if caseworker is None:
        return Q()
    return Q(**{f"{via}caseworker_id": caseworker.id}) | Q(
        **{f"{via}caseworker_id__isnull": True, f"{via}branch_id": caseworker.branch_id}
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


@dataclass(frozen=True)
class SpellCondition:
    """A condition on a spell compiled by the ORM to SQL on the table ``members_spell``: the
    scope rules stay written once (as ``Q`` in the access module) and the worklist's own SQL,
    which runs on every opening of the page, pays for building and compiling them once rather
    than once per section. The same condition (the same user on the same day) is compiled
    once per process: a ``Q`` is compared by its content, and a subquery in it (the
    jobcentre's) only by identity, so such a condition is compiled each time, never mixed up."""

    sql: str
    params: tuple[object, ...]

    @classmethod
    def of(cls, q: Q) -> SpellCondition:
        if any(isinstance(node, BaseExpression) for node in q.flatten()):
            return cls.compile(q)  # a subquery: equal only to itself, never found again
        return _spell_condition(q, connection.vendor)

    @classmethod
    def compile(cls, q: Q) -> SpellCondition:
        query = Spell.objects.filter(q).query
        if sum(1 for count in query.alias_refcount.values() if count) > 1:
            raise ValueError("a spell condition for hand-written SQL cannot join other tables")
        try:
            sql, params = query.where.as_sql(query.get_compiler(connection=connection), connection)
        except EmptyResultSet:
            return cls("1 = 0", ())
        except FullResultSet:
            return cls("1 = 1", ())
        return cls(sql, tuple(params))


@lru_cache(maxsize=1024)
def _spell_condition(q: Q, vendor: str) -> SpellCondition:
    return SpellCondition.compile(q)


# The member's names, for the rows that name the member.
_NAMES = "m.first_name AS first_name, m.last_name AS last_name"
_MEMBER = "JOIN members_member m ON m.id = members_spell.member_id"
# The fund's obligations yet to be held; written out so that PostgreSQL sees the condition of
# the partial index open_obligation.
_OPEN_SQL = "o.owner = 'akasse' AND o.held_on IS NULL AND o.status IN ('due', 'overdue')"


def open_obligations(
    spells: SpellCondition, day: dt.date, limit: int, *, overdue_only: bool = False
) -> list[Obligation]:
    """The fund's obligations not yet held that fall due within 14 days or are overdue (only
    overdue: ``overdue_only``), most urgent first, of the spells meeting ``spells`` (which
    should include ``active_q``). Each carries its spell's ``member_id`` and
    ``caseworker_id`` and the member's ``first_name`` and ``last_name``."""
    due = "o.due_by < %s" if overdue_only else "o.due_by <= %s"
    return list(
        Obligation.objects.raw(
            "SELECT o.id, o.spell_id, o.kind, o.number, o.due_by, o.projected, "
            "members_spell.member_id AS member_id, members_spell.caseworker_id AS caseworker_id, "
            f"{_NAMES} "
            "FROM casework_obligation o JOIN members_spell ON members_spell.id = o.spell_id "
            f"{_MEMBER} WHERE {spells.sql} AND {_OPEN_SQL} AND {due} "
            "ORDER BY o.due_by, o.spell_id LIMIT %s",
            [*spells.params, day if overdue_only else day + HORIZON, limit],
        )
    )


@dataclass(frozen=True)
class TodaysConversation:
    spell_id: int
    member_id: int
    first_name: str
    last_name: str
    birth_date: dt.date
    kinds: str
    channel: str
    status: str
    starts_at: dt.datetime | None


def todays_conversations(
    spells: SpellCondition, caseworker: Caseworker | None, day: dt.date
) -> list[TodaysConversation]:
    """The conversations planned for ``day`` and not cancelled, of the spells meeting
    ``spells`` (and the caseworker's own, when given), by starting time."""
    mine = "" if caseworker is None else "AND c.caseworker_id = %s "
    rows = Conversation.objects.raw(
        "SELECT c.id, c.spell_id, c.kinds, c.channel, c.status, "
        f"members_spell.member_id AS member_id, {_NAMES}, m.birth_date AS birth_date, "
        "sl.starts_at AS starts_at "
        "FROM casework_conversation c "
        f"JOIN members_spell ON members_spell.id = c.spell_id {_MEMBER} "
        "LEFT JOIN casework_slot sl ON sl.id = c.slot_id "
        f"WHERE {spells.sql} AND c.planned_for = %s AND c.status <> 'cancelled' {mine}"
        "ORDER BY sl.starts_at, c.id",
        [*spells.params, day, *([] if caseworker is None else [caseworker.id])],
    )
    return [
        TodaysConversation(
            row.spell_id,
            row.member_id,  # type: ignore[attr-defined]
            row.first_name,  # type: ignore[attr-defined]
            row.last_name,  # type: ignore[attr-defined]
            row.birth_date,  # type: ignore[attr-defined]
            row.kinds,
            row.channel,
            row.status,
            _aware(row.starts_at),  # type: ignore[attr-defined]
        )
        for row in rows
    ]


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite hands a column read by hand back as a naive datetime in UTC."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment, dt.UTC)
    return moment


def near_transfer(spells: SpellCondition, day: dt.date, limit: int) -> list[Spell]:
    """Spells meeting ``spells`` whose transfer to the jobcentre falls within six weeks (with
    the member's names)."""
    return list(
        Spell.objects.raw(
            "SELECT members_spell.id, member_id, clock_transfer_date, clock_projected, "
            f"hours_consumed, {_NAMES} FROM members_spell {_MEMBER} "
            f"WHERE {spells.sql} AND clock_transfer_date <= %s "
            "ORDER BY clock_transfer_date, members_spell.id LIMIT %s",
            [*spells.params, day + HORIZON * 3, limit],
        )
    )


def unbooked_first(spells: SpellCondition, day: dt.date, limit: int) -> list[Spell]:
    """Spells meeting ``spells`` begun within the last 60 days whose CV conversation is still
    due and that have no conversation booked (with the member's names)."""
    return list(
        Spell.objects.raw(
            f"SELECT members_spell.id, member_id, first_day, {_NAMES} FROM members_spell {_MEMBER} "
            f"WHERE {spells.sql} AND first_day <= %s AND first_day >= %s "
            "AND EXISTS (SELECT 1 FROM casework_obligation o "
            f"WHERE o.spell_id = members_spell.id AND o.kind = 'cv' AND {_OPEN_SQL}) "
            "AND NOT EXISTS (SELECT 1 FROM casework_conversation c "
            "WHERE c.spell_id = members_spell.id AND c.status = 'booked') "
            "ORDER BY first_day, members_spell.id LIMIT %s",
            [*spells.params, day, day - FIRST_CONVERSATION_WINDOW, limit],
        )
    )


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


def caseworker_names(caseworkers: QuerySet[Caseworker]) -> Callable[[int | None], str]:
    """Colleagues' names by id, read in one query: "Hanne Larsen", "Medarbejder 99" without
    a name (or outside ``caseworkers``), "" for none."""
    names = dict(caseworkers.values_list("id", "name"))

    def name(caseworker_id: int | None) -> str:
        if caseworker_id is None:
            return ""
        return caseworker_name(caseworker_id, names.get(caseworker_id, ""))

    return name
