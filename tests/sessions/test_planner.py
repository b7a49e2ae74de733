"""The planner on instances small enough to check by hand: the limits held, deadlines kept,
the km as few as the placements allow, first fit beaten where it fails, every member left
out explained with the right reason."""

from __future__ import annotations

from collections import Counter
from datetime import date, time

from akasse.sessions import (
    PHONE,
    VIDEO,
    Limits,
    Member,
    Plan,
    Planner,
    Reason,
    Session,
    first_fit,
    violations,
)
from akasse.sessions.explain import day_text, km_text

from .build import AARHUS, FAVRSKOV, RANDERS, SKANDERBORG, km, member, session


def planned(sessions: list[Session], members: list[Member], limits: Limits | None = None) -> Plan:
    plan = Planner(limits).plan(sessions, members)
    assert violations(plan, sessions, members, limits or Limits()) == []
    return plan


def test_it_gives_a_pair_at_most_four_conversations_and_explains_the_rest() -> None:
    members = [member(f"m{i}", due=10) for i in range(6)]
    plan = planned([session("s1", 3)], members)
    assert plan.placed == 4
    assert Counter(b.pair for a in plan.assignments for b in a.bookings).most_common(1)[0][1] == 4
    left = plan.unplaced[0]
    assert (left.reason, left.sessions) == (Reason.SESSIONS_FULL, ("s1",))
    assert left.message == (
        "Den eneste session fra 1.4.2025 til fristen 10.4.2025, som medlemmet kan deltage i, "
        "er fuld."
    )


def test_it_holds_one_conversation_per_pair_and_slot() -> None:
    plan = planned([session("s1", 3, n_pairs=2, slots=2)], [member(f"m{i}") for i in range(5)])
    assert plan.placed == 4
    cells = [(b.pair, b.slot) for a in plan.assignments for b in a.bookings]
    assert len(set(cells)) == 4
    assert {(b.start, b.end) for a in plan.assignments for b in a.bookings} == {
        (time(9), time(9, 45)),
        (time(9, 45), time(10, 30)),
    }


def test_it_keeps_each_member_from_earliest_to_due() -> None:
    sessions = [session("early", 2), session("mid", 9), session("late", 16)]
    members = [member("a", earliest=5, due=12), member("b", earliest=1, due=3)]
    plan = planned(sessions, members)
    assert {a.member: a.session for a in plan.assignments} == {"a": "mid", "b": "early"}


def test_it_places_on_the_due_date_itself() -> None:
    plan = planned([session("s1", 9)], [member("a", earliest=1, due=9)])
    assert plan.assignment("a") is not None


def test_it_explains_a_member_with_no_session_before_the_due_date() -> None:
    plan = planned([session("s1", 9)], [member("a", earliest=1, due=8)])
    left = plan.reason("a")
    assert left is not None
    assert (left.reason, left.sessions) == (Reason.NO_SESSION_BEFORE_DUE, ())
    assert left.message == "Der er ingen session fra 1.4.2025 til fristen 8.4.2025."


def test_it_explains_a_full_set_of_sessions_before_the_due_date() -> None:
    # Two places before c's due date and three members; c lives farthest, so c is the one
    # left out (the km decide between plans that place as many).
    sessions = [session("s1", 2, slots=1), session("s2", 3, slots=1), session("s3", 20)]
    members = [member("a", due=2), member("b", earliest=3, due=3), member("c", 1, 4, FAVRSKOV)]
    plan = planned(sessions, members)
    left = plan.reason("c")
    assert left is not None
    assert (left.reason, left.sessions) == (Reason.SESSIONS_FULL, ("s1", "s2"))
    assert left.message == (
        "Alle 2 sessioner fra 1.4.2025 til fristen 4.4.2025, som medlemmet kan deltage i, er fulde."
    )


