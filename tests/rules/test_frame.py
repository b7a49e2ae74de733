"""``plan_frame`` gives the same answers as ``plan``."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akasse.rules import (
    Case,
    Channel,
    Conversation,
    Event,
    EventKind,
    Insurance,
    Kind,
    Member,
    Owner,
    plan,
    plan_frame,
)
from akasse.rules.frame import FrameInputError
from akasse.rules.frame_tables import cases_to_tables
from akasse.rules.synthetic import random_cases

from .compare import frame_rows, plan_rows

RANDOM_CASES = 12_000


def test_it_agrees_with_plan_on_twelve_thousand_random_cases() -> None:
    cases = random_cases(RANDOM_CASES, seed=20260101)
    result = plan_frame(*cases_to_tables(cases))
    rows = frame_rows(result)
    mismatches = [(i, case) for i, case in enumerate(cases) if rows[i] != plan_rows(plan(case))]
    assert mismatches == [], f"{len(mismatches)} cases differ, first: {mismatches[0]}"
    # The random cases reach every status, regime and violation, so agreement means something.
    assert set(result.obligations["status"]) == {"met", "late", "due", "overdue", "lapsed"}
    assert set(result.spells["regime"]) == {
        "pre_2020",
        "normal_2020",
        "trial_2020",
        "simplified_2024",
    }
    assert set(result.violations["code"]) == {
        "merge_not_allowed",
        "too_many_kinds",
        "channel_not_counted",
        "after_spell_end",
    }
    assert result.spells["akutpakke_eligible"].sum() > 0
    assert result.spells["projected"].sum() > 0


days = st.integers(min_value=0, max_value=420).map(lambda d: dt.timedelta(days=d))
first_days = st.dates(min_value=dt.date(2019, 10, 1), max_value=dt.date(2024, 4, 1))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    first_day = draw(first_days)
    insurance = draw(st.sampled_from(list(Insurance)))
    first_month = (first_day.year - 1970) * 12 + first_day.month - 1
    hours = draw(st.lists(st.sampled_from([0, 3700, 13000, 16033, 17000, 11200]), max_size=14))
    conversations = draw(
        st.lists(
            st.builds(
                Conversation,
                date=days.map(lambda d: first_day + d),
                kinds=st.lists(
                    st.sampled_from(list(Kind)), min_size=1, max_size=3, unique=True
                ).map(tuple),
                channel=st.sampled_from(list(Channel)),
                owner=st.sampled_from(list(Owner)),
            ),
            max_size=6,
        )
    )
    events = draw(
        st.lists(
            st.builds(
                Event, date=days.map(lambda d: first_day + d), kind=st.sampled_from(list(EventKind))
            ),
            max_size=3,
        )
    )
    return Case(
        as_of=first_day + draw(days) - dt.timedelta(days=15),
        member=Member(dt.date(1990, 1, 1), insurance, "FOA-A", "0751"),
        first_day=first_day,
        hours_paid={first_month + i: h for i, h in enumerate(hours)},
        trial=draw(st.sampled_from([None, True, False])),
        conversations=tuple(conversations),
        events=tuple(events),
    )


def test_it_gives_the_same_tables_when_planned_in_parallel_parts() -> None:
    frames = cases_to_tables(random_cases(3_000, seed=5))
    whole = plan_frame(*frames, parts=1)
    split = plan_frame(*frames, parts=3)
    for name in ("spells", "obligations", "violations"):
        assert getattr(split, name).equals(getattr(whole, name)), name
    assert whole.violations.height > 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_it_agrees_with_plan_on_any_single_case(case: Case) -> None:
    assert frame_rows(plan_frame(*cases_to_tables([case])))[0] == plan_rows(plan(case))


def test_it_rejects_a_table_without_a_required_column() -> None:
    spells, hours, _, _ = cases_to_tables(random_cases(3, seed=1))
    with pytest.raises(FrameInputError, match=r"^spells: missing column first_day$"):
        plan_frame(spells.drop("first_day"), hours)


def test_it_rejects_hours_of_a_spell_it_does_not_know() -> None:
    spells, hours, _, _ = cases_to_tables(random_cases(3, seed=1))
    stray = pl.DataFrame({"spell_id": [99], "month": [dt.date(2022, 1, 1)], "hours": [1.0]})
    with pytest.raises(FrameInputError, match=r"^hours.spell_id: 99 is not in spells$"):
        plan_frame(spells, pl.concat([hours, stray]))


def test_it_rejects_an_event_before_the_spell() -> None:
    spells, hours, _, _ = cases_to_tables(random_cases(3, seed=1))
    early = spells["first_day"][1] - dt.timedelta(days=1)
    events = pl.DataFrame({"spell_id": [1], "date": [early], "kind": ["job_start"]})
    with pytest.raises(FrameInputError, match=r"^events.date: spell 1 has an event before"):
        plan_frame(spells, hours, events=events)


def test_it_rejects_the_same_month_twice() -> None:
    spells, hours, _, _ = cases_to_tables(random_cases(50, seed=2))
    with pytest.raises(FrameInputError, match=r"^hours: a spell has the same month twice$"):
        plan_frame(spells, pl.concat([hours, hours.head(1)]))
