"""A large fund for the web benchmark, written with PostgreSQL's COPY: 50,000 members with one
spell each, six months of hours, 300,000 conversations (six a spell, most held), then every
spell planned with the rules engine, slots for two weeks and one caseworker login each."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence

from django.db import connection

AS_OF = dt.date(2024, 6, 3)  # a Monday
BRANCHES = 40
CASEWORKERS = 220
FUND = "BENCH-A"


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _reference() -> None:
    from akasse.web.members.models import Branch, Caseworker, Fund, Municipality  # noqa: PLC0415

    town = Municipality.objects.create(code="0751", name="Aarhus", region="Midtjylland")
    fund = Fund.objects.create(code=FUND, name="Benchmark-a-kassen")
    Branch.objects.bulk_create(
        Branch(id=b, fund=fund, name=f"Afdeling {b}", municipality=town) for b in range(BRANCHES)
    )
    Caseworker.objects.bulk_create(
        Caseworker(
            id=c,
            fund=fund,
            branch_id=c % BRANCHES,
            capacity_per_day=5,
            conversation_days_per_week=3.0,
        )
        for c in range(CASEWORKERS)
    )


def _first_day(rng: random.Random) -> dt.date:
    return AS_OF - dt.timedelta(days=rng.randrange(7, 200))


def generate(members: int, per_spell: int, seed: int = 1) -> None:
    """Fill an empty, migrated database."""
    rng = random.Random(seed)
    _reference()
    starts = [_first_day(rng) for _ in range(members)]
    _copy(
        "members_member",
        ["id", "birth_date", "gender", "origin", "education"],
        (
            (
                i,
                dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                "woman" if i % 2 else "man",
                "danish",
                "vocational",
            )
            for i in range(members)
        ),
    )
    _copy(
        "members_spell",
        [
            "id",
            "member_id",
            "fund_id",
            "branch_id",
            "municipality_id",
            "first_day",
            "insurance",
            "trial",
            "regime",
            "age",
            "weeks",
            "caseworker_id",
            "clock_projected",
            "hours_consumed",
        ],
        (
            (
                i,
                i,
                FUND,
                (i % CASEWORKERS) % BRANCHES,
                "0751",
                starts[i],
                "full_time",
                False,
                "simplified_2024",
                30 + i % 35,
                "",
                i % CASEWORKERS,
                False,
                0,
            )
            for i in range(members)
        ),
    )
    _copy("members_hourspaid", ["spell_id", "month", "hours"], _hours(starts))
    _copy(
        "casework_conversation",
        [
            "spell_id",
            "kinds",
            "owner",
            "channel",
            "booked_on",
            "planned_for",
            "held_on",
            "status",
            "caseworker_id",
            "branch_id",
            "participants",
            "summary",
        ],
        _conversations(starts, per_spell, rng),
    )


def _hours(starts: list[dt.date]) -> Iterable[tuple[int, dt.date, float]]:
    for i, first in enumerate(starts):
        month = first.replace(day=1)
        while month <= AS_OF:
            yield i, month, 148.0 if month > first else 74.0
            month = (month + dt.timedelta(days=32)).replace(day=1)


def _conversations(
    starts: list[dt.date], per_spell: int, rng: random.Random
) -> Iterable[tuple[object, ...]]:
    for i, first in enumerate(starts):
        cw = i % CASEWORKERS
        for k in range(per_spell):
            day = first + dt.timedelta(days=10 + 21 * k + rng.randrange(3))
            if day <= AS_OF:
                yield (
                    i,
                    "job",
                    "akasse",
                    "in_person",
                    day - dt.timedelta(days=14),
                    day,
                    day,
                    "held",
                    cw,
                    cw % BRANCHES,
                    "medlem, sagsbehandler",
                    "Samtale om jobsøgning og næste skridt.",
                )
            else:
                yield (
                    i,
                    "job",
                    "akasse",
                    "in_person",
                    AS_OF,
                    day,
                    None,
                    "booked",
                    cw,
                    cw % BRANCHES,
                    "",
                    "",
                )
