"""The caseworker's pages through Django's test client, with every persona, the outsider
included."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.test import Client

from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import Conversation, Obligation, PlanEntry
from akasse.web.jobs.models import JoblogEntry, JobOpening, JobPresentation, Placement
from tests.web.world import MEMBER_NAME, TODAY, World, book_joint_conversation


def test_it_shows_the_caseworker_the_cv_conversation_due_with_days_left(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("caseworker").get("/arbejdsliste/")
    assert page.status_code == 200
    text = page.content.decode()
    assert MEMBER_NAME in text
    # The CV conversation is due 13 days after the first day (2022-03-20): 6 days left.
    assert "20.03.2022" in text
    assert '<td class="num">6 tilbage</td>' in text
    assert "Lars Nielsen" not in text  # another fund's member


def test_it_lists_the_unbooked_first_conversations(
    world: World, login: Callable[[str], Client]
) -> None:
    text = login("caseworker").get("/arbejdsliste/").content.decode()
    section = text.split('id="unbooked"')[1].split("</section>")[0]
    assert MEMBER_NAME in section


def test_it_shows_the_case_with_obligations_and_legal_references_and_audits_the_read(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("caseworker").get(f"/sager/{world.spell.id}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "CV-samtale nr. 1" in text
    assert "Skal holdes" in text
    assert "150377-xxxx" in text and "1234" not in text
    event = AuditEvent.objects.get(action="view", member_id=world.spell.member_id)
    assert event.username == "sagsbehandler"
    assert event.what == f"sag {world.spell.id}"


def test_it_shows_the_members_plan_joblog_presentations_and_history_on_the_case(
    world: World, login: Callable[[str], Client]
) -> None:
    spell = world.spell
    PlanEntry.objects.create(spell=spell, kind="goal", text="Social- og sundhedsassistent")
    JoblogEntry.objects.create(
        spell=spell,
        applied_on=TODAY,
        employer="Region Midt",
        title="SOSU-assistent",
        channel="email",
    )
    opening = JobOpening.objects.filter(title__endswith=" 0").get()
    JobPresentation.objects.create(spell=spell, opening=opening, presented_on=TODAY, relevant=True)
    untitled = JobOpening.objects.create(
        fund=None, posted_on=TODAY, closes_on=TODAY, source="portal"
    )
    JobPresentation.objects.create(spell=spell, opening=untitled, presented_on=TODAY)
    Placement.objects.create(spell=spell, opening=opening, placed_on=TODAY, permanent=False)
    book_joint_conversation(world)
    text = login("caseworker").get(f"/sager/{spell.id}/").content.decode()

    def section(name: str) -> str:
        return text.split(f'id="{name}"')[1].split("</section>")[0]

    assert "Jobmål" in section("minplan") and "Social- og sundhedsassistent" in section("minplan")
    weeks = section("joblog")
    assert "1 ansøgning i forløbet." in weeks and "1 uge uden ansøgninger." in weeks
    assert "Uge 11" in weeks and "SOSU-assistent, Region Midt" in weeks and "(E-mail)" in weeks
    assert "Uge 10" in weeks and "Ingen ansøgninger" in weeks  # the first week is a gap
    presented = section("presentations")
    assert f"Jobåbning {untitled.id}" in presented
    row = presented.split("Social- og sundhedshjælper 0")[1].split("</tr>")[0]
    assert "Aarhus Kommune, Sundhed og Omsorg" in row and "<td>Aarhus</td>" in row
    placed = presented.split('id="placements"')[1]
    assert "Social- og sundhedshjælper 0" in placed and "midlertidig" in placed
    history = section("conversations")
    assert "Fællessamtale" in history and "21.03.2022" in history and "Booket" in history
    conversation = Conversation.objects.get(spell=spell)
    assert f'href="/samtaler/{conversation.id}/invitation.ics"' in history


def test_it_registers_a_cv_and_job_conversation_and_the_obligations_turn_met(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    page = client.post(
        f"/sager/{world.spell.id}/samtale/",
        {
            "kinds": ["cv", "job"],
            "channel": "in_person",
            "held_on": TODAY.isoformat(),
            "participants": "medlem, sagsbehandler",
            "summary": "Gennemgik CV og jobmål.",
            "agreements": "Søger 3 stillinger om ugen\nOpdaterer CV",
            "next_slot": str(world.slots[4].id),
            "next_kinds": ["job"],
        },
    )
    assert page.status_code == 302, page.content.decode()[:2000]
    held = Conversation.objects.get(spell=world.spell, status="held")
    assert held.kinds == "cv,job"
    met = Obligation.objects.filter(spell=world.spell, status="met").values_list("kind", "number")
    assert sorted(met) == [("cv", 1), ("job", 1)]
    assert PlanEntry.objects.filter(spell=world.spell).count() == 3
    booked = Conversation.objects.get(spell=world.spell, status="booked")
    assert booked.slot_id == world.slots[4].id


def test_it_refuses_a_merge_the_regime_does_not_allow_and_explains_why(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("caseworker").post(
        f"/sager/{world.spell.id}/samtale/",
        {
            "kinds": ["job", "joint"],
            "channel": "in_person",
            "held_on": TODAY.isoformat(),
            "participants": "medlem",
            "summary": "Forsøg",
        },
    )
    assert page.status_code == 400
    assert (
        "Samtalen kan ikke registreres: jobsamtale + fællessamtale må ikke slås sammen i "
        "trial_2020 (tilladt: CV-samtale + fællessamtale, CV-samtale + jobsamtale, "
        "rådighedssamtale + fællessamtale, rådighedssamtale + jobsamtale); samtalen tæller ikke."
    ) in page.content.decode()
    assert not Conversation.objects.filter(spell=world.spell).exists()


def test_it_books_a_free_slot_once_and_sends_an_invitation(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    slot = world.slots[1]
    first = client.post(
        f"/sager/{world.spell.id}/booking/",
        {"slot": slot.id, "kinds": ["cv"], "channel": "in_person"},
    )
    assert first.status_code == 302
    again = client.post(
        f"/sager/{world.copenhagen_spell.id}/booking/",
        {"slot": slot.id, "kinds": ["cv"], "channel": "in_person"},
        follow=True,
    )
    assert "er netop blevet booket af en anden" in again.content.decode()
    booking = Conversation.objects.get(slot=slot)
    assert booking.spell_id == world.spell.id
    ics = client.get(f"/samtaler/{booking.id}/invitation.ics")
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    body = ics.content.decode()
    assert "BEGIN:VEVENT" in body and "CV-samtale i a-kassen" in body
    assert "150377" not in body


def test_it_moves_and_cancels_a_booking_and_frees_the_slot(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    client.post(
        f"/sager/{world.spell.id}/booking/",
        {"slot": world.slots[0].id, "kinds": ["cv"], "channel": "in_person"},
    )
    booking = Conversation.objects.get(slot=world.slots[0])
    assert (
        client.post(f"/samtaler/{booking.id}/flyt/", {"slot": world.slots[2].id}).status_code == 302
    )
    booking.refresh_from_db()
    assert booking.slot_id == world.slots[2].id
    assert client.post(f"/samtaler/{booking.id}/aflys/").status_code == 302
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.slot_id is None


def test_it_shows_the_team_lead_timeliness_overdue_and_capacity(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("team_lead").get("/team/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kapacitet de næste 14 dage" in text
    assert text.count("<tr><td>") >= 14


def test_it_names_every_field_of_the_register_page(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("caseworker").get(f"/sager/{world.spell.id}/samtale/")
    fields = _Fields()
    fields.feed(page.content.decode())
    assert any(name.startswith("relevant-") for name, _ in fields.controls)
    unnamed = [
        name
        for name, attrs in fields.controls
        if not (
            attrs.get("aria-label")
            or attrs.get("id") in fields.labelled
            or set((attrs.get("aria-labelledby") or "-").split()) <= fields.ids
        )
    ]
    assert unnamed == []


class _Fields(HTMLParser):
    """The form controls of a page (hidden inputs left out), the ids its labels are for and
    every id on it."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[tuple[str, dict[str, str | None]]] = []
        self.labelled: set[str | None] = set()
        self.ids: set[str | None] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.ids.add(found.get("id"))
        if tag == "label" and found.get("for"):
            self.labelled.add(found["for"])
        elif tag in ("select", "textarea") or (tag == "input" and found.get("type") != "hidden"):
            self.controls.append((found.get("name") or tag, found))


