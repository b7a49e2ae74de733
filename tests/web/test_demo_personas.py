"""The demo's caseworker: a typical morning picked by its figures from the loaded data."""

from __future__ import annotations

import datetime as dt

from akasse.web.casework.models import Obligation
from akasse.web.demo_personas import demo_caseworker, typical_caseworker, workloads
from akasse.web.members.models import Caseworker, Member, Spell
from tests.web.world import FIRST_DAY, TODAY, World, book


def _spell(world: World, spell_id: int, caseworker: Caseworker | None, branch_id: int) -> Spell:
    member = Member.objects.create(
        id=spell_id, birth_date=dt.date(1980, 1, 1), gender="man", origin="danish", education="none"
    )
    return Spell.objects.create(
        id=spell_id,
        member=member,
        fund=world.fund,
        branch_id=branch_id,
        municipality=world.spell.municipality,
        first_day=FIRST_DAY,
        insurance="full_time",
        trial=True,
        regime="trial_2020",
        age=40,
        weeks="dd",
        status_until=TODAY,
        caseworker=caseworker,
    )


def _deadline(spell: Spell, due_in: int, number: int) -> None:
    Obligation.objects.create(
        spell=spell,
        kind="job",
        number=number,
        owner="akasse",
        status="overdue" if due_in < 0 else "due",
        due_by=TODAY + dt.timedelta(days=due_in),
        planned_on=TODAY,
    )


def test_it_picks_the_caseworker_with_a_typical_morning(world: World) -> None:
    cw = world.caseworker  # 11 in branch 1, with three slots today and three tomorrow
    colleague = Caseworker.objects.get(id=12)  # branch 2, no slots
    spells = [_spell(world, 8000 + i, cw, 1) for i in range(4)]
    for i, spell in enumerate(spells[:3]):
        book(spell, "job", TODAY, slot=world.slots[i], caseworker=cw)
    for number, due_in in enumerate((-3, 2, 5, 9), start=1):
        _deadline(spells[3], due_in, number)
    # The colleague has as many spells, deadlines in plenty, most overdue, and no slot.
    for i in range(4):
        spell = _spell(world, 8100 + i, colleague, 2)
        for number in range(1, 5):
            _deadline(spell, -number, number)
    found = typical_caseworker(TODAY)
    assert found.caseworker == cw
    assert (found.caseload, found.today, found.free_this_week) == (4, 3, 3)
    # Due: three of their own and the CV conversation of the branch's unassigned spell 101.
    assert (found.due, found.overdue, found.misses()) == (4, 1, 0)
    assert found.median_caseload == 4
    assert found.summary().startswith(
        "Hanne Larsen (medarbejder 11): 4 aktive forløb (a-kassens median 4), 3 samtaler i dag"
    )
    other = next(w for w in workloads(TODAY) if w.caseworker == colleague)
    assert (other.today, other.free_this_week, other.overdue) == (0, 0, 16)
    assert other.misses() == 4


def test_it_keeps_the_caseworker_chosen_at_the_first_start(world: World) -> None:
    colleague = Caseworker.objects.get(id=12)
    world.users["caseworker"].username = "sagsbehandler"
    world.users["caseworker"].caseworker = colleague
    world.users["caseworker"].save()
    assert demo_caseworker(TODAY).caseworker == colleague
