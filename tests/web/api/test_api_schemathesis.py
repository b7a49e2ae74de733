"""The API against its own OpenAPI document, with requests generated from it (schemathesis):
every operation, no server error, every answer as documented. The organisation's own token
is sent to its own spell and offer (random ids would only ever meet 404); an outsider's token
(another fund, another municipality's jobcentre) sent to the same ids gets no answer that
shows them; a bad token gets 401 and a token without the scope 403, everywhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings

from akasse.web.api.schemas import MONTH_PATTERN
from akasse.web.api.scopes import FUND, SCOPES
from akasse.web.casework.models import Offer
from akasse.web.members.models import OfferType
from tests.web.api.conftest import Api
from tests.web.world import TODAY, book_joint_conversation

APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)
# A refused change (a month not yet begun, an offer already decided) is a valid request the
# API answers with 422, as documented.
schema.config.checks_config_for().positive_data_acceptance.expected_statuses.append("422")
EXAMPLES = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def app_in_test_transaction() -> Iterator[None]:
    """Requests through the WSGI application keep the test's database connection, as Django's
    test client does (otherwise each request would close it, and the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def targets(api: Api, app_in_test_transaction: None) -> dict[str, int]:
    """The ids the generated requests are pointed at: the fund's spell in a joint process with
    the Aarhus jobcentre, and an offer requested of the jobcentre."""
    book_joint_conversation(api.world)
    offer = Offer.objects.create(
        spell=api.world.spell,
        offer_type=OfferType.objects.get(code="internship"),
        requested_on=TODAY,
        requested_at=timezone.now(),
    )
    return {"spell_id": api.world.spell.id, "offer_id": offer.id}


def scope_of(case: Any) -> str:
    scope = case.operation.definition.raw["x-scope"]
    assert scope in SCOPES
    return str(scope)


def positive(case: Any) -> bool:
    """A request valid by the document (schemathesis also makes invalid ones, some without the
    Authorization header): the token sent is then the one that decides."""
    return case.meta is None or not case.meta.generation.mode.is_negative


def aim(case: Any, targets: dict[str, int]) -> None:
    """Point a valid generated id at ours (an invalid one stays, to be refused), and half the
    valid months at the spell's own month, so that hours are registered as well as refused."""
    path = case.path_parameters or {}
    for name, value in targets.items():
        if name in path and str(path[name]).isdigit():
            path[name] = value
    month = path.get("month")
    if isinstance(month, str) and re.fullmatch(MONTH_PATTERN, month) and int(month[-1]) % 2 == 0:
        path["month"] = f"{TODAY:%Y-%m}"


@schema.parametrize()
@EXAMPLES
def test_api_answers_as_its_document_says(case: Any, api: Api, targets: dict[str, int]) -> None:
    aim(case, targets)
    persona = "fund" if FUND in SCOPES[scope_of(case)].kinds else "jobcentre"
    case.call_and_validate(headers={"Authorization": f"Bearer {api.tokens[persona]}"})


@schema.parametrize()
@EXAMPLES
def test_api_shows_an_outsider_nothing_of_the_organisations_cases(
    case: Any, api: Api, targets: dict[str, int]
) -> None:
    if not positive(case):
        return
    aim(case, targets)
    scope = scope_of(case)
    persona = "outsider" if FUND in SCOPES[scope].kinds else "outsider_jobcentre"
    response = case.call(headers={"Authorization": f"Bearer {api.tokens[persona]}"})
    if case.path_parameters:
        assert response.status_code in {403, 404, 422}, response.text
        if response.status_code == 422:  # the request itself was invalid, whoever sent it
            assert response.json()["errors"], response.text
    else:
        assert response.status_code in {200, 422}, response.text
        if response.status_code == 200:  # the outsider's own cases, none of ours
            spells = {item.get("spell_id", item["id"]) for item in response.json()["items"]}
            assert targets["spell_id"] not in spells, response.text


@schema.parametrize()
@EXAMPLES
def test_api_refuses_a_bad_token_and_a_token_without_the_scope_everywhere(
    case: Any, api: Api, targets: dict[str, int]
) -> None:
    if not positive(case):
        return
    aim(case, targets)
    bad = case.call(headers={"Authorization": "Bearer akasse_00000000_ikke-en-nøgle"})
    assert bad.status_code == 401, bad.text
    assert bad.headers["www-authenticate"] == ["Bearer"]
    none = case.call(headers={"Authorization": ""})
    assert none.status_code == 401, none.text
    if scope_of(case) != "spells:read":
        narrow = case.call(headers={"Authorization": f"Bearer {api.tokens['narrow']}"})
        assert narrow.status_code == 403, narrow.text
