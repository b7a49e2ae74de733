"""``python -m bench.web``: the worklist and the member page of a fund with 50,000 members and
300,000 conversations on PostgreSQL, under 20 concurrent users from a separate process on
loopback, against a trivial Django view (/ping/) served by the same server in the same run.

Each user waits a think time between requests (default about a second, as a caseworker
reading the page would); ``--think 0`` hammers the server instead. Prints p50 and p95 per page
and the ratio of each page's p95 to the trivial view's p95 (target: at most 5x, and under
200 ms). The trivial view is /ping/: logged in, so it pays for the session and the user like
every page, and does nothing else. /healthz/ (no session) is shown for reference.

Each page has its own phase of load; the phases run in ``--rounds`` rounds (default 2) taken in
turn, and each page's latencies are pooled over its rounds."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def bench_server() -> Iterator[tuple[Any, str]]:
    """A throwaway PostgreSQL server and home folder, with the environment the benchmarks'
    application runs under (the demo's settings, a fixed day); the server and the folder."""
    sys.path.insert(0, str(ROOT))
    from tests.pgserver import postgres_server  # noqa: PLC0415

    with postgres_server() as server, tempfile.TemporaryDirectory() as home:
        os.environ.update(
            {
                "DATABASE_URL": server.url,
                "AKASSE_DEMO": "true",
                "AKASSE_HOME": home,
                "AKASSE_TODAY": "2024-06-03",
                "DJANGO_SETTINGS_MODULE": "akasse.web.settings",
            }
        )
        yield server, home


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(members: int, per_spell: int, users: int) -> list[dict[str, object]]:
    import django  # noqa: PLC0415

    django.setup()
    from django.conf import settings  # noqa: PLC0415
    from django.contrib.sessions.backends.db import SessionStore  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    from akasse.web.accounts.models import User  # noqa: PLC0415
    from akasse.web.casework.calendar import make_slots  # noqa: PLC0415
    from akasse.web.casework.planning import replan_all  # noqa: PLC0415
    from akasse.web.members.models import Caseworker, Spell  # noqa: PLC0415
    from bench.web.data import AS_OF, CASEWORKERS, FUND, generate  # noqa: PLC0415

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    generate(members, per_spell)
    replan_all(AS_OF)
    make_slots(Caseworker.objects.all(), AS_OF, 14)
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"data: {members:,} members, {members * per_spell:,} conversations, "
        f"{time.perf_counter() - started:.0f} s to generate and plan",
        flush=True,
    )
    plan = []
    for n in range(users):
        cw = Caseworker.objects.get(pk=(n * (CASEWORKERS // users)) % CASEWORKERS)
        user = User.objects.create_user(f"cw{n}", role="caseworker", fund_id=FUND, caseworker=cw)
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        spells = list(Spell.objects.filter(caseworker=cw).values_list("id", flat=True)[:50])
        plan.append({"cookie": f"sessionid={session.session_key}", "spells": spells})
    return plan


def _measure(
    port: int, plan: list[dict[str, object]], paths: str, seconds: float, think: float = 0.0
) -> dict[str, object]:
    users = [
        {
            "cookie": u["cookie"],
            "paths": [f"/sager/{s}/" for s in u["spells"]]
            if paths == "case"  # type: ignore[attr-defined]
            else [paths],
        }
        for u in plan
    ]
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.web.load",
            "--port",
            str(port),
            "--seconds",
            str(seconds),
            "--think",
            str(think),
        ],
        input=json.dumps(users),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(run.stdout)


def _stats(latencies: list[float]) -> tuple[float, float, int]:
    q = statistics.quantiles(sorted(latencies), n=100)
    return q[49], q[94], len(latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--per-spell", type=int, default=6)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=40, help="per page, all rounds")
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2, help="phases per page, taken in turn")
    args = parser.parse_args()
    with bench_server():
        plan = _prepare(args.members, args.per_spell, args.users)
        port = _free_port()
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "akasse.web.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
        )
        try:
            _wait(port)
            return _report(port, plan, args)
        finally:
            gunicorn.terminate()
            gunicorn.wait()


def _wait(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def _report(port: int, plan: list[dict[str, object]], args: argparse.Namespace) -> int:
    _measure(port, plan, "/healthz/", 2)  # warm-up: workers import everything
    _measure(port, plan, "case", 2)
    pages = (
        ("healthz", "/healthz/"),
        ("trivial view", "/ping/"),
        ("worklist", "/arbejdsliste/"),
        ("member page", "case"),
    )
    # Each page is measured in its own phase, in ``--rounds`` rounds taken in turn, and a
    # page's latencies are pooled over its rounds: a slow stretch of the machine (a vacuum,
    # another process) then falls on every page rather than on whichever ran at the time.
    latencies: dict[str, list[float]] = {name: [] for name, _ in pages}
    for _ in range(args.rounds):
        for name, paths in pages:
            result = _measure(port, plan, paths, args.seconds / args.rounds, args.think)
            if result["error_count"]:
                print(f"{name}: {result['error_count']} errors, e.g. {result['errors'][:3]}")  # type: ignore[index]
                return 1
            latencies[name] += result["latencies"]  # type: ignore[arg-type]
    rows = {name: _stats(found) for name, found in latencies.items()}
    anchor = rows["trivial view"][1]
    print(
        f"{args.users} concurrent users (think time {args.think:g} s), "
        f"{args.workers} gunicorn workers, {args.seconds:.0f} s a page in {args.rounds} rounds"
    )
    print(f"{'page':<14}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'p95 / trivial':>16}")
    for name, (p50, p95, n) in rows.items():
        print(f"{name:<14}{n:>10}{p50:>10.1f}{p95:>10.1f}{p95 / anchor:>15.2f}x")
    worst = max(rows["worklist"][1], rows["member page"][1])
    print(
        f"slowest page p95 {worst:.0f} ms (target under 200 ms), "
        f"{worst / anchor:.1f}x the trivial view (target at most 5x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
