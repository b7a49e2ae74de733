"""The worklist's sections, written in SQL around the scope that the ORM compiles: which spells
and obligations each section takes and which it leaves out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.test import Client

from akasse.web.access import Scope
from akasse.web.casework import queries
from akasse.web.casework.models import Obligation
from akasse.web.members.models import Caseworker, Member, Spell
from tests.web.world import (
    CASEWORKER_NAME,
    FIRST_DAY,
    MEMBER_NAME,
    TODAY,
    World,
    book,
    book_joint_conversation,
)


def _ids(condition: queries.SpellCondition) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM members_spell WHERE {condition.sql}", condition.params)
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize(
    "persona", ["caseworker", "team_lead", "member", "jobcentre", "outsider", "analyst"]
)
def test_the_compiled_scope_selects_the_spells_of_the_scope(world: World, persona: str) -> None:
    book_joint_conversation(world)  # the jobcentre's scope has a member in a joint process
    scope = Scope(world.users[persona], on=TODAY)
    expected = set(scope.spells().values_list("id", flat=True))
    assert _ids(queries.SpellCondition.of(scope.spell_q())) == expected
    if persona in ("caseworker", "member", "jobcentre"):
        assert expected  # the comparison is not between two empty sets


def test_the_same_condition_is_compiled_once_and_a_subquery_never_mixed_up(world: World) -> None:
    book_joint_conversation(world)
    caseworker = Scope(world.users["caseworker"], on=TODAY)
    first = queries.SpellCondition.of(caseworker.spell_q() & queries.active_q(TODAY))
    again = queries.SpellCondition.of(
        Scope(world.users["caseworker"], on=TODAY).spell_q() & queries.active_q(TODAY)
    )
    assert again is first  # built anew, equal in content: the compiled one is reused
    next_day = queries.active_q(TODAY + dt.timedelta(days=1))
    tomorrow = queries.SpellCondition.of(caseworker.spell_q() & next_day)
    assert tomorrow.params != first.params
    outsider = queries.SpellCondition.of(Scope(world.users["outsider"], on=TODAY).spell_q())
    assert outsider.params != queries.SpellCondition.of(caseworker.spell_q()).params
    # The jobcentre's scope holds a subquery, equal only to itself: compiled each time (not
    # kept, as it would never be found again), and right.
    jobcentre = [Scope(world.users["jobcentre"], on=TODAY).spell_q() for _ in range(2)]
    assert jobcentre[0] != jobcentre[1]
    kept = queries._spell_condition.cache_info().currsize
    for q in jobcentre:
        assert _ids(queries.SpellCondition.of(q)) == {world.spell.id}
    assert queries._spell_condition.cache_info().currsize == kept


def test_no_condition_selects_every_spell_and_a_join_is_refused(world: World) -> None:
    assert _ids(queries.SpellCondition.of(Q())) == set(Spell.objects.values_list("id", flat=True))
    with pytest.raises(ValueError, match="join"):
        queries.SpellCondition.of(Q(branch__name="FOA Aarhus"))


def _spell(world: World, spell_id: int, caseworker: Caseworker | None, **fields: object) -> Spell:
    member = Member.objects.create(
        id=spell_id, birth_date=dt.date(1980, 1, 1), gender="man", origin="danish", education="none"
    )
    values: dict[str, object] = {
        "branch": world.branch,
        "municipality": world.spell.municipality,
        "first_day": FIRST_DAY,
        "insurance": "full_time",
        "trial": True,
        "regime": "trial_2020",
        "age": 40,
        "weeks": "dd",
        "status_until": TODAY,
        "hours_consumed": Decimal("111.50"),
    } | fields
    return Spell.objects.create(
        id=spell_id, member=member, fund=world.fund, caseworker=caseworker, **values
    )


def _obligation(spell: Spell, due_in: int, **fields: object) -> Obligation:
    values: dict[str, object] = {
        "kind": "job",
        "number": 1,
        "owner": "akasse",
        "status": "overdue" if due_in < 0 else "due",
        "planned_on": TODAY,
    } | fields
    return Obligation.objects.create(
        spell=spell, due_by=TODAY + dt.timedelta(days=due_in), **values
    )


def _mine(world: World, caseworker: Caseworker | None) -> queries.SpellCondition:
    scope = Scope(world.users["caseworker"], on=TODAY)
    return queries.SpellCondition.of(
        scope.spell_q() & queries.mine_q(caseworker) & queries.active_q(TODAY)
    )


def test_open_obligations_are_the_funds_unheld_ones_within_14_days_of_active_spells_of_mine(
    world: World,
) -> None:
    cw = world.caseworker
    colleague = Caseworker.objects.get(id=12)
    mine = _spell(world, 7001, cw)
    _obligation(mine, 3)
    _obligation(mine, -2, number=2)
    _obligation(mine, 15, number=3)  # beyond the 14 days
    _obligation(mine, 1, number=4, held_on=TODAY, status="met")
    _obligation(mine, 1, number=5, owner="jobcenter")
    _obligation(_spell(world, 7002, None), 4)  # unassigned, in my branch
    _obligation(_spell(world, 7003, colleague), 4)
    _obligation(_spell(world, 7004, None, branch=colleague.branch), 4)
    _obligation(_spell(world, 7005, cw, clock_transfer_date=TODAY - dt.timedelta(days=1)), 4)
    _obligation(_spell(world, 7006, cw, weeks="dx"), 4)  # no longer on dagpenge
    _obligation(_spell(world, 7007, cw, status_until=TODAY - dt.timedelta(days=30)), 4)

    found = queries.open_obligations(_mine(world, cw), TODAY, 50)
    world_rows = {o.spell_id for o in found} - {7001, 7002}
    rows = [(o.spell_id, o.number, o.due_by) for o in found if o.spell_id in (7001, 7002)]
    assert rows == [
        (7001, 2, TODAY - dt.timedelta(days=2)),
        (7001, 1, TODAY + dt.timedelta(days=3)),
        (7002, 1, TODAY + dt.timedelta(days=4)),
    ]
    assert world_rows <= {world.spell.id}  # the world's own member, planned on its first day
    assert {o.member_id for o in found if o.spell_id == 7001} == {7001}  # type: ignore[attr-defined]

    overdue = queries.open_obligations(_mine(world, None), TODAY, 50, overdue_only=True)
    assert [(o.spell_id, o.number) for o in overdue if o.spell_id >= 7000] == [(7001, 2)]
    assert queries.open_obligations(_mine(world, cw), TODAY, 1)[0].due_by == TODAY - dt.timedelta(
        days=2
    )


def test_near_transfer_lists_active_spells_handed_over_within_six_weeks(world: World) -> None:
    cw = world.caseworker
    _spell(world, 7101, cw, clock_transfer_date=TODAY + dt.timedelta(days=41))
    _spell(world, 7102, cw, clock_transfer_date=TODAY + dt.timedelta(days=43))
    _spell(world, 7103, cw, clock_transfer_date=TODAY + dt.timedelta(days=10), clock_projected=True)
    _spell(world, 7104, cw, clock_transfer_date=TODAY - dt.timedelta(days=1))
    found = queries.near_transfer(_mine(world, cw), TODAY, 25)
    assert [(s.id, s.clock_projected) for s in found if s.id >= 7000] == [
        (7103, True),
        (7101, False),
    ]
    assert found[0].hours_consumed == Decimal("111.50")


def test_unbooked_first_conversations_have_the_cv_conversation_open_and_nothing_booked(
    world: World,
) -> None:
    cw = world.caseworker
    recent = TODAY - dt.timedelta(days=5)
    _obligation(_spell(world, 7201, cw, first_day=recent), 9, kind="cv")
    booked = _spell(world, 7202, cw, first_day=recent)
    _obligation(booked, 9, kind="cv")
    book(booked, "cv", TODAY + dt.timedelta(days=2))
    _obligation(
        _spell(world, 7203, cw, first_day=recent), 9, kind="cv", held_on=TODAY, status="met"
    )
    _obligation(_spell(world, 7204, cw, first_day=TODAY - dt.timedelta(days=90)), -70, kind="cv")
    _obligation(_spell(world, 7205, cw, first_day=TODAY + dt.timedelta(days=3)), 16, kind="cv")
    found = queries.unbooked_first(_mine(world, cw), TODAY, 25)
    assert [s.id for s in found if s.id >= 7000] == [7201]


def test_the_team_lead_sees_the_overdue_with_days_late_and_the_caseworker(
    world: World, login: Callable[[str], Client]
) -> None:
    _obligation(_spell(world, 7301, None), -3)
    _obligation(_spell(world, 7302, Caseworker.objects.get(id=12)), -1)
    _obligation(_spell(world, 7303, world.caseworker), 2)  # not yet overdue
    text = login("team_lead").get("/team/").content.decode()
    section = text.split('id="overdue"')[1].split("</section>")[0]
    assert "Medlem 7301" in section and "Medlem 7302" in section
    assert "Medlem 7303" not in section
    row = section.split("Medlem 7301")[1].split("</tr>")[0]
    assert '<td class="num">3</td>' in row and "ikke tildelt" in row
    # Caseworker 12 has no name.
    assert '<td class="num">1</td><td>Medarbejder 12</td>' in section.split("Medlem 7302")[1]


def test_the_team_lead_sees_each_caseworker_by_name_and_the_worklist_each_member(
    world: World, login: Callable[[str], Client]
) -> None:
    named = _spell(world, 7351, world.caseworker)
    Member.objects.filter(id=named.member_id).update(first_name="Bo", last_name="Ravn")
    _obligation(named, -4)
    _obligation(named, -40, number=2, status="met")
    text = login("team_lead").get("/team/").content.decode()
    overdue = text.split('id="overdue"')[1].split("</section>")[0]
    row = overdue.split("Bo Ravn")[1].split("</tr>")[0]
    assert f"<td>{CASEWORKER_NAME}</td>" in row
    by_caseworker = text.split('id="by-caseworker"')[1].split("</section>")[0]
    assert f"<tr><td>{CASEWORKER_NAME}</td>" in by_caseworker
    worklist = login("caseworker").get("/arbejdsliste/").content.decode()
    obligations = worklist.split('id="obligations"')[1].split("</section>")[0]
    assert '<a href="/sager/7351/">Bo Ravn</a>' in obligations


def test_the_worklist_shows_the_sections_rows_in_words(
    world: World, login: Callable[[str], Client]
) -> None:
    _obligation(_spell(world, 7401, world.caseworker), -2)
    _spell(world, 7402, world.caseworker, clock_transfer_date=TODAY + dt.timedelta(days=20))
    text = login("caseworker").get("/arbejdsliste/").content.decode()
    obligations = text.split('id="obligations"')[1].split("</section>")[0]
    assert '<a href="/sager/7401/">Medlem 7401</a>' in obligations
    assert "2 over" in obligations and "Overskredet" in obligations
    transfer = text.split('id="transfer"')[1].split("</section>")[0]
    assert '<a href="/sager/7402/">Medlem 7402</a>' in transfer
    assert "03.04.2022" in transfer and "111,50" in transfer  # Danish decimal comma


def test_todays_conversations_are_my_uncancelled_ones_by_time_in_copenhagen(
    world: World, login: Callable[[str], Client]
) -> None:
    def conversation(spell: Spell, caseworker: Caseworker, **fields: object) -> None:
        book(
            spell,
            "cv,job",
            TODAY,
            channel="phone",
            booked_on=TODAY - dt.timedelta(days=3),
            caseworker=caseworker,
            **fields,
        )

    cw = world.caseworker
    conversation(world.spell, cw, slot=world.slots[1])  # 10.00 Copenhagen time
    conversation(_spell(world, 7501, cw), cw, slot=world.slots[0])  # 09.00
    conversation(_spell(world, 7502, cw), cw, status="cancelled")
    conversation(_spell(world, 7503, None), Caseworker.objects.get(id=12))
    text = login("caseworker").get("/arbejdsliste/").content.decode()
    today = text.split('id="today"')[1].split("</section>")[0]
    assert "Dagens samtaler (2)" in today
    assert today.index("Medlem 7501") < today.index(f"{MEMBER_NAME}<")
    assert "<td>09.00</td>" in today and "<td>10.00</td>" in today
    assert "150377-xxxx" in today and "CV-samtale + Jobsamtale" in today
    assert "Telefon" in today and "Booket" in today
    assert "Medlem 7502" not in today and "Medlem 7503" not in today
    team_lead = login("team_lead").get("/arbejdsliste/").content.decode()
    assert "Dagens samtaler (3)" in team_lead.split('id="today"')[1]


def test_it_shows_the_team_lead_each_share_on_time_as_a_percentage(
    world: World, login: Callable[[str], Client]
) -> None:
    newcomer = Caseworker.objects.create(id=13, fund=world.fund, branch=world.branch)
    spell = _spell(world, 7601, newcomer)
    statuses = ["met"] * 23 + ["late"] * 7 + ["overdue"] * 3  # 23 of 33 on time: 0.697
    for number, status in enumerate(statuses, start=1):
        _obligation(spell, -40, number=number, status=status)
    text = login("team_lead").get("/team/").content.decode()
    by_caseworker = text.split('id="by-caseworker"')[1].split("</section>")[0]
    row = by_caseworker.split("Medarbejder 13")[1].split("</tr>")[0]
    assert '<td class="num">33</td><td class="num">69,7 %</td>' in row
    by_branch = text.split('id="by-branch"')[1].split("</section>")[0]
    assert " %</td>" in by_branch.split("FOA Aarhus")[1].split("</tr>")[0]
