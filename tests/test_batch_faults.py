"""Batch jobs killed half-way: ``akasse replan``, ``assess`` and ``load``, the real commands on
a prepared database (an SQLite file; PostgreSQL too for replan and load), are killed with
SIGKILL once their progress bar shows them writing. The database is then as before or as
after a whole run (a fingerprint of every table the command writes), and the command run
again finishes with the same result as a run never interrupted.

The commands run on a terminal of their own (a pty), where their progress bars are shown;
the kill lands when the bar says the work is part-way. (Outside tests/web: these tests make
their own databases, so the PostgreSQL pass would only repeat them.)"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.db import models
from psycopg import sql

from akasse.profiling.training import train
from akasse.stats.dataset import Dataset
from akasse.web.casework.models import Obligation
from akasse.web.dataio.spec import SPECS
from akasse.web.members.models import Spell
from akasse.web.profiling.models import Assessment
from tests.pgserver import PostgresServer, postgres_server
from tests.subset import subset

ROOT = Path(__file__).resolve().parents[1]
AKASSE = str(Path(sys.executable).with_name("akasse"))
TODAY = "2024-12-31"
PLANNED_BEFORE = "2024-06-30"
RUN_TIMEOUT_S = 300

Fingerprint = dict[str, tuple[int, str]]


@dataclass(frozen=True)
class Database:
    """A database the commands run on: an SQLite file, or one on the PostgreSQL server."""

    url: str
    server: PostgresServer | None = None

    @property
    def path(self) -> Path:
        return Path(self.url.removeprefix("sqlite:///"))

    def copy(self, name: str) -> Database:
        """A copy under a new name (the original is not in use)."""
        if self.server is None:
            target = self.path.with_name(f"{name}.sqlite3")
            for suffix in ("", "-wal", "-shm"):  # after a kill, the WAL holds what it wrote
                if Path(f"{self.path}{suffix}").exists():
                    shutil.copyfile(f"{self.path}{suffix}", f"{target}{suffix}")
            return Database(f"sqlite:///{target}")
        with psycopg.connect(self.server.url, autocommit=True) as conn:
            source = self.url.rsplit("/", 1)[1]
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(name), sql.Identifier(source)
                )
            )
        return Database(self.url.rsplit("/", 1)[0] + f"/{name}", self.server)

    @contextlib.contextmanager
    def cursor(self) -> Iterator[object]:
        if self.server is None:
            import sqlite3  # noqa: PLC0415

            conn = sqlite3.connect(self.path)
            try:
                yield conn.cursor()
            finally:
                conn.close()
        else:
            with psycopg.connect(self.url) as pg, pg.cursor() as cur:
                yield cur


def fingerprint(db: Database, tables: Sequence[type[models.Model]]) -> Fingerprint:
    """Rows and a digest of each table's contents, in no particular order, leaving out what
    differs between two runs of the same work: the moment a row was written, and ids drawn
    from a sequence (PostgreSQL does not give back those of a transaction rolled back)."""
    found = {}
    for model in tables:
        columns = [
            f.column
            for f in model._meta.concrete_fields
            if not isinstance(f, models.DateTimeField)
            and not (f.primary_key and isinstance(f, models.AutoField) and not _dataset_id(model))
        ]
        query = f"SELECT {', '.join(columns)} FROM {model._meta.db_table}"
        with db.cursor() as cur:
            cur.execute(query)  # type: ignore[attr-defined]
            rows = sorted(repr(row) for row in cur.fetchall())  # type: ignore[attr-defined]
        found[model._meta.db_table] = (
            len(rows),
            hashlib.sha256("\n".join(rows).encode()).hexdigest(),
        )
    return found


def _dataset_id(model: type[models.Model]) -> bool:
    """The table's id comes from the dataset (a spell's, a conversation's), not a sequence."""
    return any(s.model is model and "id" in s.unique_fields for s in SPECS)


REPLANNED = (Obligation, Spell)
ASSESSED = (Assessment,)
LOADED = tuple(s.model for s in SPECS if s.model is not None)


# -- running the commands ------------------------------------------------------------------


def _env(db: Database, home: Path, model: Path | None = None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AKASSE_", "DJANGO_", "DATABASE_URL"))
    }
    env |= {
        "AKASSE_DEMO": "true",
        "AKASSE_HOME": str(home),
        "AKASSE_TODAY": TODAY,
        "DATABASE_URL": db.url,
        "TERM": "xterm",
        "COLUMNS": "120",
    }
    if model is not None:
        env["AKASSE_PROFILE_MODEL"] = str(model)
    return env


