"""Prepared queries: compiled once, then the same rows and objects as the ORM's own queryset
with the values filled in, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import DateField, F, IntegerField, QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from akasse.web.casework.models import Conversation, PlanEntry
from akasse.web.members.models import HoursPaid, OfferType
from akasse.web.prepared import Param, Prepared
from akasse.web.profiling.models import Assessment
from tests.web.world import TODAY, World, book

SPELL = Param("spell", IntegerField())


def _hours(spell: Any, as_of: Any) -> QuerySet[HoursPaid, Any]:
    return (
        HoursPaid.objects.filter(spell_id=spell, month__lte=as_of)
        .order_by("month")
        .values_list("month", "hours")
    )


def test_rows_are_the_orms_rows_for_the_same_values(world: World) -> None:
    HoursPaid.objects.filter(spell=world.spell).delete()
    for month, hours in ((dt.date(2022, 3, 1), "80.50"), (dt.date(2022, 4, 1), "160.25")):
        HoursPaid.objects.create(spell=world.spell, month=month, hours=Decimal(hours))
    hours = Prepared(lambda: _hours(Param("spell", IntegerField()), Param("as_of", DateField())))
    for as_of in (dt.date(2022, 2, 1), dt.date(2022, 3, 31), dt.date(2022, 5, 1)):
        expected = list(_hours(world.spell.id, as_of))
        assert hours.rows(spell=world.spell.id, as_of=as_of) == expected
    rows = hours.rows(spell=world.spell.id, as_of=dt.date(2022, 5, 1))
    assert rows == [
        (dt.date(2022, 3, 1), Decimal("80.50")),
        (dt.date(2022, 4, 1), Decimal("160.25")),
    ]
    assert hours.rows(spell=world.other_spell.id, as_of=dt.date(2022, 5, 1)) == list(
        _hours(world.other_spell.id, dt.date(2022, 5, 1))
    )


def test_times_come_back_aware_as_from_the_orm(world: World) -> None:
    PlanEntry.objects.create(spell=world.spell, kind="summary", text="Første samtale.")
    entries = Prepared(
        lambda: PlanEntry.objects.filter(spell_id=SPELL).values_list("created_at", "text")
    )
    [(created_at, text)] = entries.rows(spell=world.spell.id)
    assert timezone.is_aware(created_at)
    assert (created_at, text) == PlanEntry.objects.filter(spell=world.spell).values_list(
        "created_at", "text"
    ).get()


def test_objects_are_model_instances_with_their_annotations(world: World) -> None:
    slot = world.slots[0]
    booked = book(world.spell, "cv", TODAY, slot=slot, caseworker=world.caseworker)
    held = book(world.spell, "job", TODAY - dt.timedelta(days=3), status="held", held_on=TODAY)
    prepared = Prepared(
        lambda: (
            Conversation.objects.filter(spell_id=SPELL)
            .annotate(slot_starts_at=F("slot__starts_at"))
            .order_by("-planned_for", "-id")
        )
    )
    found = prepared.objects(spell=world.spell.id)
    assert [c.pk for c in found] == [booked.pk, held.pk]
    assert all(isinstance(c, Conversation) and not c._state.adding for c in found)
    assert found[0].slot_starts_at == slot.starts_at  # type: ignore[attr-defined]
    assert found[1].slot_starts_at is None  # type: ignore[attr-defined]
    assert (found[1].kinds, found[1].status, found[1].held_on) == ("job", "held", TODAY)
    assert found[0].kind_label == booked.kind_label
    found[1].summary = "Referat."
    found[1].save(update_fields=["summary"])  # an instance the ORM can save like its own
    assert Conversation.objects.get(pk=held.pk).summary == "Referat."


def test_json_and_default_ordering_as_from_the_orm(world: World) -> None:
    for risk in (0.2, 0.7):
        Assessment.objects.create(
            spell=world.spell,
            model_version="v1",
            risk=risk,
            target_group="1",
            details={"factors": [{"text": "Alder", "raises": risk > 0.5}]},
        )
    latest = Prepared(lambda: Assessment.objects.filter(spell_id=SPELL)[:1])
    [found] = latest.objects(spell=world.spell.id)
    assert found == Assessment.objects.filter(spell=world.spell).first()
    assert found.details == {"factors": [{"text": "Alder", "raises": True}]}
    catalogue = Prepared(OfferType.objects.all)
    assert [t.code for t in catalogue.objects()] == [t.code for t in OfferType.objects.all()]


def test_compiled_once_then_one_query_a_run(world: World) -> None:
    builds = []

    def build() -> QuerySet[PlanEntry, Any]:
        builds.append(1)
        return PlanEntry.objects.filter(spell_id=SPELL).values_list("text")

    entries = Prepared(build)
    with CaptureQueriesContext(connection) as queries:
        for spell in (world.spell, world.other_spell, world.spell):
            entries.rows(spell=spell.id)
    assert len(builds) == 1
    assert len(queries.captured_queries) == 3  # counted and logged like the ORM's queries


def test_values_are_named_exactly(world: World) -> None:
    hours = Prepared(lambda: _hours(Param("spell", IntegerField()), Param("as_of", DateField())))
    with pytest.raises(TypeError, match=r"missing \['as_of'\]"):
        hours.rows(spell=world.spell.id)
    with pytest.raises(TypeError, match=r"unknown \['member'\]"):
        hours.rows(spell=world.spell.id, as_of=TODAY, member=1)
    with pytest.raises(TypeError, match="objects"):
        Prepared(lambda: Conversation.objects.filter(spell_id=SPELL)).rows(spell=1)
    with pytest.raises(TypeError, match="rows"):
        hours.objects(spell=world.spell.id, as_of=TODAY)


def test_related_objects_come_with_the_row(world: World) -> None:
    slot = world.slots[0]
    with_slot = book(world.spell, "cv", TODAY, slot=slot, caseworker=world.caseworker)
    book(world.spell, "job", TODAY + dt.timedelta(days=7))
    prepared = Prepared(
        lambda: (
            Conversation.objects.filter(spell_id=SPELL)
            .select_related("slot__caseworker", "spell")
            .order_by("planned_for")
        )
    )
    found = prepared.objects(spell=world.spell.id)
    with CaptureQueriesContext(connection) as queries:
        assert found[0].slot == slot and found[0].slot.caseworker == world.caseworker
        assert found[0].pk == with_slot.pk and found[1].slot is None
        assert {c.spell.first_day for c in found} == {world.spell.first_day}
    assert queries.captured_queries == []  # read with the rows, not one by one


def test_what_cannot_be_prepared_is_refused(world: World) -> None:
    for refused in (
        lambda: Conversation.objects.values("kinds"),
        lambda: Conversation.objects.values_list("kinds", flat=True),
        lambda: Conversation.objects.values_list("kinds", named=True),
    ):
        with pytest.raises(ValueError, match="values_list"):
            Prepared(refused).rows()
    with pytest.raises(ValueError, match="prefetch_related"):
        Prepared(lambda: Conversation.objects.prefetch_related("spell")).objects()
    with pytest.raises(ValueError, match="fields only"):
        Prepared(
            lambda: Conversation.objects.annotate(start=F("slot__starts_at")).values_list("start")
        ).rows()


def test_a_query_that_matches_nothing_sends_nothing(world: World) -> None:
    nothing = Prepared(lambda: Conversation.objects.filter(spell_id=SPELL, id__in=[]))
    with CaptureQueriesContext(connection) as queries:
        assert nothing.objects(spell=world.spell.id) == []
    assert queries.captured_queries == []


@pytest.mark.skipif(
    connection.vendor != "postgresql"
    or connection.settings_dict["OPTIONS"].get("prepare_threshold") is None,
    reason="statements are prepared on the server only by PostgreSQL (AKASSE_DB_PREPARED)",
)
def test_postgresql_plans_a_repeated_statement_once_per_connection(world: World) -> None:
    entries = Prepared(
        lambda: PlanEntry.objects.filter(spell_id=SPELL, kind="agreement").values_list("text")
    )
    for _ in range(7):
        entries.rows(spell=world.spell.id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("casework_planentry" in s and "agreement" not in s for s in prepared)
