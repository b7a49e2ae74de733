"""The audit log is a hash chain that only grows: each event is chained to the one before by a
keyed hash, rows cannot be changed or deleted (by the model or, through triggers, in the
database), and ``akasse audit verify`` finds each kind of tampering. Runs on SQLite and, in the
PostgreSQL pass, on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from akasse.cli import main
from akasse.web.accounts.models import User
from akasse.web.audit import chain, triggers
from akasse.web.audit.models import GENESIS, AppendOnlyError, AuditEvent, ChainHead
from akasse.web.members.models import Member
from tests.web.world import World

VIEW = AuditEvent.Action.VIEW


def _events(world: World, count: int) -> list[AuditEvent]:
    user = world.users["caseworker"]
    return [
        AuditEvent.objects.create(
            user=user,
            username=user.username,
            action=VIEW,
            member_id=1,
            what=f"sag {101 + n}",
            why="sagsbehandling",
            address="10.0.0.7",
        )
        for n in range(count)
    ]


def _verify(capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["audit", "verify", "--quiet"])
    return code, capsys.readouterr().out.strip()


def _tamper(*statements: str) -> None:
    """Raw SQL on the audit table, the triggers dropped first (restored when the test's
    transaction rolls back)."""
    triggers.drop(connection)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def test_it_chains_each_event_to_the_previous_by_a_keyed_hash(world: World) -> None:
    first, second = _events(world, 2)
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    stored = AuditEvent.objects.get(pk=second.pk)
    fields = {
        "action": "view",
        "address": "10.0.0.7",
        "at": stored.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "member_id": 1,
        "user_id": world.users["caseworker"].pk,
        "username": "sagsbehandler",
        "what": "sag 102",
        "why": "sagsbehandling",
    }
    message = first.hash + "\n" + json.dumps(fields, sort_keys=True, separators=(",", ":"))
    key = settings.AUDIT_KEY.encode()
    assert stored.hash == hmac.new(key, message.encode(), hashlib.sha256).hexdigest()
    head = ChainHead.objects.get()
    assert (head.seq, head.hash) == (2, second.hash)


def test_it_reports_an_intact_log_with_the_count_checked(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    _events(world, 3)
    assert _verify(capsys) == (0, "Adgangsloggen er intakt: 3 hændelser kontrolleret.")


def test_it_verifies_up_to_the_head_it_read_while_events_are_appended(world: World) -> None:
    """The application appends while a scheduled verification walks: the events written after
    it began are not a break."""
    _events(world, 3)
    appended: list[AuditEvent] = []

    def append_during_the_walk(done: int, total: int) -> None:
        if not appended:
            appended.extend(_events(world, 1))

    verdict = chain.verify(progress=append_during_the_walk)
    assert verdict.intact, verdict.broken
    assert verdict.checked == 3
    assert appended[0].seq == 4
    assert chain.verify().checked == 4


def test_it_reports_an_empty_log_as_intact(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _verify(capsys) == (0, "Adgangsloggen er intakt: 0 hændelser kontrolleret.")


def test_it_finds_an_event_changed(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    events = _events(world, 3)
    _tamper(f"UPDATE audit_auditevent SET why = 'nysgerrighed' WHERE id = {events[1].pk}")
    assert _verify(capsys) == (
        1,
        f"Adgangsloggen er brudt ved hændelse id {events[1].pk} (nummer 2): ændret – "
        "indholdet passer ikke med hændelsens hash. 1 hændelse før den er intakt.",
    )


def test_it_finds_an_event_changed_with_its_hash_recomputed_without_the_key(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _events(world, 2)
    forged = hashlib.sha256(events[0].hash.encode() + b"sag 999").hexdigest()
    _tamper(
        f"UPDATE audit_auditevent SET what = 'sag 999', hash = '{forged}' WHERE id = {events[1].pk}"
    )
    code, text = _verify(capsys)
    assert code == 1
    assert f"hændelse id {events[1].pk} (nummer 2): ændret" in text


def test_it_finds_an_event_removed_from_the_middle(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _events(world, 4)
    _tamper(f"DELETE FROM audit_auditevent WHERE id = {events[1].pk}")
    assert _verify(capsys) == (
        1,
        f"Adgangsloggen er brudt ved hændelse id {events[2].pk} (nummer 3): fjernet – "
        "hændelse nummer 2 mangler. 1 hændelse før den er intakt.",
    )


def test_it_finds_events_removed_and_the_rest_renumbered(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _events(world, 4)
    _tamper(
        f"DELETE FROM audit_auditevent WHERE id IN ({events[1].pk}, {events[2].pk})",
        f"UPDATE audit_auditevent SET seq = 2 WHERE id = {events[3].pk}",
    )
    assert _verify(capsys) == (
        1,
        f"Adgangsloggen er brudt ved hændelse id {events[3].pk} (nummer 2): fjernet – "
        "hændelsen, den følger, mangler. 1 hændelse før den er intakt.",
    )


def test_it_finds_events_removed_from_the_end(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _events(world, 4)
    _tamper(f"DELETE FROM audit_auditevent WHERE id IN ({events[2].pk}, {events[3].pk})")
    assert _verify(capsys) == (
        1,
        f"Adgangsloggen er brudt ved hændelse id {events[1].pk} (nummer 2): fjernet – "
        "kæden slutter ved nummer 2, men hændelse nummer 4 er skrevet. "
        "2 hændelser før den er intakte.",
    )


def test_it_finds_two_events_swapped_in_the_sequence(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _events(world, 4)
    second, third = events[1].pk, events[2].pk
    _tamper(
        f"UPDATE audit_auditevent SET seq = -1 WHERE id = {second}",
        f"UPDATE audit_auditevent SET seq = 2 WHERE id = {third}",
        f"UPDATE audit_auditevent SET seq = 3 WHERE id = {second}",
    )
    assert _verify(capsys) == (
        1,
        f"Adgangsloggen er brudt ved hændelse id {third} (nummer 2): flyttet – "
        "hændelsen følger en anden hændelse end den forrige. 1 hændelse før den er intakt.",
    )


def test_it_finds_two_rows_swapped_whole(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    events = _events(world, 3)
    second, third = events[1].pk, events[2].pk
    _tamper(
        f"UPDATE audit_auditevent SET id = -1 WHERE id = {second}",
        f"UPDATE audit_auditevent SET id = {second} WHERE id = {third}",
        f"UPDATE audit_auditevent SET id = {third} WHERE id = -1",
    )
    assert _verify(capsys) == (
        1,
        f"Adgangsloggen er brudt ved hændelse id {second} (nummer 3): flyttet – "
        "hændelsen står før en hændelse, der er skrevet før den. "
        "2 hændelser før den er intakte.",
    )


def test_it_refuses_to_change_or_delete_an_event_through_the_model(world: World) -> None:
    event = _events(world, 1)[0]
    event.why = "nysgerrighed"
    message = "Adgangsloggen kan kun tilføjes: en hændelse kan ikke ændres."
    with pytest.raises(AppendOnlyError, match=message):
        event.save()
    with pytest.raises(AppendOnlyError, match=message):
        AuditEvent.objects.filter(pk=event.pk).update(why="nysgerrighed")
    with pytest.raises(AppendOnlyError, match="kan ikke slettes"):
        event.delete()
    with pytest.raises(AppendOnlyError, match="kan ikke slettes"):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError, match="i bundter uden om kæden"):
        AuditEvent.objects.bulk_create([AuditEvent(username="x", action=VIEW, what="x")])
    assert AuditEvent.objects.get().why == "sagsbehandling"


@pytest.mark.parametrize(
    "sql",
    ["UPDATE audit_auditevent SET why = 'nysgerrighed'", "DELETE FROM audit_auditevent"],
)
def test_it_refuses_to_change_or_delete_an_event_in_the_database(world: World, sql: str) -> None:
    _events(world, 2)
    refused = pytest.raises(DatabaseError, match="the audit log is append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert list(AuditEvent.objects.values_list("why", flat=True)) == ["sagsbehandling"] * 2


def test_it_refuses_to_delete_the_chains_head_in_the_database(world: World) -> None:
    _events(world, 1)
    refused = pytest.raises(DatabaseError, match="the audit log is append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_chainhead")
    assert ChainHead.objects.get().seq == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("table", ["audit_auditevent", "audit_chainhead"])
def test_it_refuses_to_truncate_the_log_on_postgresql(world: World, table: str) -> None:
    _events(world, 1)
    refused = pytest.raises(DatabaseError, match="the audit log is append-only: TRUNCATE")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEvent.objects.count() == 1


def test_it_finds_the_chains_head_removed(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    events = _events(world, 2)
    _tamper(
        f"DELETE FROM audit_auditevent WHERE id = {events[1].pk}", "DELETE FROM audit_chainhead"
    )
    assert _verify(capsys) == (
        1,
        f"Adgangsloggen er brudt ved hændelse id {events[0].pk} (nummer 1): fjernet – "
        "kædens hoved mangler. 1 hændelse før den er intakt.",
    )


def test_it_keeps_the_chain_when_the_appending_transaction_rolls_back(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    _events(world, 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        _events(world, 2)
        raise RuntimeError("the request failed after its events were appended")
    assert ChainHead.objects.get().seq == 1
    later = _events(world, 1)[0]
    assert later.seq == 2
    assert _verify(capsys) == (0, "Adgangsloggen er intakt: 2 hændelser kontrolleret.")


def test_it_keeps_the_log_when_a_user_or_a_member_is_deleted(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _events(world, 2)
    user_id = world.users["caseworker"].pk
    world.users["caseworker"].delete()
    Member.objects.filter(pk=3).delete()
    event = AuditEvent.objects.select_related("user").get(pk=events[0].pk)
    assert (event.user_id, event.user, event.username) == (user_id, None, "sagsbehandler")
    assert _verify(capsys) == (0, "Adgangsloggen er intakt: 2 hændelser kontrolleret.")


def test_it_deletes_a_user_with_audit_events_in_the_admin(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    events = _events(world, 2)
    caseworker = world.users["caseworker"]
    client = Client()
    client.force_login(User.objects.create_superuser("root", "", "x"))
    page = client.get(f"/admin/accounts/user/{caseworker.pk}/delete/").content.decode()
    assert "loghændelse" not in page  # the log is not among what the deletion would remove
    response = client.post(f"/admin/accounts/user/{caseworker.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=caseworker.pk).exists()
    assert AuditEvent.objects.filter(pk__in=[e.pk for e in events]).count() == 2
    assert _verify(capsys) == (0, "Adgangsloggen er intakt: 2 hændelser kontrolleret.")


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database; runs in the PostgreSQL pass",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_never_forks_the_chain_under_concurrent_writers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    writers, each = 4, 25
    start = threading.Barrier(writers)

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(each):
                AuditEvent.objects.create(username=f"w{n}", action=VIEW, what=f"sag {i}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, writers * each + 1))
    assert _verify(capsys) == (0, "Adgangsloggen er intakt: 100 hændelser kontrolleret.")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_chains_the_events_written_before_the_chain_existed(
    capsys: pytest.CaptureFixture[str],
) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0001_initial")])
    with connection.cursor() as cursor:
        for n, at in enumerate(("2022-03-14 09:00:00+00:00", "2022-03-14 08:00:00+00:00")):
            cursor.execute(
                "INSERT INTO audit_auditevent (at, username, action, what, why, member_id)"
                " VALUES (%s, %s, 'view', %s, 'sagsbehandling', 1)",
                [at, "sagsbehandler", f"sag {n}"],
            )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("audit"))
    rows = list(AuditEvent.objects.order_by("id").values_list("what", "seq"))
    assert rows == [("sag 0", 1), ("sag 1", 2)]
    assert _verify(capsys) == (0, "Adgangsloggen er intakt: 2 hændelser kontrolleret.")
    assert AuditEvent.objects.create(username="x", action=VIEW, what="sag 2").seq == 3
    refused = pytest.raises(DatabaseError, match="the audit log is append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent")