def akasse(env: dict[str, str], *args: str) -> str:
    """Run a command to its end; its output."""
    done = subprocess.run(
        [AKASSE, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def killed_when(env: dict[str, str], shows: re.Pattern[str], *args: str) -> str:
    """Run a command on a terminal of its own and SIGKILL it as soon as its output shows
    ``shows``; what it had written by then. Fails if it ended first."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [AKASSE, *args], env=env, cwd=ROOT, stdin=slave, stdout=slave, stderr=slave
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    try:
        while time.monotonic() < deadline and process.poll() is None:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                with contextlib.suppress(OSError):  # EIO: the command closed its terminal
                    seen += os.read(master, 65536)
                if shows.search(seen.decode("utf-8", errors="replace")):
                    process.send_signal(signal.SIGKILL)
                    break
    finally:
        if process.poll() is None and not shows.search(seen.decode("utf-8", errors="replace")):
            process.kill()
        process.wait(timeout=30)
        os.close(master)
    text = seen.decode("utf-8", errors="replace")
    assert process.returncode == -signal.SIGKILL, f"not killed half-way:\n{text}"
    return text


# A percentage part-way (1-99 %) on the bar of the given task.
def _part_way(task: str) -> re.Pattern[str]:
    return re.compile(rf"{task}[^%\n]*?\s([1-9]\d?)%")


# -- the databases -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every twentieth spell of the small simulated dataset (about 1,500)."""
    return subset(dataset, tmp_path_factory.mktemp("batch") / "small", 20)


@pytest.fixture(scope="module")
def model(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("batch") / "model.json"
    train(Dataset(dataset)).model.save(path)
    return path


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    with postgres_server() as running:
        yield running


@dataclass(frozen=True)
class Prepared:
    empty: Database  # migrated
    planned: Database  # the small dataset loaded and planned as of an earlier day


@pytest.fixture(scope="module")
def prepare(
    small: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Callable[[str], Prepared]:
    """The databases of each kind, made once for the module when first asked for."""
    made: dict[str, Prepared] = {}

    def get(kind: str) -> Prepared:
        if kind not in made:
            home = tmp_path_factory.mktemp(kind)
            if kind == "sqlite":
                empty = Database(f"sqlite:///{home / 'empty.sqlite3'}")
            else:
                server: PostgresServer = request.getfixturevalue("server")
                empty = Database(server.url, server).copy("empty")
            akasse(_env(empty, home), "migrate")
            planned = empty.copy("planned")
            akasse(_env(planned, home), "load", str(small), "--quiet")
            akasse(_env(planned, home), "replan", "--as-of", PLANNED_BEFORE)
            made[kind] = Prepared(empty, planned)
        return made[kind]

    return get


# -- the tests ------------------------------------------------------------------------------


def _interrupted_then_rerun(
    db: Database,
    home: Path,
    tables: Sequence[type[models.Model]],
    shows: re.Pattern[str],
    args: Sequence[str],
    model: Path | None = None,
) -> None:
    before = fingerprint(db, tables)
    whole = db.copy(f"whole_{home.name}".lower())
    akasse(_env(whole, home, model), *args)
    complete = fingerprint(whole, tables)
    assert complete != before, "the command changes nothing; the test would prove nothing"

    work = db.copy(f"work_{home.name}".lower())
    killed_when(_env(work, home, model), shows, *args)
    assert fingerprint(work, tables) in (before, complete)

    akasse(_env(work, home, model), *args)
    assert fingerprint(work, tables) == complete


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_it_leaves_a_replan_killed_half_way_as_before_and_a_rerun_completes_it(
    prepare: Callable[[str], Prepared], kind: str, tmp_path: Path
) -> None:
    args = ["replan", "--as-of", TODAY, "--chunk", "200"]
    shows = _part_way("Planlægger forløb")
    _interrupted_then_rerun(prepare(kind).planned, tmp_path, REPLANNED, shows, args)


def test_it_leaves_an_assessment_killed_half_way_as_before_and_a_rerun_completes_it(
    prepare: Callable[[str], Prepared], tmp_path: Path, model: Path
) -> None:
    args = ["assess", "--since", "2023-01-01"]
    shows = _part_way("Profilafklaring af nye forløb")
    _interrupted_then_rerun(prepare("sqlite").planned, tmp_path, ASSESSED, shows, args, model)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_it_leaves_a_load_killed_half_way_as_before_and_a_rerun_completes_it(
    prepare: Callable[[str], Prepared], kind: str, small: Path, tmp_path: Path
) -> None:
    # Any table from the members to the job openings: some written, more to come.
    shows = re.compile(r"Indlæser (members|spells|hours|visitations|conversations|lab_offers)")
    _interrupted_then_rerun(prepare(kind).empty, tmp_path, LOADED, shows, ["load", str(small)])
