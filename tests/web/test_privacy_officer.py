"""The data protection officer's pages: find a member of the fund by CPR number or member
number, see who looked at them, when, what and why, newest first and paginated; what one user
has looked at; the officer's own look-ups audited; another fund's officer gets 404."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from akasse.cli import main
from akasse.web.accounts.models import Role, User
from akasse.web.audit.models import AuditEvent
from akasse.web.demo_personas import personas
from tests.web.world import PASSWORD, World

NOT_FOUND = "Ingen medlem af a-kassen har det CPR-nummer eller medlemsnummer."
Login = Callable[[str], Client]


@pytest.fixture
def officer(world: World) -> Client:
    User.objects.create_user(
        "databeskyttelse", password=PASSWORD, role=Role.PRIVACY_OFFICER, fund=world.fund
    )
    client = Client()
    assert client.login(username="databeskyttelse", password=PASSWORD)
    return client


@pytest.fixture
def other_officer(world: World) -> Client:
    User.objects.create_user(
        "dpo3f", password=PASSWORD, role=Role.PRIVACY_OFFICER, fund=world.other_fund
    )
    client = Client()
    assert client.login(username="dpo3f", password=PASSWORD)
    return client


def _rows(html: str) -> list[list[str]]:
    """The events table's rows as lists of cell texts."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", r, re.S)]
        for r in rows
        if "<td>" in r
    ]


def _copenhagen(event: AuditEvent) -> str:
    return f"{timezone.localtime(event.at):%d.%m.%Y %H.%M.%S}"


def test_it_starts_the_officer_on_the_audit_log(officer: Client) -> None:
    response = officer.get("/", follow=True)
    assert response.redirect_chain == [("/adgangslog/", 302)]
    page = response.content.decode()
    assert "Adgangslog: hvem har set hvad" in page
    assert '<a href="/adgangslog/">Adgangslog</a>' in page


def test_it_finds_a_member_by_cpr_number_or_member_number(officer: Client) -> None:
    by_cpr = officer.post("/adgangslog/", {"member": "150377-1234"})
    assert by_cpr.status_code == 302
    assert by_cpr["Location"] == "/adgangslog/medlemmer/1/"
    assert officer.post("/adgangslog/", {"member": "1503771234"})["Location"] == (
        "/adgangslog/medlemmer/1/"
    )
    assert officer.post("/adgangslog/", {"member": "2"})["Location"] == "/adgangslog/medlemmer/2/"


def test_it_says_what_to_type_when_the_text_is_neither(officer: Client) -> None:
    page = officer.post("/adgangslog/", {"member": "15-03-77"}).content.decode()
    assert "Skriv et CPR-nummer (10 cifre, fx 010190-1234) eller et medlemsnummer." in page


def test_it_shows_who_looked_at_the_member_when_what_and_why_newest_first(
    world: World, login: Login, officer: Client
) -> None:
    login("caseworker").get("/sager/101/?formaal=samtale")
    login("team_lead").get("/sager/101/")
    login("caseworker").get("/sager/102/")  # another member
    page = officer.get("/adgangslog/medlemmer/1/").content.decode()
    events = list(AuditEvent.objects.filter(member_id=1).order_by("-seq"))
    assert [e.username for e in events] == ["databeskyttelse", "teamleder", "sagsbehandler"]
    assert "Adgangslog for Karen Holm (1), 150377-xxxx" in page
    assert "3 hændelser, nyeste først." in page
    assert _rows(page) == [
        [
            _copenhagen(events[0]),
            "databeskyttelse",
            "Databeskyttelsesrådgiver",
            "Læst",
            "adgangslog for medlem 1",
            "databeskyttelsestilsyn",
            "127.0.0.1",
        ],
        [
            _copenhagen(events[1]),
            "teamleder",
            "Teamleder",
            "Læst",
            "sag 101",
            "sagsbehandling",
            "127.0.0.1",
        ],
        [
            _copenhagen(events[2]),
            "sagsbehandler",
            "Sagsbehandler",
            "Læst",
            "sag 101",
            "samtale",
            "127.0.0.1",
        ],
    ]


def test_it_shows_the_time_in_copenhagen(world: World, officer: Client) -> None:
    event = AuditEvent.objects.create(
        username="sagsbehandler", action="view", what="sag 101", member_id=1
    )
    page = officer.get("/adgangslog/medlemmer/1/").content.decode()
    utc = f"{event.at:%H.%M.%S}"
    local = f"{timezone.localtime(event.at):%H.%M.%S}"
    assert local != utc  # Copenhagen is one or two hours ahead of UTC
    assert local in page


def test_it_filters_the_members_events_by_user(world: World, login: Login, officer: Client) -> None:
    login("caseworker").get("/sager/101/")
    login("team_lead").get("/sager/101/")
    page = officer.get("/adgangslog/medlemmer/1/?bruger=teamleder").content.decode()
    assert [row[1] for row in _rows(page)] == ["teamleder"]
    assert '<option value="teamleder" selected>teamleder</option>' in page
    assert '<option value="sagsbehandler">sagsbehandler</option>' in page


