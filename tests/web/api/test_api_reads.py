"""Reading through the API: each resource as the database holds it, the organisation's cases
only (as ``akasse.web.access`` decides for its users), lists in stable pages with filters,
404 alike for what does not exist and what is another's, and every read in the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from akasse.web.access import Scope
from akasse.web.accounts.models import Role, User
from akasse.web.api.models import Token, token_digest
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import Obligation, Offer, PlanEntry
from akasse.web.jobs.models import Cv, CvJob
from akasse.web.members.models import OfferType
from tests.web.api.conftest import Api
from tests.web.world import TODAY, book, book_joint_conversation

NOT_101 = {"detail": "Forløb 101 findes ikke blandt organisationens sager.", "errors": []}


def ok(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert "Set-Cookie" not in response
    return response.json()


def ids(page: dict[str, Any]) -> list[int]:
    return [item["id"] for item in page["items"]]


def test_it_lists_the_funds_spells_and_not_another_funds(api: Api) -> None:
    assert ids(ok(api.client("fund"), "/api/v1/spells")) == [101, 102]
    assert ids(ok(api.client("outsider"), "/api/v1/spells")) == [301]


def test_it_lists_a_jobcentre_only_the_spells_in_a_joint_process_with_it(api: Api) -> None:
    jobcentre = api.client("jobcentre")
    assert ids(ok(jobcentre, "/api/v1/spells")) == []
    assert jobcentre.get("/api/v1/spells/101").json() == NOT_101
    book_joint_conversation(api.world)
    assert ids(ok(jobcentre, "/api/v1/spells")) == [101]
    # The same spells as a consultant of the jobcentre is shown by the access module.
    consultant = api.world.users["jobcentre"]
    assert list(Scope(consultant).spells().values_list("id", flat=True)) == [101]
    assert ok(jobcentre, "/api/v1/spells/101")["id"] == 101


def test_it_answers_404_alike_for_another_funds_spell_and_for_none(api: Api) -> None:
    fund = api.client("fund")
    other = fund.get("/api/v1/spells/301")
    missing = fund.get("/api/v1/spells/999")
    assert (other.status_code, missing.status_code) == (404, 404)
    assert other.json()["detail"] == "Forløb 301 findes ikke blandt organisationens sager."
    assert missing.json()["detail"] == "Forløb 999 findes ikke blandt organisationens sager."
    for url in ("hours", "plan", "min-plan", "conversations", "handover"):
        assert api.client("outsider").get(f"/api/v1/spells/101/{url}").json() == NOT_101


def test_it_gives_a_spell_with_its_clock(api: Api) -> None:
    spell = api.world.spell
    assert ok(api.client("fund"), "/api/v1/spells/101") == {
        "id": 101,
        "member_id": 1,
        "fund": "FOA-A",
        "branch_id": 1,
        "municipality": "0751",
        "first_day": "2022-03-07",
        "insurance": "full_time",
        "trial": True,
        "age": 45,
        "transfer_date": None,
        "weekly_status": "dd",
        "status_until": "2022-03-20",
        "caseworker_id": None,
        "clock": {
            "regime": spell.regime,
            "transfer_date": spell.clock_transfer_date.isoformat(),  # type: ignore[union-attr]
            "projected": True,
            "hours_consumed": "37.00",
        },
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("municipality=0751", [101]),
        ("municipality=0101", [102]),
        ("member_id=2", [102]),
        ("branch_id=1", [101]),
        ("trial=false", [102]),
        ("first_day_from=2022-03-07&first_day_to=2022-03-07", [101, 102]),
        ("first_day_from=2022-03-08", []),
        ("transfer_to=2000-01-01", []),
    ],
)
def test_it_filters_spells(api: Api, query: str, expected: list[int]) -> None:
    assert ids(ok(api.client("fund"), f"/api/v1/spells?{query}")) == expected


def test_it_pages_a_list_in_a_stable_order(api: Api) -> None:
    fund = api.client("fund")
    first = ok(fund, "/api/v1/spells?limit=1")
    second = ok(fund, "/api/v1/spells?limit=1&offset=1")
    assert (first["count"], first["limit"], first["offset"], ids(first)) == (2, 1, 0, [101])
    assert (second["count"], second["offset"], ids(second)) == (2, 1, [102])
    assert ids(ok(fund, "/api/v1/spells?offset=2")) == []


def test_it_refuses_a_page_beyond_the_maximum_and_unknown_parameters(api: Api) -> None:
    fund = api.client("fund")
    big = fund.get("/api/v1/spells?limit=101")
    assert big.status_code == 422
    assert big.json() == {
        "detail": "Forespørgslen er ugyldig: limit skal være højst 100.",
        "errors": [{"location": "query", "field": "limit", "message": "skal være højst 100"}],
    }
    typo = fund.get("/api/v1/offers?pendng=true")
    assert typo.status_code == 422
    assert typo.json()["detail"] == (
        "Forespørgslen er ugyldig: query har parametre, som listen ikke kender: 'pendng'."
    )
    day = fund.get("/api/v1/spells?first_day_from=0")
    assert day.json()["errors"] == [
        {
            "location": "query",
            "field": "first_day_from",
            "message": "skal være en dato som ÅÅÅÅ-MM-DD",
        }
    ]


def test_it_writes_every_read_to_the_audit_log_with_the_organisation_as_the_user(
    api: Api,
) -> None:
    prefix = Token.objects.get(digest=token_digest(api.tokens["fund"])).prefix
    fund = api.client("fund")
    before = AuditEvent.objects.count()
    fund.get("/api/v1/spells")
    fund.get("/api/v1/spells/101/plan")
    fund.get("/api/v1/spells/301")  # not the fund's: no read
    events = list(AuditEvent.objects.order_by("seq")[before:])
    assert [(e.username, e.action, e.member_id, e.what, e.why) for e in events] == [
        ("api.FOA-A", "view", 1, f"API forløb 101 i liste (nøgle {prefix})", "forløbsliste"),
        ("api.FOA-A", "view", 2, f"API forløb 102 i liste (nøgle {prefix})", "forløbsliste"),
        ("api.FOA-A", "view", 1, f"API plan 101 (nøgle {prefix})", "sagsbehandling"),
    ]
    assert all(e.user_id == events[0].user_id is not None for e in events)
    # The fund's data protection officer finds the API's reads among the member's.
    officer = User.objects.create_user("dpo", role=Role.PRIVACY_OFFICER, fund=api.world.fund)
    assert {e.pk for e in events} <= set(Scope(officer).audit_events().values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("url", "what", "why"),
    [
        ("/api/v1/spells/101", "forløb 101", "sagsbehandling"),
        ("/api/v1/spells/101/hours", "timer 101", "sagsbehandling"),
        ("/api/v1/spells/101/conversations", "samtaler 101", "sagsbehandling"),
        ("/api/v1/spells/101/plan", "plan 101", "sagsbehandling"),
        ("/api/v1/spells/101/min-plan", "Min Plan 101", "sagsbehandling"),
        ("/api/v1/spells/101/handover", "overdragelse 101", "overdragelse til jobcenter"),
    ],
)
def test_it_audits_each_resource_of_a_spell(api: Api, url: str, what: str, why: str) -> None:
    ok(api.client("fund"), url)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.member_id, event.what.split(" (")[0], event.why) == (1, f"API {what}", why)


def test_it_gives_the_hours_paid_by_month(api: Api) -> None:
    assert ok(api.client("fund"), "/api/v1/spells/101/hours") == {
        "count": 1,
        "limit": 25,
        "offset": 0,
        "items": [{"month": "2022-03", "hours": "37.00"}],
    }


def test_it_gives_the_plan_as_last_stored(api: Api) -> None:
    plan = ok(api.client("fund"), "/api/v1/spells/101/plan")
    stored = Obligation.objects.filter(spell_id=101).order_by("due_by", "kind", "number")
    assert plan["planned_on"] == TODAY.isoformat()
    assert [(o["kind"], o["number"], o["owner"], o["status"]) for o in plan["obligations"]] == [
        (o.kind, o.number, o.owner, o.status) for o in stored
    ]
    assert plan["obligations"][0]["title"] == "CV-samtale nr. 1"
    # Changed in the database (as the nightly plan would): the API shows what is stored.
    Obligation.objects.filter(spell_id=101).delete()
    assert ok(api.client("fund"), "/api/v1/spells/101/plan")["obligations"] == []


def test_it_gives_the_conversations_by_planned_day(api: Api) -> None:
    later = book(api.world.spell, "job", TODAY + dt.timedelta(days=14))
    held = book(
        api.world.spell,
        "cv",
        TODAY - dt.timedelta(days=1),
        status="held",
        held_on=TODAY - dt.timedelta(days=1),
        summary="Jobmål: SOSU-hjælper.",
    )
    page = ok(api.client("fund"), "/api/v1/spells/101/conversations")
    assert ids(page) == [held.id, later.id]
    assert page["items"][0] | {"id": 0} == {
        "id": 0,
        "spell_id": 101,
        "kinds": ["cv"],
        "title": "CV-samtale",
        "owner": "akasse",
        "channel": "in_person",
        "status": "held",
        "booked_on": "2022-03-14",
        "planned_for": "2022-03-13",
        "held_on": "2022-03-13",
        "branch_id": 1,
        "caseworker_id": None,
        "participants": "",
        "summary": "Jobmål: SOSU-hjælper.",
    }


def test_it_gives_min_plan_oldest_first(api: Api) -> None:
    goal = PlanEntry.objects.create(spell=api.world.spell, kind="goal", text="SOSU-hjælper")
    deal = PlanEntry.objects.create(spell=api.world.spell, kind="agreement", text="10 ans.")
    page = ok(api.client("fund"), "/api/v1/spells/101/min-plan")
    assert [(e["id"], e["kind"], e["title"], e["text"]) for e in page["items"]] == [
        (goal.id, "goal", "Jobmål", "SOSU-hjælper"),
        (deal.id, "agreement", "Aftale", "10 ans."),
    ]


def test_it_gives_the_handover_as_the_jobcentre_receives_it(api: Api) -> None:
    fund = api.world.fund
    fund.address, fund.postcode, fund.city = "Staunings Plads 1", "1790", "København V"
    fund.save()
    cv = Cv.objects.create(
        member=api.world.spell.member,
        updated_on=TODAY,
        education_level="vocational",
        skills="personal_care,documentation",
        wished_disco="5322",
        wish_text="Jeg søger job som social- og sundhedshjælper",
    )
    CvJob.objects.create(
        cv=cv,
        disco="5322",
        title="Social- og sundhedshjælper",
        employer="Plejecenter Solbakken",
        from_date=dt.date(2019, 3, 1),
        to_date=dt.date(2023, 5, 31),
    )
    book_joint_conversation(api.world)
    handover = ok(api.client("jobcentre"), "/api/v1/spells/101/handover")
    assert handover["document_date"] == TODAY.isoformat()
    assert handover["sender"] == {
        "name": "FOA's a-kasse",
        "lines": ["Staunings Plads 1, 1790 København V"],
    }
    assert (handover["branch"], handover["recipient"]) == (
        "FOA Aarhus",
        {"name": "Jobcenter Aarhus", "lines": []},
    )
    assert handover["plan"] == ok(api.client("fund"), "/api/v1/spells/101/plan")
    assert [c["kinds"] for c in handover["conversations"]] == [["joint"]]
    assert handover["cv"]["wish_text"] == "Jeg søger job som social- og sundhedshjælper"
    assert handover["cv"]["skills"] == ["personal_care", "documentation"]
    assert handover["cv"]["wished_disco"] == ["5322"]
    assert [j["employer"] for j in handover["cv"]["jobs"]] == ["Plejecenter Solbakken"]


def _request_offer(api: Api, code: str = "internship") -> Offer:
    return Offer.objects.create(
        spell=api.world.spell,
        offer_type=OfferType.objects.get(code=code),
        requested_on=TODAY,
        requested_at=timezone.now(),
    )


def test_it_lists_offers_and_those_awaiting_the_jobcentre(api: Api) -> None:
    pending = _request_offer(api)
    decided = _request_offer(api, "wage_subsidy")
    decided.decided_at, decided.granted_on = timezone.now(), TODAY
    decided.save()
    fund = api.client("fund")
    assert ids(ok(fund, "/api/v1/offers")) == [pending.id, decided.id]
    assert ids(ok(fund, "/api/v1/offers?pending=true")) == [pending.id]
    assert ids(ok(fund, "/api/v1/offers?pending=false&spell_id=101")) == [decided.id]
    assert ids(ok(fund, "/api/v1/offers?spell_id=102")) == []
    one = ok(fund, f"/api/v1/offers/{pending.id}")
    assert (one["offer_type"], one["pending"], one["refused"], one["granted_on"]) == (
        "internship",
        True,
        False,
        None,
    )
    assert one["name"] == OfferType.objects.get(code="internship").name
    assert ids(ok(api.client("outsider"), "/api/v1/offers")) == []
    assert api.client("outsider").get(f"/api/v1/offers/{pending.id}").json() == {
        "detail": f"Tilbud {pending.id} findes ikke blandt organisationens sager.",
        "errors": [],
    }
    assert ids(ok(api.client("jobcentre"), "/api/v1/offers")) == []
    book_joint_conversation(api.world)
    assert ids(ok(api.client("jobcentre"), "/api/v1/offers?pending=true")) == [pending.id]
