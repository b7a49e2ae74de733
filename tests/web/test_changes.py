"""A change asked for on a page: refused with its reason shown and nothing recorded, or made,
audited and confirmed (``akasse.web.changes.carry_out`` behind the booking, offer and
profiling views)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.test import Client
from pytest_django.fixtures import Settings

from akasse.web import changes
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import Conversation
from akasse.web.members.models import Employment
from tests.web.world import PASSWORD, World, add_profiling_input


def _changes(member_id: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(member_id=member_id)
        .exclude(action=AuditEvent.Action.VIEW)
        .order_by("id")
        .values_list("what", flat=True)
    )


def test_a_refused_move_returns_to_the_move_page_with_the_reason_and_records_nothing(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    for slot in world.slots[:2]:
        client.post(
            f"/sager/{world.spell.id}/booking/",
            {"slot": slot.id, "kinds": ["cv"], "channel": "in_person"},
        )
    first, second = Conversation.objects.filter(spell=world.spell).order_by("slot__starts_at")
    assert _changes(world.spell.member_id) == [f"booking {first.id}", f"booking {second.id}"]
    refused = client.post(f"/samtaler/{first.id}/flyt/", {"slot": world.slots[1].id})
    assert refused.status_code == 302 and refused["Location"] == f"/samtaler/{first.id}/flyt/"
    page = client.get(refused["Location"]).content.decode()
    assert "Den valgte tid er allerede booket. Vælg en anden tid." in page
    first.refresh_from_db()
    assert first.slot_id == world.slots[0].id
    assert _changes(world.spell.member_id) == [f"booking {first.id}", f"booking {second.id}"]
    moved = client.post(f"/samtaler/{first.id}/flyt/", {"slot": world.slots[2].id}, follow=True)
    assert "Samtalen er flyttet til" in moved.content.decode()
    assert _changes(world.spell.member_id)[-1] == f"samtale {first.id} flyttet"


def test_a_contact_date_that_is_no_date_is_explained_and_nothing_is_stored(
    world: World, login: Callable[[str], Client]
) -> None:
    job = Employment.objects.create(
        id=1,
        spell=world.spell,
        kind="before_spell",
        start_date=dt.date(2015, 1, 1),
        end_date=dt.date(2022, 3, 6),
        notice_given_on=dt.date(2022, 1, 31),
    )
    page = login("caseworker").post(
        f"/ansaettelser/{job.id}/kontakt/",
        {"consent": "on", "contacted_on": "10-02-2022"},
        follow=True,
    )
    assert "Skriv datoen som ÅÅÅÅ-MM-DD." in page.content.decode()
    job.refresh_from_db()
    assert not job.notice_contact_consent and job.notice_contact_on is None
    assert _changes(world.spell.member_id) == []


def test_assessing_without_a_model_says_why_and_records_nothing(
    world: World, login: Callable[[str], Client], settings: Settings, tmp_path: Path
) -> None:
    settings.PROFILE_MODEL = tmp_path / "none.json"
    add_profiling_input(world.spell)
    page = login("caseworker").post(f"/sager/{world.spell.id}/profilafklaring/", follow=True)
    assert "Profilmodellen er ikke installeret" in page.content.decode()
    assert "Profilafklaringen er opdateret." not in page.content.decode()
    assert _changes(world.spell.member_id) == []


def test_a_change_whose_audit_event_cannot_be_written_is_not_kept(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The booking and its event are one transaction: the database failing between the two
    leaves neither."""

    def fails(*args: object, **kwargs: object) -> None:
        raise DatabaseError("could not extend file: No space left on device")

    monkeypatch.setattr(changes, "record", fails)
    client = Client(raise_request_exception=False)
    assert client.login(username=world.users["caseworker"].username, password=PASSWORD)
    answer = client.post(
        f"/sager/{world.spell.id}/booking/",
        {"slot": world.slots[0].id, "kinds": ["cv"], "channel": "in_person"},
    )
    assert answer.status_code == 500
    assert not Conversation.objects.filter(spell=world.spell).exists()
    assert _changes(world.spell.member_id) == []
