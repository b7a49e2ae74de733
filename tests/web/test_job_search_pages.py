"""The believable world on the pages: names and contact details, the CV, the openings a
caseworker may present, finding a member by name, and the invitation naming the caseworker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client

from akasse.dataset import reference
from akasse.web.audit.models import AuditEvent
from akasse.web.jobs.models import Cv, CvJob, Employer, JobOpening
from akasse.web.members.models import Member
from tests.web.world import (
    CASEWORKER_NAME,
    EMPLOYER_CVR,
    MEMBER_NAME,
    TODAY,
    World,
    book,
    book_joint_conversation,
)

Login = Callable[[str], Client]


def _section(text: str, name: str) -> str:
    return text.split(f'id="{name}"')[1].split("</section>", maxsplit=1)[0]


def _cv(world: World, updated_on: dt.date, **fields: object) -> Cv:
    values: dict[str, object] = {
        "education_level": "vocational",
        "education_field": "health",
        "skills": "personal_care,documentation",
        "driving_licence": True,
        "languages": "da,en",
        "wished_disco": "5322,3221",
        "wish_text": "Jeg søger job som social- og sundhedshjælper.",
        "hours_wished": "full_time",
        "max_travel_km": 25,
        "searchable": True,
    } | fields
    return Cv.objects.create(member=world.spell.member, updated_on=updated_on, **values)


def test_it_shows_the_members_name_number_and_contact_to_staff_with_access(
    world: World, login: Login
) -> None:
    text = login("caseworker").get(f"/sager/{world.spell.id}/").content.decode()
    assert f"<h1>{MEMBER_NAME} <span" in text and "medlem 1 · 150377-xxxx" in text
    contact = _section(text, "contact")
    assert "Vestergade 12, 2. th., 8000 Aarhus C" in contact
    assert '<a href="tel:20456789">20 45 67 89</a>' in contact
    assert "karen.holm@example.dk" in contact
    book_joint_conversation(world)
    jobcentre = login("jobcentre").get(f"/sager/{world.spell.id}/").content.decode()
    assert "karen.holm@example.dk" in _section(jobcentre, "contact")
    # Each read of the page, and with it of the contact details, is in the audit log.
    assert AuditEvent.objects.filter(member_id=1, action="view").count() == 2
    assert login("outsider").get(f"/sager/{world.spell.id}/").status_code == 404


def test_it_names_a_member_without_names_by_number(world: World, login: Login) -> None:
    text = login("caseworker").get(f"/sager/{world.copenhagen_spell.id}/").content.decode()
    assert "<h1>Medlem 2 <span" in text
    assert "<th>Adresse</th><td>–</td>" in _section(text, "contact")


def test_it_shows_the_cv_in_words_with_its_occupations_and_history(
    world: World, login: Login
) -> None:
    cv = _cv(world, TODAY - dt.timedelta(days=30))
    CvJob.objects.create(
        cv=cv,
        disco="5322",
        title="Social- og sundhedshjælper",
        employer="Plejecenter Solbakken",
        from_date=dt.date(2015, 8, 1),
        to_date=dt.date(2022, 2, 28),
    )
    text = login("caseworker").get(f"/sager/{world.spell.id}/").content.decode()
    section = _section(text, "cv")
    titles, skills = reference.disco_titles(), reference.skills()
    assert "Jeg søger job som social- og sundhedshjælper." in section
    assert f"{titles['5322']}, {titles['3221']}" in section
    assert f"{skills['personal_care']}, {skills['documentation']}" in section
    assert f"Erhvervsfaglig uddannelse · {reference.education_fields()['health']}" in section
    assert "dansk, engelsk" in section and "Fuld tid · op til 25 km væk" in section
    assert "søgbart for arbejdsgivere" in section
    assert "Plejecenter Solbakken" in section and "01.08.2015 – 28.02.2022" in section
    assert 'id="cv-notice"' not in section


def test_it_flags_a_cv_not_updated_for_over_six_months_and_a_missing_one(
    world: World, login: Login
) -> None:
    client = login("caseworker")
    missing = _section(client.get(f"/sager/{world.spell.id}/").content.decode(), "cv")
    assert "Medlemmet har intet CV på Jobnet." in missing
    _cv(world, TODAY - dt.timedelta(days=200), searchable=False)
    stale = _section(client.get(f"/sager/{world.spell.id}/").content.decode(), "cv")
    assert "CV'et er ikke opdateret i over et halvt år (senest 26.08.2021)." in stale
    assert "ikke søgbart for arbejdsgivere" in stale


def test_the_register_page_lists_open_openings_with_employer_place_and_closing_day(
    world: World, login: Login
) -> None:
    aarhus = world.spell.municipality
    employer = Employer.objects.get(cvr=EMPLOYER_CVR)

    def opening(title: str, **fields: object) -> JobOpening:
        values: dict[str, object] = {
            "fund": world.fund,
            "employer": employer,
            "posted_on": TODAY - dt.timedelta(days=20),
            "closes_on": TODAY + dt.timedelta(days=3),
            "municipality": aarhus,
            "disco": "4110",
            "disco_major": 4,
        } | fields
        return JobOpening.objects.create(title=title, **values)

    opening("Kontorassistent, portal", fund=None, source="portal", employer=None)
    opening("Lukket stilling", closes_on=TODAY - dt.timedelta(days=1))
    opening("Ikke opslået endnu", posted_on=TODAY + dt.timedelta(days=1))
    opening("Den anden a-kasses jobordre", fund=world.other_fund)
    _cv(world, TODAY, wished_disco="4110")
    text = login("caseworker").get(f"/sager/{world.spell.id}/samtale/").content.decode()
    table = text.split("Jobåbninger præsenteret")[1].split("Næste samtale")[0]
    assert "Kontorassistent, portal" in table and "Social- og sundhedshjælper 0" in table
    for gone in ("Lukket stilling", "Ikke opslået endnu", "Den anden a-kasses jobordre"):
        assert gone not in table
    # The CV's wished occupation first.
    assert table.index("Kontorassistent, portal") < table.index("Social- og sundhedshjælper 0")
    row = table.split("Social- og sundhedshjælper 0")[1].split("</tr>")[0]
    assert "<td>Aarhus Kommune, Sundhed og Omsorg</td><td>Aarhus</td><td>28.03.2022</td>" in row
    assert "37 t/uge · Jobordre" in row
    assert "Jobportal · jobønske på CV'et" in table.split("Kontorassistent, portal")[1]


def test_it_finds_members_by_name_or_number_in_ones_own_cases_only(
    world: World, login: Login
) -> None:
    client = login("caseworker")
    assert client.post("/sog/", {"navn": "karen"}).url == f"/sager/{world.spell.id}/"
    assert client.post("/sog/", {"navn": "2"}).url == f"/sager/{world.copenhagen_spell.id}/"
    Member.objects.filter(id=2).update(first_name="Karin", last_name="Holm")
    several = client.post("/sog/", {"navn": "  holm "}).content.decode()
    found = _section(several, "found")
    assert found.index("Karen Holm") < found.index("Karin Holm")
    assert "150377-xxxx" in found and "010180-xxxx" in found
    # Lars Nielsen is another fund's member.
    missed = client.post("/sog/", {"navn": "Lars Nielsen"}, follow=True).content.decode()
    assert "Intet medlem med det navn eller nummer i dine sager." in missed
    assert login("outsider").post("/sog/", {"navn": "Karen"}).url == "/arbejdsliste/"


def test_the_invitation_names_the_caseworker(world: World, login: Login) -> None:
    booking = book(world.spell, "cv", TODAY, slot=world.slots[0], caseworker=world.caseworker)
    ics = login("caseworker").get(f"/samtaler/{booking.id}/invitation.ics").content.decode()
    unfolded = ics.replace("\r\n ", "")
    assert f"DESCRIPTION:CV-samtale (Fremmøde) med {CASEWORKER_NAME}." in unfolded


def test_it_shows_the_contact_cv_and_joblog_in_english_too(world: World, login: Login) -> None:
    _cv(world, TODAY - dt.timedelta(days=300))
    client = login("caseworker")
    client.post("/i18n/setlang/", {"language": "en"})
    text = client.get(f"/sager/{world.spell.id}/").content.decode()
    assert "<h2>Contact</h2>" in _section(text, "contact")
    cv = _section(text, "cv")
    assert "Wished jobs" in cv and "Vocational education" in cv and "Danish, English" in cv
    assert "The CV has not been updated for over six months (last 18.05.2021)." in cv
    assert "0 applications in the spell." in _section(text, "joblog")
