"""Backup and restore, as docs/security.md tells operators to do it: a PostgreSQL database
holding a small dataset (and what the application itself wrote: plans, the audit log) is
dumped with ``pg_dump --format=custom``, restored with ``pg_restore`` into a new database, and
``akasse export`` of the restored database is byte for byte the export of the original.
Every table holds as many rows after as before, and every sequence goes on from where it was,
so the restored database takes new rows. (Outside tests/web: it starts its own server.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.pgserver import PostgresServer, postgres_server
from tests.subset import subset

ROOT = Path(__file__).resolve().parents[1]
AKASSE = str(Path(sys.executable).with_name("akasse"))
TODAY = "2024-12-31"
# Three case reads in the audit log, written through the application's model (chained).
WRITE_EVENTS = (
    "from akasse.web.startup import setup_django; setup_django(); "
    "from akasse.web.audit.models import AuditEvent; "
    "[AuditEvent.objects.create(username='sagsbehandler', action='view', member_id=1, "
    "what=f'sag {n}', why='sagsbehandling') for n in range(3)]"
)


def _run(command: list[str], env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _env(url: str, home: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AKASSE_", "DJANGO_", "DATABASE_URL", "PG"))
    }
    return env | {
        "AKASSE_DEMO": "true",
        "AKASSE_HOME": str(home),
        "AKASSE_TODAY": TODAY,
        "DATABASE_URL": url,
    }


def _tables(url: str) -> dict[str, int]:
    """Rows in every table of the database."""
    with psycopg.connect(url) as conn:
        names = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
        return {
            name: conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))
            ).fetchone()[0]  # type: ignore[index]
            for (name,) in names
        }


def _sequences(url: str) -> dict[str, int | None]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        ).fetchall()
    return dict(rows)


def _files(folder: Path) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def server() -> object:
    with postgres_server() as running:
        yield running


def test_it_restores_a_pg_dump_to_a_database_whose_export_is_the_same_byte_for_byte(
    server: PostgresServer, dataset: Path, tmp_path: Path
) -> None:
    small = subset(dataset, tmp_path / "small", 40)
    env = _env(server.url, tmp_path)
    _run([AKASSE, "migrate"], env)
    _run([AKASSE, "load", str(small), "--quiet"], env)
    _run([AKASSE, "replan"], env)
    _run([sys.executable, "-c", WRITE_EVENTS], env)
    _run([AKASSE, "export", str(tmp_path / "before"), "--quiet"], env)

    dump = tmp_path / "akasse.dump"
    _run([str(server.bindir / "pg_dump"), "--format=custom", f"--file={dump}", server.url])
    restored = server.url.rsplit("/", 1)[0] + "/restored"
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute("CREATE DATABASE restored TEMPLATE template0")
    restore = [str(server.bindir / "pg_restore"), "--exit-on-error", "--no-owner"]
    _run([*restore, f"--dbname={restored}", str(dump)])
    _run([AKASSE, "export", str(tmp_path / "after"), "--quiet"], _env(restored, tmp_path))

    before, after = _files(tmp_path / "before"), _files(tmp_path / "after")
    assert sorted(before) == sorted(after)
    assert "conversations.parquet" in before
    for name in before:
        assert after[name] == before[name], f"{name} differs after the restore"
    tables = _tables(server.url)
    assert tables["casework_obligation"] > 0
    assert tables["audit_auditevent"] >= 3
    assert _tables(restored) == tables
    assert _sequences(restored) == _sequences(server.url)
    # The audit log's chain came back whole, and its triggers with it.
    verified = _run([AKASSE, "audit", "verify", "--quiet"], _env(restored, tmp_path))
    assert (
        verified.strip()
        == f"Adgangsloggen er intakt: {tables['audit_auditevent']} hændelser kontrolleret."
    )
    with psycopg.connect(restored) as conn, pytest.raises(psycopg.errors.RaiseException):
        conn.execute("DELETE FROM audit_auditevent")
