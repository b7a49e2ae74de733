"""Offers requested by the fund and decided by the jobcentre, and contact during the notice
period, through the pages of each persona."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client

from akasse.web.casework.models import Offer
from akasse.web.members.models import Employment
from tests.web.world import TODAY, World, book_joint_conversation


def test_it_lets_the_fund_request_a_lab_offer_and_the_jobcentre_grant_it_once(
    world: World, login: Callable[[str], Client]
) -> None:
    book_joint_conversation(world)
    caseworker = login("caseworker")
    response = caseworker.post(f"/sager/{world.spell.id}/tilbud/", {"offer_type": "internship"})
    assert response.status_code == 302
    offer = Offer.objects.get(spell=world.spell)
    assert offer.pending and offer.requested_by == world.users["caseworker"]
    assert "Afventer jobcentret" in caseworker.get(f"/sager/{world.spell.id}/").content.decode()
    jobcentre = login("jobcentre")
    assert (
        jobcentre.post(f"/tilbud/{offer.id}/afgoerelse/", {"decision": "grant"}).status_code == 302
    )
    offer.refresh_from_db()
    assert offer.granted_on == TODAY and offer.decided_by == world.users["jobcentre"]
    again = jobcentre.post(f"/tilbud/{offer.id}/afgoerelse/", {"decision": "refuse"}, follow=True)
    assert "Anmodningen er allerede afgjort." in again.content.decode()
    offer.refresh_from_db()
    assert offer.granted_on == TODAY
    assert caseworker.post(f"/tilbud/{offer.id}/start/").status_code == 302
    offer.refresh_from_db()
    assert offer.started_on == TODAY


def test_it_records_a_refusal(world: World, login: Callable[[str], Client]) -> None:
    book_joint_conversation(world)
    login("caseworker").post(f"/sager/{world.spell.id}/tilbud/", {"offer_type": "wage_subsidy"})
    offer = Offer.objects.get(spell=world.spell)
    login("jobcentre").post(f"/tilbud/{offer.id}/afgoerelse/", {"decision": "refuse"})
    offer.refresh_from_db()
    assert offer.refused and offer.granted_on is None
    start = login("caseworker").post(f"/tilbud/{offer.id}/start/", follow=True)
    assert "Kun bevilgede tilbud kan påbegyndes." in start.content.decode()


def test_it_grants_the_funds_own_offers_at_once(
    world: World, login: Callable[[str], Client]
) -> None:
    login("caseworker").post(f"/sager/{world.spell.id}/tilbud/", {"offer_type": "cv_workshop"})
    offer = Offer.objects.get(spell=world.spell)
    assert not offer.pending and offer.granted_on == TODAY


def test_it_keeps_offers_within_each_role(world: World, login: Callable[[str], Client]) -> None:
    assert (
        login("outsider")
        .post(f"/sager/{world.spell.id}/tilbud/", {"offer_type": "internship"})
        .status_code
        == 404
    )
    assert (
        login("jobcentre")
        .post(f"/sager/{world.spell.id}/tilbud/", {"offer_type": "internship"})
        .status_code
        == 403
    )
    login("caseworker").post(f"/sager/{world.spell.id}/tilbud/", {"offer_type": "internship"})
    offer = Offer.objects.get(spell=world.spell)
    # Not in a joint process yet: the jobcentre cannot see the case, so cannot decide.
    assert (
        login("jobcentre")
        .post(f"/tilbud/{offer.id}/afgoerelse/", {"decision": "grant"})
        .status_code
        == 404
    )
    assert (
        login("caseworker")
        .post(f"/tilbud/{offer.id}/afgoerelse/", {"decision": "grant"})
        .status_code
        == 403
    )


def test_it_records_contact_in_the_notice_period_only_with_consent_and_within_it(
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
    client = login("caseworker")
    no_consent = client.post(
        f"/ansaettelser/{job.id}/kontakt/", {"contacted_on": "2022-02-10"}, follow=True
    )
    assert "Kontakt i opsigelsesperioden kræver medlemmets samtykke." in no_consent.content.decode()
    late = client.post(
        f"/ansaettelser/{job.id}/kontakt/",
        {"consent": "on", "contacted_on": "2022-03-10"},
        follow=True,
    )
    assert "Kontaktdagen skal ligge i opsigelsesperioden." in late.content.decode()
    client.post(f"/ansaettelser/{job.id}/kontakt/", {"consent": "on", "contacted_on": "2022-02-10"})
    job.refresh_from_db()
    assert job.notice_contact_consent and job.notice_contact_on == dt.date(2022, 2, 10)
    assert (
        login("outsider").post(f"/ansaettelser/{job.id}/kontakt/", {"consent": "on"}).status_code
        == 404
    )