def test_it_gives_the_handover_as_a_page_and_as_pdf(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    assert (
        "Overdragelse til jobcentret"
        in client.get(f"/sager/{world.spell.id}/overdragelse/").content.decode()
    )
    pdf = client.get(f"/sager/{world.spell.id}/overdragelse.pdf")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="export", member_id=world.spell.member_id).exists()


def test_it_lets_a_member_see_only_their_own_case(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("member")
    assert client.get("/mit-forloeb/").url == f"/sager/{world.spell.id}/"
    assert client.get(f"/sager/{world.spell.id}/").status_code == 200
    assert client.get(f"/sager/{world.copenhagen_spell.id}/").status_code == 404
    assert client.get("/arbejdsliste/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/sager/{spell}/",
        "/sager/{spell}/overdragelse/",
        "/sager/{spell}/samtale/",
        "/sager/{spell}/booking/",
    ],
)
def test_it_hides_another_funds_case_from_an_outsider(
    world: World, login: Callable[[str], Client], path: str
) -> None:
    response = login("outsider").get(path.format(spell=world.spell.id))
    assert response.status_code == 404


def test_it_shows_the_jobcentre_only_members_in_a_joint_process(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("jobcentre")
    assert client.get(f"/sager/{world.spell.id}/").status_code == 404
    book_joint_conversation(world)
    assert client.get(f"/sager/{world.spell.id}/").status_code == 200
    assert client.get(f"/sager/{world.copenhagen_spell.id}/").status_code == 404
    assert client.get("/arbejdsliste/").status_code == 403


def test_it_sends_an_anonymous_visitor_to_the_login_page(world: World) -> None:
    response = Client().get(f"/sager/{world.spell.id}/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_it_throttles_logins_after_five_failures(world: World) -> None:
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "sagsbehandler", "password": "forkert"})
    page = client.post("/login/", {"username": "sagsbehandler", "password": "kontaktforløb-2022"})
    assert "For mange mislykkede forsøg. Vent 15 minutter, og prøv igen." in page.content.decode()
    assert AuditEvent.objects.filter(action="login_failed").count() == 5