def test_it_pages_through_a_long_log(world: World, officer: Client) -> None:
    for n in range(30):
        AuditEvent.objects.create(
            username="sagsbehandler", action="view", what=f"sag {n}", member_id=1
        )
    first = officer.get("/adgangslog/medlemmer/1/").content.decode()
    assert len(_rows(first)) == 25
    assert "Side 1 af 2" in first
    assert '<a href="?side=2">Ældre</a>' in first
    second = officer.get("/adgangslog/medlemmer/1/?side=2").content.decode()
    # 32 events by now: the 30, and the officer's two look-ups at the top of page 1.
    assert [row[4] for row in _rows(second)] == [f"sag {n}" for n in range(6, -1, -1)]
    assert "Side 2 af 2" in second


def test_it_lists_what_a_user_has_looked_at_among_the_funds_members(
    world: World, login: Login, officer: Client
) -> None:
    caseworker = world.users["caseworker"]
    login("caseworker").get("/sager/101/")
    login("caseworker").get("/sager/102/")
    AuditEvent.objects.create(  # a member of another fund: not the officer's to see
        user=caseworker, username="sagsbehandler", action="view", what="sag 301", member_id=3
    )
    found = officer.post("/adgangslog/", {"username": "sagsbehandler"})
    assert found["Location"] == f"/adgangslog/brugere/{caseworker.pk}/"
    page = officer.get(found["Location"]).content.decode()
    assert "Det har sagsbehandler (Sagsbehandler) set" in page
    # Member 2 has no name.
    expected = [("Medlem 2", "sag 102"), ("Karen Holm (1)", "sag 101")]
    assert [(row[1], row[3]) for row in _rows(page)] == expected
    audited = AuditEvent.objects.filter(username="databeskyttelse").get()
    assert (audited.what, audited.member_id) == ("adgangslog for bruger sagsbehandler", None)


def test_it_audits_the_officers_own_lookups(world: World, officer: Client) -> None:
    officer.get("/adgangslog/medlemmer/2/")
    event = AuditEvent.objects.get(username="databeskyttelse")
    assert (event.action, event.what, event.member_id, event.why) == (
        "view",
        "adgangslog for medlem 2",
        2,
        "databeskyttelsestilsyn",
    )


def test_it_keeps_another_funds_officer_out(world: World, other_officer: Client) -> None:
    assert other_officer.get("/adgangslog/medlemmer/1/").status_code == 404
    assert (
        other_officer.get(f"/adgangslog/brugere/{world.users['caseworker'].pk}/").status_code == 404
    )
    page = other_officer.post("/adgangslog/", {"member": "150377-1234"}).content.decode()
    assert NOT_FOUND in page
    assert other_officer.post("/adgangslog/", {"member": "3"})["Location"] == (
        "/adgangslog/medlemmer/3/"
    )
    assert not AuditEvent.objects.filter(username="dpo3f", member_id=1).exists()


@pytest.mark.parametrize("persona", ["caseworker", "team_lead", "analyst", "member", "outsider"])
def test_it_refuses_the_audit_log_to_other_roles(login: Login, persona: str) -> None:
    client = login(persona)
    assert client.get("/adgangslog/").status_code == 403
    assert client.get("/adgangslog/medlemmer/1/").status_code == 403


def test_it_creates_a_privacy_officer_from_the_command_line(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["createuser", "dpo", "--role", "privacy_officer", "--password", PASSWORD]
    assert main(args) == 2
    assert capsys.readouterr().err.strip() == "akasse: --role privacy_officer needs --fund"
    assert main([*args, "--fund", "FOA-A"]) == 0
    assert capsys.readouterr().out.strip() == (
        f"Oprettet dpo (Databeskyttelsesrådgiver); adgangskode: {PASSWORD}"
    )
    assert User.objects.get(username="dpo").fund_id == "FOA-A"


def test_it_gives_the_demo_a_privacy_officer(world: World) -> None:
    assert ("databeskyttelse", "privacy_officer", {"fund_id": "FOA-A"}, "/adgangslog/") in (
        personas(world.caseworker)
    )


def test_it_shows_an_officer_no_look_up_by_another_funds_staff(
    world: World, other_officer: Client
) -> None:
    """A member with spells in two funds: each fund's officer sees their own fund's staff's
    look-ups (and the jobcentre's), never the other fund's."""
    for persona, what in (("caseworker", "sag i FOA-A"), ("outsider", "sag i 3F-A")):
        user = world.users[persona]
        AuditEvent.objects.create(
            user=user,
            username=user.username,
            action=AuditEvent.Action.VIEW,
            member_id=3,
            what=what,
            why="sagsbehandling",
        )
    page = other_officer.get("/adgangslog/medlemmer/3/").content.decode()
    assert "sag i 3F-A" in page
    assert "sag i FOA-A" not in page
    assert "sagsbehandler" not in page


def test_it_asks_for_the_cpr_number_as_a_password_field_and_never_shows_it_again(
    officer: Client,
) -> None:
    page = officer.get("/adgangslog/").content.decode()
    assert re.search(r'<input type="password" name="member" autocomplete="off"', page)
    missing = officer.post("/adgangslog/", {"member": "311299-9999"}).content.decode()
    assert NOT_FOUND in missing
    assert "311299-9999" not in missing
