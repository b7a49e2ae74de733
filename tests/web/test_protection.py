"""Data protection beyond the page scopes: the login throttle (a username from one address,
across spellings, and an address across usernames; the admin's too), reads audited, slots
limited to the user's branch, the admin limited to the user's fund."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from akasse.rules import Kind
from akasse.web.accounts.backends import UserBackend
from akasse.web.accounts.models import Role, User
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import Conversation, Slot
from akasse.web.casework.services import CaseworkError, book, move
from akasse.web.members.models import Branch, Caseworker
from tests.web.world import PASSWORD, TODAY, World

THROTTLED = "For mange mislykkede forsøg. Vent 15 minutter, og prøv igen."
HERE_THROTTLED = "For mange mislykkede forsøg fra denne adresse. Vent 15 minutter, og prøv igen."


def _fail(address: str, username: str, times: int = 1, path: str = "/login/") -> None:
    for _ in range(times):
        Client(REMOTE_ADDR=address).post(path, {"username": username, "password": "forkert"})


def _log_in(address: str, username: str, path: str = "/login/") -> str:
    page = Client(REMOTE_ADDR=address).post(path, {"username": username, "password": PASSWORD})
    return "" if page.status_code == 302 else page.content.decode()


def test_it_counts_spelling_variants_of_a_username_together(world: World) -> None:
    for name in ["sagsbehandler", " sagsbehandler", "SAGSBEHANDLER ", "ｓagsbehandler"]:
        _fail("10.0.0.1", name)
    assert _log_in("10.0.0.1", "sagsbehandler") == ""  # four: not yet locked
    _fail("10.0.0.1", "Sagsbehandler")
    assert THROTTLED in _log_in("10.0.0.1", " sagsbehandler")


def test_it_lets_a_user_locked_from_one_address_log_in_from_another(world: World) -> None:
    _fail("10.0.0.66", "sagsbehandler", 5)
    assert THROTTLED in _log_in("10.0.0.66", "sagsbehandler")
    assert _log_in("10.0.0.7", "sagsbehandler") == ""  # logged in: sent on to the start page
    # The attacker's failures are theirs: the other address has none of its own.
    _fail("10.0.0.7", "sagsbehandler", 4)
    assert _log_in("10.0.0.7", "sagsbehandler") == ""


def test_it_locks_an_address_that_tries_many_usernames_and_only_that_address(
    world: World,
) -> None:
    for n in range(20):
        _fail("10.0.0.66", f"gaet{n}")
    page = _log_in("10.0.0.66", "teamleder")
    assert HERE_THROTTLED in page and THROTTLED not in page
    assert _log_in("10.0.0.8", "teamleder") == ""
    assert AuditEvent.objects.filter(action="login_failed", address="10.0.0.66").count() == 20


def test_it_throttles_and_audits_the_admin_login(world: World) -> None:
    User.objects.create_superuser("chef", password=PASSWORD, role="")
    client = Client()
    for _ in range(5):
        client.post("/admin/login/", {"username": "chef", "password": "forkert"})
    page = client.post("/admin/login/", {"username": "chef", "password": PASSWORD})
    assert page.status_code == 200 and THROTTLED in page.content.decode()
    assert AuditEvent.objects.filter(action="login_failed", username="chef").count() == 5
    # Five wrong passwords from elsewhere do not lock the administrator out.
    assert _log_in("10.0.0.9", "chef", "/admin/login/") == ""


@pytest.mark.parametrize(
    "path", ["/sager/{spell}/spoergeskema/", "/sager/{spell}/booking/", "/sager/{spell}/samtale/"]
)
def test_it_audits_every_page_that_shows_a_case(
    world: World, login: Callable[[str], Client], path: str
) -> None:
    assert login("caseworker").get(path.format(spell=world.spell.id)).status_code == 200
    assert AuditEvent.objects.filter(action="view", member_id=world.spell.member_id).count() == 1


def test_it_keeps_a_branch_limited_caseworker_to_their_branchs_slots(
    world: World, login: Callable[[str], Client]
) -> None:
    user = world.users["caseworker"]
    user.branch = world.branch
    user.save()
    other = Branch.objects.get(pk=2)
    # A slot of the user's own caseworker, but at another branch (made before a move).
    stray = Slot.objects.create(
        caseworker=world.caseworker,
        branch=other,
        starts_at=timezone.make_aware(dt.datetime(2022, 3, 15, 13)),
    )
    client = login("caseworker")
    page = client.get(f"/sager/{world.spell.id}/booking/?afdeling=2").content.decode()
    assert f'data-slot="{stray.id}"' not in page
    response = client.post(
        f"/sager/{world.spell.id}/booking/",
        {"slot": stray.id, "kinds": ["cv"], "channel": "in_person"},
    )
    assert response.status_code == 404
    assert client.get(f"/sager/{world.spell.id}/booking/?afdeling=x").status_code == 200


def test_it_refuses_to_move_a_conversation_into_another_funds_slot(world: World) -> None:
    booked = book(world.spell, world.slots[0], [Kind.CV], "in_person", TODAY)
    foreign = Slot.objects.create(
        caseworker=Caseworker.objects.get(pk=31),
        branch_id=3,
        starts_at=timezone.make_aware(dt.datetime(2022, 3, 16, 9)),
    )
    with pytest.raises(CaseworkError, match=re.escape("Tiden hører til en anden a-kasse.")):
        move(booked, foreign)
    assert Conversation.objects.get(pk=booked.pk).slot_id == world.slots[0].id


def test_it_answers_404_for_a_slot_that_is_not_a_number(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    client.post(
        f"/sager/{world.spell.id}/booking/",
        {"slot": world.slots[0].id, "kinds": ["cv"], "channel": "in_person"},
    )
    booked = Conversation.objects.get(slot=world.slots[0])
    assert client.post(f"/samtaler/{booked.id}/flyt/", {"slot": "x"}).status_code == 404


def test_it_shows_a_fund_administrator_only_their_funds_caseworkers(world: World) -> None:
    admin = User.objects.create_user(
        "admin-foa", password=PASSWORD, role=Role.FUND_ADMIN, fund=world.fund, is_staff=True
    )
    from akasse.web.demo_personas import grant_admin_permissions  # noqa: PLC0415

    grant_admin_permissions(admin)
    client = Client()
    client.login(username="admin-foa", password=PASSWORD)
    page = client.get("/admin/members/caseworker/").content.decode()
    assert "/admin/members/caseworker/11/change/" in page
    assert "/admin/members/caseworker/31/change/" not in page
    assert client.get("/admin/members/caseworker/31/change/").status_code == 302  # not found
    assert client.post("/admin/members/municipality/0751/change/", {"name": "X"}).status_code == 403


def test_it_keeps_a_branch_limited_team_lead_out_of_the_fund_wide_reports(
    world: World, login: Callable[[str], Client]
) -> None:
    lead = world.users["team_lead"]
    lead.branch = world.branch
    lead.save()
    assert login("team_lead").get("/opfoelgning/").status_code == 403


def test_a_session_reads_its_user_with_the_caseworker_and_ends_when_the_user_is_deactivated(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/ping/").status_code == 200
    [query] = [q["sql"] for q in queries.captured_queries if "accounts_user" in q["sql"]]
    assert "members_caseworker" in query  # the worklist needs no query of its own for it
    user = UserBackend().get_user(world.users["caseworker"].id)
    assert user is not None and user.caseworker == world.caseworker
    assert UserBackend().get_user("ikke et tal") is None
    assert UserBackend().get_user(10**6) is None
    User.objects.filter(pk=world.users["caseworker"].pk).update(is_active=False)
    assert client.get("/ping/").status_code == 302  # back to the login page
