"""``plan_frame``'s input contract: the constructors, the job events, and hours read exactly
whether they come as Decimal (the case database's) or Float64 (a dataset's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import polars as pl
import pytest

from akasse.rules import Event, EventKind, plan_frame
from akasse.rules.frame import FrameInputError
from akasse.rules.frame_tables import (
    EXACT_HOURS,
    SCHEMAS,
    as_table,
    case_events,
    cases_to_tables,
    hours_table,
    job_events,
    jobs_table,
)
from akasse.rules.synthetic import random_cases

JAN, FEB, MAR = dt.date(2022, 1, 3), dt.date(2022, 2, 28), dt.date(2022, 3, 1)


def test_it_builds_every_table_with_the_contracts_columns_and_types() -> None:
    tables = cases_to_tables(random_cases(20, seed=3))
    assert {name: getattr(tables, name).schema for name in SCHEMAS} == SCHEMAS


def test_it_plans_decimal_hours_as_it_plans_the_same_hours_as_floats() -> None:
    spells, hours, conversations, events = cases_to_tables(random_cases(2_000, seed=11))
    exact = hours.with_columns(pl.col("hours").cast(EXACT_HOURS))
    assert exact["hours"].dtype == pl.Decimal and exact.height > 10_000
    as_float = plan_frame(spells, hours, conversations, events)
    as_decimal = plan_frame(spells, exact, conversations, events)
    for name in ("spells", "obligations", "violations"):
        assert getattr(as_decimal, name).equals(getattr(as_float, name)), name


def test_it_refuses_decimal_hours_with_a_third_decimal() -> None:
    spells, _, _, _ = cases_to_tables(random_cases(3, seed=1))
    month = spells["first_day"][0].replace(day=1)
    hours = hours_table([(0, month, Decimal("160.335"))], pl.Decimal(7, 3))
    with pytest.raises(FrameInputError, match=r"^hours.hours: more than two decimals$"):
        plan_frame(spells, hours)


def test_it_keeps_decimal_hours_exact_and_makes_other_hours_floats() -> None:
    rows = [(1, MAR, Decimal("160.33"))]
    assert as_table("hours", hours_table(rows, EXACT_HOURS))["hours"].dtype == EXACT_HOURS
    whole = pl.DataFrame({"hours": [37], "month": [MAR], "spell_id": [1], "extra": ["x"]})
    assert as_table("hours", whole).schema == SCHEMAS["hours"]


def test_it_makes_a_job_start_and_a_registration_the_day_after_a_job_ended() -> None:
    jobs = jobs_table([(7, JAN, FEB), (8, MAR, None)])
    assert job_events(jobs).rows() == [
        (7, JAN, "job_start"),
        (7, MAR, "reregistered"),
        (8, MAR, "job_start"),
    ]
    assert job_events(jobs.lazy()).collect().equals(job_events(jobs))


def test_it_gives_one_spells_job_events_to_the_per_case_planner_by_date() -> None:
    assert case_events([(MAR, None), (JAN, FEB)]) == (
        Event(JAN, EventKind.JOB_START),
        Event(MAR, EventKind.JOB_START),  # on the same day, the jobs' order is kept
        Event(MAR, EventKind.REREGISTERED),
    )
    assert case_events([]) == ()
