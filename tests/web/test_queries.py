"""No page runs a query per row: the number of queries is the same for 1 and for 40 members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from akasse.web.casework.models import Conversation
from akasse.web.casework.planning import replan
from akasse.web.members.models import HoursPaid, Member, Spell
from tests.web.world import FIRST_DAY, TODAY, World


def _add_members(world: World, count: int) -> None:
    for i in range(count):
        member = Member.objects.create(
            id=1000 + i,
            birth_date=dt.date(1980, 1, 1),
            gender="man",
            origin="danish",
            education="none",
        )
        spell = Spell.objects.create(
            id=5000 + i,
            member=member,
            fund=world.fund,
            branch=world.branch,
            municipality=world.spell.municipality,
            first_day=FIRST_DAY,
            insurance="full_time",
            trial=True,
            regime="trial_2020",
            age=40,
            caseworker=world.caseworker,
        )
        HoursPaid.objects.create(spell=spell, month=dt.date(2022, 3, 1), hours=Decimal("37.00"))
        Conversation.objects.create(
            spell=spell,
            kinds="cv",
            owner="akasse",
            channel="in_person",
            booked_on=TODAY,
            planned_for=TODAY,
            status="booked",
            branch=world.branch,
            caseworker=world.caseworker,
            slot=None,
        )
        replan(spell, TODAY)


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "persona, path",
    [
        ("caseworker", "/arbejdsliste/"),
        ("team_lead", "/team/"),
        ("caseworker", "/sager/101/"),
    ],
)
def test_it_runs_as_many_queries_for_forty_members_as_for_one(
    world: World, login: Callable[[str], Client], persona: str, path: str
) -> None:
    client = login(persona)
    before = _queries(client, path)
    _add_members(world, 40)
    assert _queries(client, path) == before
