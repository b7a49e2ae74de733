"""The seeded month of sessions and members (the benchmark's instance), and the planner and the
repair after a time-limited solve on it."""

from __future__ import annotations

from collections import Counter
from datetime import date

from akasse.sessions import IN_PERSON, Limits, Planner, first_fit, violations
from akasse.sessions.greedy import fill_in
from akasse.sessions.instance import prepare
from akasse.sessions.synthetic import month_instance, neighbours

from .build import AARHUS, FAVRSKOV, member, session


def test_it_draws_the_same_month_from_the_same_seed() -> None:
    assert month_instance(3, members=50) == month_instance(3, members=50)
    assert month_instance(3, members=50) != month_instance(4, members=50)


def test_it_holds_sessions_on_tuesdays_to_thursdays_outside_the_holidays() -> None:
    sessions, _ = month_instance(1)
    days = sorted({s.day for s in sessions})
    assert {d.weekday() for d in days} == {1, 2, 3}
    assert date(2025, 4, 17) not in days  # skærtorsdag
    assert len(days) == 13
    assert Counter(s.day for s in sessions) == dict.fromkeys(days, 3)
    assert {len(s.pairs) for s in sessions} <= {2, 3, 4}
    assert {s.place for s in sessions} == {AARHUS, *neighbours(AARHUS, 2)}
    assert all(s.place == AARHUS for s in sessions if s.channel != IN_PERSON)


def test_it_draws_members_due_in_the_month_living_nearby() -> None:
    _, members = month_instance(1)
    assert len(members) == 400
    assert {m.due.month for m in members} == {4}
    assert all((m.due - m.earliest).days == 21 for m in members)
    assert {m.municipality for m in members} == {AARHUS, *neighbours(AARHUS, 5)}
    share = Counter(m.conversations for m in members)[2] / len(members)
    assert 0.15 < share < 0.25


def test_it_plans_a_month_within_the_limits_and_places_at_least_as_many_as_first_fit() -> None:
    sessions, members = month_instance(2, members=150)
    plan = Planner(relative_gap=0.01).plan(sessions, members)
    greedy = first_fit(sessions, members)
    assert violations(plan, sessions, members, Limits()) == []
    assert violations(greedy, sessions, members, Limits()) == []
    assert plan.placed >= greedy.placed
    assert plan.report is not None and plan.report.placed_bound == plan.report.placed


def test_it_fills_in_nearest_first_what_a_stopped_solve_left_out() -> None:
    sessions = [session("aarhus", 2), session("favrskov", 3, place=FAVRSKOV)]
    instance = prepare(sessions, [member("a", lives=FAVRSKOV)], Limits())
    assert fill_in(instance, {}) == {0: (1, ((0, 0),))}
    assert first_fit(sessions, [member("a", lives=FAVRSKOV)]).assignments[0].session == "aarhus"