def test_it_lets_a_member_with_two_conversations_wait_at_most_45_minutes() -> None:
    # Two pairs, three slots: three members with two conversations each fit only if one of
    # them waits one slot between (slots 0 and 2), which a 45-minute slot allows and a
    # 50-minute slot does not.
    members = [member(f"m{i}", conversations=2) for i in range(3)]
    limits = Limits(per_pair=3)
    short = planned([session("s1", 3, n_pairs=2, slots=3)], members, limits)
    assert short.placed == 3
    waits = sorted(a.bookings[1].slot - a.bookings[0].slot - 1 for a in short.assignments)
    assert waits == [0, 0, 1]
    long = planned([session("s1", 3, n_pairs=2, slots=3, slot_minutes=50)], members, limits)
    assert long.placed == 2
    assert all(a.bookings[1].slot == a.bookings[0].slot + 1 for a in long.assignments)
    left = long.unplaced[0]
    assert left.reason == Reason.SESSIONS_FULL
    assert left.message == (
        "Den eneste session fra 1.4.2025 til fristen 30.4.2025, som medlemmet kan deltage i, "
        "har ikke to ledige tider med højst 45 minutters ventetid imellem."
    )


def test_it_never_books_a_members_two_conversations_at_once() -> None:
    members = [member("two", conversations=2), member("one")]
    plan = planned([session("s1", 3, n_pairs=3, slots=1), session("s2", 4, slots=2)], members)
    assert plan.assignment("two") is not None
    assert plan.assignment("two").session == "s2"  # type: ignore[union-attr]


def test_it_explains_a_member_whose_sessions_cannot_hold_two_conversations() -> None:
    plan = planned([session("s1", 3, n_pairs=4, slots=1)], [member("a", conversations=2)])
    left = plan.reason("a")
    assert left is not None
    assert left.reason == Reason.NO_ROOM_FOR_TWO
    assert left.message == (
        "Medlemmet skal have to samtaler samme dag, men ingen af sessionerne fra 1.4.2025 til "
        "fristen 30.4.2025 har plads til to samtaler."
    )


def test_it_sends_a_member_to_the_nearest_session_that_has_room() -> None:
    sessions = [session("aarhus", 2), session("favrskov", 3, place=FAVRSKOV)]
    plan = planned(sessions, [member("a", lives=FAVRSKOV), member("b", lives=AARHUS)])
    assert {a.member: (a.session, a.km) for a in plan.assignments} == {
        "a": ("favrskov", 0.0),
        "b": ("aarhus", 0.0),
    }


def test_it_spends_the_fewest_km_when_the_room_is_short() -> None:
    # One place in Aarhus, one in Favrskov; both members live in Skanderborg, one of them
    # is limited to the Aarhus date. The other must travel to Favrskov.
    sessions = [session("aarhus", 2, slots=1), session("favrskov", 3, place=FAVRSKOV, slots=1)]
    members = [member("free", lives=SKANDERBORG), member("bound", lives=SKANDERBORG, due=2)]
    plan = planned(sessions, members)
    assert {a.member: a.session for a in plan.assignments} == {
        "bound": "aarhus",
        "free": "favrskov",
    }
    assert plan.km == round(km(SKANDERBORG, AARHUS) + km(SKANDERBORG, FAVRSKOV), 1)


def test_it_places_more_before_it_saves_km() -> None:
    # Placing both needs the Aarhus member to travel to Favrskov; leaving one out would save
    # the km, which never outweighs a member placed.
    sessions = [session("aarhus", 2, slots=1), session("favrskov", 3, place=FAVRSKOV, slots=1)]
    members = [member("near", lives=AARHUS), member("bound", lives=AARHUS, due=2)]
    plan = planned(sessions, members)
    assert plan.placed == 2
    assert plan.km == km(AARHUS, FAVRSKOV)


def test_it_uses_phone_and_video_at_no_km_only_for_members_who_accept_them() -> None:
    sessions = [session("video", 2, channel=VIDEO), session("aarhus", 3, place=AARHUS)]
    members = [
        member("yes", lives=RANDERS, accepts=("in_person", "video")),
        member("no", lives=RANDERS),
    ]
    plan = planned(sessions, members)
    assert {a.member: (a.session, a.km) for a in plan.assignments} == {
        "yes": ("video", 0.0),
        "no": ("aarhus", km(RANDERS, AARHUS)),
    }


def test_it_explains_a_member_who_does_not_accept_the_sessions_channel() -> None:
    sessions = [session("phone", 2, channel=PHONE), session("video", 3, channel=VIDEO)]
    plan = planned(sessions, [member("a", due=10)])
    left = plan.reason("a")
    assert left is not None
    assert (left.reason, left.sessions) == (Reason.CHANNEL_NOT_ACCEPTED, ("phone", "video"))
    assert left.message == (
        "Sessionerne fra 1.4.2025 til fristen 10.4.2025 holdes over telefon eller over video, "
        "og medlemmet deltager kun ved fremmøde."
    )


