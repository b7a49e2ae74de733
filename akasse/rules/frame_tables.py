"""``plan_frame``'s input: the four tables, their columns and types, and the constructors every
caller builds them with (the nightly planning of the case database, the statistics on a
dataset, the rule cases, the tests and the benchmark).

- ``spells``: one row per spell. spell_id (integer, unique), as_of (Date), first_day (Date),
  insurance ("full_time" | "part_time"), fund, municipality, trial (Boolean, null = look the
  fund and municipality up; the column may be left out).
- ``hours``: one row per spell and month paid. spell_id, month (Date, any day of the month),
  hours (at most two decimals): Float64 as in the dataset, or Decimal as the case database
  keeps them (``EXACT_HOURS``), read exactly.
- ``conversations`` (optional): spell_id, date (Date), kinds (List[String]), channel, owner
  ("akasse" | "jobcenter"; the column may be left out, meaning "akasse").
- ``events`` (optional): spell_id, date (Date), kind (``EventKind``). Jobs taken during a spell
  become events through ``job_events``.

``frame_input`` reads and checks the tables; errors name the table and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple, TypeVar

import polars as pl

from akasse.rules.dates import month_start
from akasse.rules.model import Case, Event, EventKind

SPELLS = pl.Schema(
    {
        "spell_id": pl.Int64,
        "as_of": pl.Date,
        "first_day": pl.Date,
        "insurance": pl.String,
        "fund": pl.String,
        "municipality": pl.String,
        "trial": pl.Boolean,
    }
)
HOURS = pl.Schema({"spell_id": pl.Int64, "month": pl.Date, "hours": pl.Float64})
CONVERSATIONS = pl.Schema(
    {
        "spell_id": pl.Int64(),
        "date": pl.Date(),
        "kinds": pl.List(pl.String),
        "channel": pl.String(),
        "owner": pl.String(),
    }
)
EVENTS = pl.Schema({"spell_id": pl.Int64, "date": pl.Date, "kind": pl.String})
# Jobs taken during a spell, which ``job_events`` turns into events (end_date null: it lasts).
JOBS = pl.Schema({"spell_id": pl.Int64, "start_date": pl.Date, "end_date": pl.Date})
SCHEMAS = {"spells": SPELLS, "hours": HOURS, "conversations": CONVERSATIONS, "events": EVENTS}
# Columns a table may leave out, and what their absence means (see the module docstring).
OPTIONAL = {"spells": ("trial",), "conversations": ("owner",)}
REQUIRED = {
    name: [c for c in schema.names() if c not in OPTIONAL.get(name, ())]
    for name, schema in SCHEMAS.items()
}
# Hours as the case database keeps them: exact, two decimals.
EXACT_HOURS = pl.Decimal(scale=2)

Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


class FrameTables(NamedTuple):
    """The four tables, in ``plan_frame``'s argument order: ``plan_frame(*tables)``."""

    spells: pl.DataFrame
    hours: pl.DataFrame
    conversations: pl.DataFrame
    events: pl.DataFrame


def _rows(rows: Iterable[Sequence[object]], schema: pl.Schema) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def spells_table(rows: Iterable[Sequence[object]]) -> pl.DataFrame:
    """The spells table from rows in ``SPELLS``'s column order."""
    return _rows(rows, SPELLS)


def hours_table(
    rows: Iterable[Sequence[object]], hours: pl.DataType | type[pl.DataType] = pl.Float64
) -> pl.DataFrame:
    """The hours table from (spell_id, month, hours) rows; ``hours`` is the hours' type:
    ``EXACT_HOURS`` for ``Decimal`` values (the database's), Float64 otherwise."""
    return _rows(rows, pl.Schema({**HOURS, "hours": hours}))


def conversations_table(rows: Iterable[Sequence[object]]) -> pl.DataFrame:
    """The conversations table from (spell_id, date, kinds, channel, owner) rows."""
    return _rows(rows, CONVERSATIONS)


def events_table(rows: Iterable[Sequence[object]]) -> pl.DataFrame:
    """The events table from (spell_id, date, kind) rows."""
    return _rows(rows, EVENTS)


def jobs_table(rows: Iterable[Sequence[object]]) -> pl.DataFrame:
    """The jobs taken during spells from (spell_id, start_date, end_date) rows."""
    return _rows(rows, JOBS)


def as_table(name: str, frame: Frame) -> Frame:
    """``frame`` (a dataset's table, say) as the table ``name``: every column of the contract,
    in order and of its type; Decimal hours stay Decimal (exact), other hours become Float64."""
    schema = dict(SCHEMAS[name])
    if name == "hours" and frame.collect_schema()["hours"] == pl.Decimal:
        schema["hours"] = frame.collect_schema()["hours"]
    return frame.select(pl.col(c).cast(t) for c, t in schema.items())


def job_events(jobs: Frame) -> Frame:
    """The events of the jobs taken during a spell (``jobs``: spell_id, start_date, end_date,
    empty while the job lasts): job_start on a job's first day, and reregistered the day after
    it ended (the member registers again). Each job's events in that order, job by job."""
    return (
        jobs.select(
            "spell_id",
            date=pl.concat_list("start_date", pl.col("end_date") + pl.duration(days=1)),
            kind=pl.concat_list(
                pl.lit(EventKind.JOB_START.value), pl.lit(EventKind.REREGISTERED.value)
            ),
        )
        .explode("date", "kind", empty_as_null=False)  # no list is empty: each holds two
        .drop_nulls("date")
        .select(pl.col(c).cast(t) for c, t in EVENTS.items())
    )


def case_events(jobs: Iterable[tuple[dt.date, dt.date | None]]) -> tuple[Event, ...]:
    """``job_events`` of one spell's jobs (start, end) as the per-case planner's events, by
    date."""
    frame = jobs_table((0, start, end) for start, end in jobs)
    found = [Event(day, EventKind(kind)) for _, day, kind in job_events(frame).iter_rows()]
    return tuple(sorted(found, key=lambda e: e.date))


def cases_to_tables(cases: Sequence[Case]) -> FrameTables:
    """The four tables for the cases; spell_id is the position in the list. Hours are Float64,
    as in a dataset, so these tables combine with one read from a dataset."""
    numbered = list(enumerate(cases))
    return FrameTables(
        spells_table(
            (
                i,
                c.as_of,
                c.first_day,
                c.member.insurance.value,
                c.member.fund,
                c.member.municipality,
                c.trial,
            )
            for i, c in numbered
        ),
        hours_table(
            (i, month_start(m), h / 100) for i, c in numbered for m, h in c.hours_paid.items()
        ),
        conversations_table(
            (i, v.date, [k.value for k in v.kinds], v.channel.value, v.owner.value)
            for i, c in numbered
            for v in c.conversations
        ),
        events_table((i, e.date, e.kind.value) for i, c in numbered for e in c.events),
    )
