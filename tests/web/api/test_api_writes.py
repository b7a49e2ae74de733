"""Changing through the API: a month's hours paid (which plans the spell again) and the
jobcentre's decision on an offer, each through ``carry_out`` with its audit event, refused
with the application's own Danish texts, and done once per ``Idempotency-Key``."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from akasse.web.api.models import IdempotentResponse, Organisation, Token, token_digest
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import Obligation, Offer
from akasse.web.members.models import HoursPaid, OfferType, Spell
from tests.web.api.conftest import Api
from tests.web.world import TODAY, book_joint_conversation

MARCH = "/api/v1/spells/101/hours/2022-03"


def put(client: Client, url: str, body: dict[str, Any] | str, key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    data = body if isinstance(body, str) else json.dumps(body)
    return client.put(url, data, content_type="application/json", headers=headers)


def post(client: Client, url: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, body, content_type="application/json", headers=headers)


def events() -> list[tuple[str, str, int | None, str]]:
    return [
        (e.username, e.action, e.member_id, e.what.split(" (")[0])
        for e in AuditEvent.objects.order_by("seq")
    ]


def prefix(api: Api, persona: str) -> str:
    return Token.objects.get(digest=token_digest(api.tokens[persona])).prefix


def test_it_corrects_a_months_hours_and_plans_the_spell_again(api: Api) -> None:
    Obligation.objects.filter(spell_id=101).update(planned_on=TODAY - dt.timedelta(days=30))
    response = put(api.client("fund"), MARCH, {"hours": "74.5"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["month"], body["hours"], body["created"]) == ("2022-03", "74.50", False)
    assert body["clock"]["hours_consumed"] == "74.50"
    assert HoursPaid.objects.get(spell_id=101).hours == Decimal("74.50")
    spell = Spell.objects.get(pk=101)
    assert spell.hours_consumed == Decimal("74.50")
    assert set(Obligation.objects.filter(spell_id=101).values_list("planned_on", flat=True)) == {
        TODAY
    }
    event = AuditEvent.objects.order_by("-seq").first()
    assert event is not None
    assert (event.username, event.action, event.member_id, event.why) == (
        "api.FOA-A",
        "update",
        1,
        "udbetalte timer",
    )
    assert event.what == f"timer 101 2022-03 (API, nøgle {prefix(api, 'fund')})"
    assert "Set-Cookie" not in response


def test_it_registers_a_month_without_hours_as_created(api: Api) -> None:
    HoursPaid.objects.filter(spell_id=101).delete()
    response = put(api.client("fund"), MARCH, {"hours": "0"})
    assert response.json()["created"] is True
    assert response.json()["hours"] == "0.00"
    assert events()[-1] == ("api.FOA-A", "create", 1, "timer 101 2022-03")


def test_it_refuses_a_month_not_begun_or_before_the_first_day(api: Api) -> None:
    fund = api.client("fund")
    before = events()
    later = put(fund, "/api/v1/spells/101/hours/2022-04", {"hours": "37.00"})
    assert later.status_code == 422
    assert later.json() == {
        "detail": "Der kan ikke registreres timer for en måned, der ikke er begyndt.",
        "errors": [],
    }
    earlier = put(fund, "/api/v1/spells/101/hours/2022-02", {"hours": "37.00"})
    assert earlier.json()["detail"] == (
        "Måneden ligger før forløbets første ledighedsdag (2022-03-07)."
    )
    assert events() == before
    assert list(HoursPaid.objects.values_list("month", flat=True)) == [dt.date(2022, 3, 1)] * 3


def test_it_refuses_hours_that_are_not_two_decimals(api: Api) -> None:
    response = put(api.client("fund"), MARCH, {"hours": "37.125"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "location": "body",
            "field": "hours",
            "message": r"har ikke den rette form (^\d{1,5}(\.\d{1,2})?$)",
        }
    ]
    assert put(api.client("fund"), MARCH, "{ikke json").json() == {
        "detail": "Forespørgslens indhold er ikke gyldig JSON.",
        "errors": [],
    }
    assert HoursPaid.objects.get(spell_id=101).hours == Decimal("37.00")


def test_it_lets_only_the_fund_register_hours_and_only_its_own(api: Api) -> None:
    book_joint_conversation(api.world)
    assert put(api.client("jobcentre"), MARCH, {"hours": "1"}).json() == {
        "detail": "Nøglen har ikke rettigheden hours:write.",
        "errors": [],
    }
    outsider = put(api.client("outsider"), MARCH, {"hours": "1"})
    assert outsider.status_code == 404
    assert HoursPaid.objects.get(spell_id=101).hours == Decimal("37.00")


def test_it_does_a_write_once_per_idempotency_key(api: Api) -> None:
    fund = api.client("fund")
    first = put(fund, MARCH, {"hours": "50.00"}, key="betaling-2022-03-101")
    count = len(events())
    HoursPaid.objects.filter(spell_id=101).update(hours=Decimal("1.00"))  # changed meanwhile
    again = put(fund, MARCH, '{ "hours" :  "50.00" }', key="betaling-2022-03-101")
    assert (again.status_code, again.json()) == (200, first.json())
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert len(events()) == count  # no second change, no second event
    assert HoursPaid.objects.get(spell_id=101).hours == Decimal("1.00")


def test_it_refuses_a_key_used_for_another_request(api: Api) -> None:
    fund = api.client("fund")
    put(fund, MARCH, {"hours": "50.00"}, key="k1")
    other = put(fund, MARCH, {"hours": "51.00"}, key="k1")
    assert other.status_code == 422
    assert other.json() == {
        "detail": "Idempotency-Key 'k1' er allerede brugt til en anden forespørgsel inden for "
        "de sidste 24 timer. Brug en ny nøgle til en ny ændring.",
        "errors": [],
    }
    elsewhere = put(fund, "/api/v1/spells/102/hours/2022-03", {"hours": "50.00"}, key="k1")
    assert elsewhere.status_code == 422
    assert HoursPaid.objects.get(spell_id=101).hours == Decimal("50.00")
    assert HoursPaid.objects.get(spell_id=102).hours == Decimal("37.00")


def test_it_replays_a_refusal_and_forgets_a_key_after_24_hours(api: Api) -> None:
    fund = api.client("fund")
    refused = put(fund, "/api/v1/spells/101/hours/2022-04", {"hours": "1"}, key="k2")
    assert put(fund, "/api/v1/spells/101/hours/2022-04", {"hours": "1"}, key="k2").json() == (
        refused.json()
    )
    put(fund, MARCH, {"hours": "60.00"}, key="k3")
    IdempotentResponse.objects.update(created_at=timezone.now() - dt.timedelta(hours=24, seconds=1))
    count = len(events())
    HoursPaid.objects.filter(spell_id=101).update(hours=Decimal("1.00"))
    fresh = put(fund, MARCH, {"hours": "60.00"}, key="k3")
    assert "Idempotent-Replayed" not in fresh
    assert len(events()) == count + 1
    assert HoursPaid.objects.get(spell_id=101).hours == Decimal("60.00")
    assert IdempotentResponse.objects.count() == 1  # the expired ones are gone


def test_it_keeps_each_organisations_keys_apart(api: Api) -> None:
    put(api.client("fund"), MARCH, {"hours": "50.00"}, key="k-delt")
    other = put(
        api.client("outsider"), "/api/v1/spells/301/hours/2022-03", {"hours": "9"}, key="k-delt"
    )
    assert other.status_code == 200 and "Idempotent-Replayed" not in other
    assert HoursPaid.objects.get(spell_id=301).hours == Decimal("9.00")
    assert IdempotentResponse.objects.filter(key="k-delt").count() == 2


def test_it_refuses_a_key_that_is_not_printable_ascii(api: Api) -> None:
    response = put(api.client("fund"), MARCH, {"hours": "50.00"}, key="to ord")
    assert response.status_code == 422
    assert [e["location"] for e in response.json()["errors"]] == ["header"]
    assert HoursPaid.objects.get(spell_id=101).hours == Decimal("37.00")


def _pending_offer(api: Api) -> Offer:
    book_joint_conversation(api.world)
    return Offer.objects.create(
        spell=api.world.spell,
        offer_type=OfferType.objects.get(code="internship"),
        requested_on=TODAY,
        requested_at=timezone.now(),
        requested_by=api.world.users["caseworker"],
    )


def test_the_jobcentre_grants_a_requested_offer_once(api: Api) -> None:
    offer = _pending_offer(api)
    url = f"/api/v1/offers/{offer.id}/decision"
    granted = post(api.client("jobcentre"), url, {"decision": "grant"})
    assert granted.status_code == 200, granted.content
    body = granted.json()
    assert (body["granted_on"], body["pending"], body["refused"]) == ("2022-03-14", False, False)
    offer.refresh_from_db()
    jobcentre = Organisation.objects.get(municipality="0751").user
    assert (offer.granted_on, offer.decided_by) == (TODAY, jobcentre)
    assert events()[-1] == ("api.jobcenter.0751", "update", 1, f"tilbud {offer.id} bevilget")
    again = post(api.client("jobcentre"), url, {"decision": "refuse"})
    assert again.status_code == 422
    assert again.json() == {"detail": "Anmodningen er allerede afgjort.", "errors": []}
    offer.refresh_from_db()
    assert offer.granted_on == TODAY


def test_the_jobcentre_refuses_a_requested_offer(api: Api) -> None:
    offer = _pending_offer(api)
    key = "afgoerelse-1"
    url = f"/api/v1/offers/{offer.id}/decision"
    refused = post(api.client("jobcentre"), url, {"decision": "refuse"}, key=key)
    assert refused.json()["refused"] is True
    assert post(api.client("jobcentre"), url, {"decision": "refuse"}, key=key).json() == (
        refused.json()
    )
    assert events()[-1][3] == f"tilbud {offer.id} afslået"
    assert post(api.client("jobcentre"), url, {"decision": "maybe"}).json()["errors"] == [
        {
            "location": "body",
            "field": "decision",
            "message": "skal være en af 'grant' eller 'refuse'",
        }
    ]


def test_only_the_jobcentre_in_the_joint_process_decides(api: Api) -> None:
    offer = _pending_offer(api)
    url = f"/api/v1/offers/{offer.id}/decision"
    assert post(api.client("fund"), url, {"decision": "grant"}).json() == {
        "detail": "Nøglen har ikke rettigheden offers:write.",
        "errors": [],
    }
    assert post(api.client("outsider_jobcentre"), url, {"decision": "grant"}).status_code == 404
    offer.refresh_from_db()
    assert offer.pending
