"""The planner's input is checked whole before anything is planned, and every problem is
named in one error."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

import pytest

from akasse.sessions import Limits, Pair, Planner, SessionsError, first_fit

from .build import member, session


def problems(sessions: list, members: list, limits: Limits | None = None) -> tuple[str, ...]:
    with pytest.raises(SessionsError) as caught:
        Planner(limits).plan(sessions, members)
    with pytest.raises(SessionsError):
        first_fit(sessions, members, limits)
    return caught.value.problems


def test_it_names_an_unknown_municipality_of_a_member_and_of_a_session() -> None:
    found = problems([session("s1", 1, place="9999")], [member("m1", lives="751")])
    assert found == (
        "session 's1': place '9999' is not a municipality code (e.g. '0751')",
        "member 'm1': municipality '751' is not a municipality code",
    )


def test_it_refuses_a_session_without_pairs() -> None:
    bare = replace(session("s1", 1), pairs=())
    assert problems([bare], [member("m1")]) == (
        "session 's1': no pairs; give at least one (jobcentre consultant, caseworker)",
    )


def test_it_refuses_a_due_date_before_the_earliest_date() -> None:
    assert problems([session("s1", 1)], [member("m1", earliest=10, due=9)]) == (
        "member 'm1': due 2025-04-09 is before earliest 2025-04-10; give a due date on or "
        "after the earliest",
    )


def test_it_refuses_unknown_channels_and_conversation_counts() -> None:
    found = problems(
        [session("s1", 1, channel="teams")],
        [member("m1", accepts=("in_person", "sms")), member("m2", conversations=3)],
    )
    assert found == (
        "session 's1': channel 'teams': choose one of in_person, phone, video",
        "member 'm1': accepts ['in_person', 'sms']: give one or more of in_person, phone, video",
        "member 'm2': conversations 3: give 1 or 2",
    )


def test_it_refuses_ids_used_twice() -> None:
    found = problems([session("s1", 1), session("s1", 2)], [member("m1"), member("m1")])
    assert found == (
        "session 's1': the id is used twice; give each session its own",
        "member 'm1': the id is used twice; give each member its own",
    )


def test_it_refuses_a_consultant_in_two_pairs_or_two_sessions_at_once() -> None:
    twice = replace(session("s1", 1), pairs=(Pair("JC1", "AK1"), Pair("JC1", "AK2")))
    morning = session("s2", 2)
    overlapping = replace(session("s3", 2, start=time(12)), pairs=morning.pairs)
    afternoon = replace(session("s4", 2, start=time(16, 30)), pairs=morning.pairs)
    found = problems([twice, morning, overlapping, afternoon], [member("m1")])
    assert found == (
        "session 's1': JC1 in two pairs at once; give each pair its own",
        "sessions 's2' and 's3': their times overlap and AKs21, JCs21 would be in both; "
        "give one of them other pairs",
    )


def test_it_refuses_a_session_that_runs_past_midnight_or_has_no_slots() -> None:
    late = session("s1", 1, start=time(20), slots=6, slot_minutes=45)
    empty = session("s2", 1, slots=0)
    assert problems([late, empty], [member("m1")]) == (
        "session 's1': 6 slots of 45 minutes run past midnight",
        "session 's2': slots 0 of 45 minutes: give 1 or more of each",
    )


def test_it_refuses_limits_that_cannot_hold() -> None:
    found = problems([session("s1", 1)], [member("m1")], Limits(per_pair=0, max_wait=-1))
    assert found == (
        "limits: per_pair 0: give 1 or more conversations",
        "limits: max_wait -1: give 0 or more minutes",
    )


def test_it_lists_every_problem_in_the_message() -> None:
    members = [member(f"m{i}", earliest=2, due=1) for i in range(25)]
    with pytest.raises(SessionsError) as caught:
        Planner().plan([session("s1", 1)], members)
    message = str(caught.value)
    assert message.startswith("the session plan's input is not valid:\n  member 'm0': due")
    assert message.endswith("\n  ... and 5 more")
    assert len(caught.value.problems) == 25


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"time_limit": 0}, "time_limit 0: give a number of seconds above 0"),
        ({"relative_gap": 1.0}, "relative_gap 1.0: give a share from 0 up to 1"),
        ({"workers": 0}, "workers 0: give 1 or more"),
    ],
)
def test_it_refuses_solver_settings_out_of_range(options: dict, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        Planner(**options)
