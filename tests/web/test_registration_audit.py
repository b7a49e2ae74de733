"""A registered conversation and its audit event are one transaction: the database failing
between the two (or the worker killed there) keeps neither, as bench/soak checks under load."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client

from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import Conversation, PlanEntry
from akasse.web.casework.views import conversation as view
from tests.web.world import PASSWORD, TODAY, World

REGISTRATION = {
    "kinds": ["cv", "job"],
    "channel": "in_person",
    "held_on": TODAY.isoformat(),
    "participants": "medlem, sagsbehandler",
    "summary": "Gennemgik CV og jobmål.",
    "agreements": "Søger 3 stillinger om ugen",
}


def _client(world: World, persona: str) -> Client:
    client = Client(raise_request_exception=False)
    assert client.login(username=world.users[persona].username, password=PASSWORD)
    return client


def _created(member_id: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(member_id=member_id, action=AuditEvent.Action.CREATE)
        .order_by("pk")
        .values_list("what", flat=True)
    )


def test_it_keeps_no_registration_whose_audit_event_cannot_be_written(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fails(*args: object, **kwargs: object) -> None:
        raise DatabaseError("could not extend file: No space left on device")

    monkeypatch.setattr(view, "record", fails)
    answer = _client(world, "caseworker").post(
        f"/sager/{world.spell.id}/samtale/", {**REGISTRATION, "next_slot": str(world.slots[4].id)}
    )
    assert answer.status_code == 500
    assert not Conversation.objects.filter(spell=world.spell).exists()
    assert not PlanEntry.objects.filter(spell=world.spell).exists()
    assert _created(world.spell.member_id) == []


def test_it_records_a_registration_with_its_audit_event(world: World) -> None:
    answer = _client(world, "caseworker").post(
        f"/sager/{world.spell.id}/samtale/", {**REGISTRATION, "next_slot": ""}
    )
    assert answer.status_code == 302
    held = Conversation.objects.get(spell=world.spell, status=Conversation.Status.HELD)
    assert _created(world.spell.member_id) == [f"samtale {held.id}"]


def test_it_lets_no_outsider_register(world: World) -> None:
    answer = _client(world, "outsider").post(
        f"/sager/{world.spell.id}/samtale/", {**REGISTRATION, "next_slot": ""}
    )
    assert answer.status_code in (403, 404)
    assert not Conversation.objects.filter(spell=world.spell).exists()
    assert _created(world.spell.member_id) == []
