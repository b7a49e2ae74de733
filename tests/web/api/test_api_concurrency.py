"""The same write sent twice at the same instant with one Idempotency-Key, from two database
connections: the change is made once, and both get its answer."""

from __future__ import annotations

import json
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from pytest_django.fixtures import Settings

from akasse.web.audit.models import AuditEvent
from akasse.web.members.models import HoursPaid
from tests.web.api.conftest import make_token
from tests.web.world import TODAY, build

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database; runs in the PostgreSQL pass",
)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_makes_a_change_once_when_two_requests_race_with_one_key(
    settings: Settings,
) -> None:
    settings.TODAY = TODAY
    build()
    token = make_token("fund")
    start = threading.Barrier(2)
    answers: list[tuple[int, str, bool]] = []

    def attempt() -> None:
        try:
            client = Client(headers={"Authorization": f"Bearer {token}"})
            start.wait()
            response = client.put(
                "/api/v1/spells/101/hours/2022-03",
                json.dumps({"hours": "80.00"}),
                content_type="application/json",
                headers={"Idempotency-Key": "samtidig"},
            )
            answers.append(
                (response.status_code, response.content.decode(), "Idempotent-Replayed" in response)
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a[0] for a in answers] == [200, 200]
    assert answers[0][1] == answers[1][1]
    assert sorted(a[2] for a in answers) == [False, True]
    assert HoursPaid.objects.get(spell_id=101).hours == Decimal("80.00")
    assert AuditEvent.objects.filter(action="update", what__startswith="timer 101").count() == 1
