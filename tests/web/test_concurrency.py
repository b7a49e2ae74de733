"""Two caseworkers book the same slot at the same instant from two database connections:
exactly one booking is made, the other is told the slot was taken."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from akasse.rules import Kind
from akasse.web.casework.models import Conversation
from akasse.web.casework.services import CaseworkError, book
from akasse.web.members.models import Spell
from tests.web.world import TODAY, build

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database; runs in the PostgreSQL pass",
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_makes_exactly_one_booking_when_two_connections_race_for_a_slot() -> None:
    world = build()
    slot = world.slots[0]
    spells = [world.spell.id, world.copenhagen_spell.id]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(spell_id: int) -> None:
        try:
            spell = Spell.objects.get(pk=spell_id)
            start.wait()
            book(spell, slot, [Kind.CV], "in_person", TODAY)
            outcomes.append("booked")
        except CaseworkError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(s,)) for s in spells]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == [
        "Tiden 14.03.2022 kl. 09.00 er netop blevet booket af en anden. Vælg en anden tid.",
        "booked",
    ]
    assert Conversation.objects.filter(slot=slot).count() == 1