def test_it_finds_a_member_by_cpr_without_putting_it_in_the_url(
    world: World, login: Callable[[str], Client]
) -> None:
    response = login("caseworker").post("/sog/", {"cpr": "1503771234"})
    assert response.url == f"/sager/{world.spell.id}/"
    assert login("outsider").post("/sog/", {"cpr": "150377-1234"}).url == "/arbejdsliste/"


def test_it_shows_the_analyst_the_funds_monitoring_and_survival_reports(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("analyst").get("/opfoelgning/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Opfølgning og evaluering · FOA-A" in text
    assert text.count("Hovedpointer") == 2  # one report each
    assert "<figure><img alt='' src='data:image/png;base64," in text
    assert "FOA-A, første ledighedsdag start til slut" in text


def test_it_keeps_the_caseworker_out_of_the_analysts_page(
    world: World, login: Callable[[str], Client]
) -> None:
    assert login("caseworker").get("/opfoelgning/").status_code == 403


def test_it_plans_a_conversation_held_days_ago_as_of_today(
    world: World, login: Callable[[str], Client]
) -> None:
    held = TODAY - dt.timedelta(days=3)
    page = login("caseworker").post(
        f"/sager/{world.spell.id}/samtale/",
        {
            "kinds": ["cv"],
            "channel": "in_person",
            "held_on": held.isoformat(),
            "participants": "medlem, sagsbehandler",
            "summary": "CV gennemgået.",
        },
    )
    assert page.status_code == 302
    cv = Obligation.objects.get(spell=world.spell, kind="cv")
    assert cv.held_on == held and cv.status == "met"
    assert set(
        Obligation.objects.filter(spell=world.spell).values_list("planned_on", flat=True)
    ) == {TODAY}


def test_it_refuses_a_conversation_dated_tomorrow(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("caseworker").post(
        f"/sager/{world.spell.id}/samtale/",
        {
            "kinds": ["cv"],
            "channel": "in_person",
            "held_on": (TODAY + dt.timedelta(days=1)).isoformat(),
            "participants": "medlem",
            "summary": "Ikke holdt endnu.",
        },
    )
    assert page.status_code == 400
    assert (
        "En samtale kan ikke registreres som afholdt en dag, der ikke er kommet."
        in page.content.decode()
    )
    assert not Conversation.objects.filter(spell=world.spell).exists()
