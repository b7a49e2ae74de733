"""The throwaway PostgreSQL server that the web tests run against a second time."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from tests.pgserver import postgres_server


def _running(pid: int) -> bool:
    # A zombie has exited; it only waits for a parent (in containers, a PID 1 that may not reap).
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_it_answers_queries_as_a_superuser_over_tcp() -> None:
    with postgres_server() as server, psycopg.connect(server.url, connect_timeout=10) as conn:
        version = conn.execute("select version()").fetchone()
        # Django's test runner creates and drops its own databases.
        who = conn.execute(
            "select current_database(), rolsuper from pg_roles where rolname = current_user"
        ).fetchone()
    assert version is not None
    assert version[0].startswith("PostgreSQL ")
    assert who == ("akasse", True)


def test_it_removes_the_server_and_its_folder_on_leaving_even_after_an_error() -> None:
    with pytest.raises(ZeroDivisionError), postgres_server() as server:
        assert server.directory.is_dir()
        assert _running(server.pid)
        _ = 1 / 0
    assert not server.directory.exists()
    assert not _running(server.pid)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.url, connect_timeout=5)
