"""A large fund for the web benchmark, written with PostgreSQL's COPY: 50,000 members with one
spell each, names and contact details, six months of hours, 300,000 conversations (six a spell,
most held), a CV with three jobs for nine members in ten, a joblog entry most weeks, two
openings presented to each, then every spell planned with the rules engine, slots for two
weeks and one caseworker login each."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterable, Sequence

from django.db import connection

AS_OF = dt.date(2024, 6, 3)  # a Monday
BRANCHES = 40
CASEWORKERS = 220
FUND = "BENCH-A"
EMPLOYERS = 300
OPENINGS = 3_000
DISCO = ("5322", "3221", "4110", "5223", "7115", "8322")
FIRST_NAMES = ("Anne", "Mette", "Peter", "Jens", "Hanne", "Lars", "Maria", "Søren", "Fatima")
LAST_NAMES = ("Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen")


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
            name=f"{FIRST_NAMES[c % len(FIRST_NAMES)]} {LAST_NAMES[c % len(LAST_NAMES)]}",
        )
        for c in range(CASEWORKERS)
    )
    _openings()


def _openings() -> None:
    from akasse.dataset.reference import cvr_valid  # noqa: PLC0415
    from akasse.web.jobs.models import Employer, JobOpening  # noqa: PLC0415

    numbers = (str(n) for n in range(90_000_000, 100_000_000))
    cvrs = list(itertools.islice((n for n in numbers if cvr_valid(n)), EMPLOYERS))
    Employer.objects.bulk_create(
        Employer(cvr=cvr, name=f"Virksomhed {n}", industry="trade", municipality_id="0751")
        for n, cvr in enumerate(cvrs)
    )
    JobOpening.objects.bulk_create(
        JobOpening(
            id=o,
            fund_id=None if o % 3 else FUND,
            employer_id=cvrs[o % EMPLOYERS],
            title=f"Stilling {o}",
            disco=DISCO[o % len(DISCO)],
            disco_major=int(DISCO[o % len(DISCO)][0]),
            municipality_id="0751",
            posted_on=AS_OF - dt.timedelta(days=o % 60),
            closes_on=AS_OF + dt.timedelta(days=o % 30),
            source="job_order" if o % 3 == 0 else "portal",
        )
        for o in range(OPENINGS)
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
        [
            "id",
            "birth_date",
            "gender",
            "origin",
            "education",
            "first_name",
            "last_name",
            "street",
            "postcode",
            "town",
            "email",
            "phone",
        ],
        (
            (
                i,
                dt.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                "woman" if i % 2 else "man",
                "danish",
                "vocational",
                FIRST_NAMES[i % len(FIRST_NAMES)],
                LAST_NAMES[i % len(LAST_NAMES)],
                f"Vestergade {1 + i % 90}",
                "8000",
                "Aarhus C",
                f"medlem{i}@example.dk",
                f"20 {i % 100:02d} {i // 100 % 100:02d} 00",
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
    _job_search(starts)


def _job_search(starts: list[dt.date]) -> None:
    """CVs (nine in ten members) with three jobs each, joblog entries in three weeks of four,
    two presentations a spell."""
    with_cv = [i for i in range(len(starts)) if i % 10]
    _copy(
        "jobs_cv",
        [
            "member_id",
            "updated_on",
            "searchable",
            "education_level",
            "education_field",
            "skills",
            "driving_licence",
            "languages",
            "wished_disco",
            "wish_text",
            "hours_wished",
            "max_travel_km",
        ],
        (
            (
                i,
                starts[i] - dt.timedelta(days=i % 400),
                True,
                "vocational",
                "health",
                "personal_care,documentation",
                bool(i % 2),
                "da,en",
                f"{DISCO[i % len(DISCO)]},{DISCO[(i + 1) % len(DISCO)]}",
                "Jeg søger job som social- og sundhedshjælper.",
                "full_time",
                30,
            )
            for i in with_cv
        ),
    )
    _copy(
        "jobs_cvjob",
        ["cv_id", "disco", "title", "employer", "from_date", "to_date"],
        (
            (
                i,
                DISCO[(i + k) % len(DISCO)],
                f"Stilling {k}",
                f"Arbejdsplads {i % 500}",
                starts[i] - dt.timedelta(days=400 * (k + 1)),
                starts[i] - dt.timedelta(days=400 * k + 1),
            )
            for i in with_cv
            for k in range(3)
        ),
    )
    _copy(
        "jobs_joblogentry",
        ["spell_id", "applied_on", "employer", "title", "channel"],
        (
            (i, first + dt.timedelta(days=7 * w + 2), f"Virksomhed {w}", f"Stilling {w}", "email")
            for i, first in enumerate(starts)
            for w in range((AS_OF - first).days // 7)
            if (i + w) % 4
        ),
    )
    _copy(
        "jobs_jobpresentation",
        ["spell_id", "opening_id", "presented_on", "relevant", "objection"],
        (
            (i, (i * 7 + k) % OPENINGS, first + dt.timedelta(days=30 * (k + 1)), k == 0, False)
            for i, first in enumerate(starts)
            for k in range(2)
        ),
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