def test_it_explains_a_member_for_whom_the_sessions_are_too_far() -> None:
    sessions = [session("aarhus", 2), session("favrskov", 3, place=FAVRSKOV), session("v", 4)]
    sessions[2] = session("v", 4, channel=VIDEO)
    plan = planned(sessions, [member("a", lives=RANDERS, max_km=15.0)])
    left = plan.reason("a")
    assert left is not None
    assert (left.reason, left.sessions) == (Reason.TOO_FAR, ("aarhus", "favrskov"))
    nearest = min(km(RANDERS, AARHUS), km(RANDERS, FAVRSKOV))
    place = AARHUS if km(RANDERS, AARHUS) <= km(RANDERS, FAVRSKOV) else FAVRSKOV
    danish = f"{nearest:.1f}".replace(".", ",").removesuffix(",0")
    assert left.message == (
        "Sessionerne fra 1.4.2025 til fristen 30.4.2025, som medlemmet kan deltage i, er for "
        f"langt væk: den nærmeste er i kommune {place}, {danish} km fra bopælen, og "
        "grænsen er 15 km."
    )


def test_it_measures_too_far_against_the_limits_unless_the_member_has_their_own() -> None:
    sessions = [session("aarhus", 2)]
    members = [member("own", lives=RANDERS, max_km=60.0), member("default", lives=RANDERS)]
    plan = planned(sessions, members, Limits(max_km=10.0))
    assert [a.member for a in plan.assignments] == ["own"]
    assert plan.reason("default").reason == Reason.TOO_FAR  # type: ignore[union-attr]


def test_it_places_more_than_first_fit_where_first_fit_takes_the_wrong_session() -> None:
    # First fit gives the member due first the first session; that member could have used
    # the video session, which the other does not accept.
    sessions = [session("aarhus", 2, slots=1), session("video", 3, channel=VIDEO, slots=1)]
    members = [
        member("flexible", due=10, accepts=("in_person", "video")),
        member("in_person", due=12),
    ]
    greedy = first_fit(sessions, members)
    assert violations(greedy, sessions, members, Limits()) == []
    assert (greedy.placed, greedy.reason("in_person").reason) == (1, Reason.SESSIONS_FULL)  # type: ignore[union-attr]
    plan = planned(sessions, members)
    assert {a.member: a.session for a in plan.assignments} == {
        "flexible": "video",
        "in_person": "aarhus",
    }


def test_it_reports_how_the_solver_did() -> None:
    plan = planned([session("s1", 2)], [member("a"), member("b", lives=FAVRSKOV)])
    report = plan.report
    assert report is not None
    assert (report.status, report.placement_status, report.km_status) == ("OPTIMAL",) * 3
    assert (report.placed, report.placed_bound, report.gap) == (2, 2, 0.0)
    assert report.km == report.km_bound == plan.km == km(FAVRSKOV, AARHUS)
    assert (report.workers, report.seed) == (1, 0)
    assert report.variables > 0 and report.constraints > 0
    assert first_fit([session("s1", 2)], [member("a")]).report is None


def test_it_gives_the_same_plan_for_the_same_input() -> None:
    sessions = [session(f"s{d}", d, n_pairs=2, slots=3) for d in (2, 3, 4)]
    members = [member(f"m{i}", due=2 + i % 3, conversations=1 + i % 2) for i in range(14)]
    one, two = planned(sessions, members), planned(sessions, members)
    assert one.assignments == two.assignments
    assert one.unplaced == two.unplaced


def test_it_answers_for_every_member_in_their_order() -> None:
    members = [member("z", due=1), member("a"), member("m", due=2)]
    plan = planned([session("s1", 2)], members)
    assert [a.member for a in plan.assignments] == ["a", "m"]
    assert [u.member for u in plan.unplaced] == ["z"]


def test_it_writes_km_and_dates_the_danish_way() -> None:
    assert (km_text(29.3), km_text(15.0), km_text(0.05)) == ("29,3", "15", "0,1")
    assert day_text(date(2025, 4, 1)) == "1.4.2025"
