"""``python -m bench.soak``: simulated caseworkers (locust) against gunicorn on PostgreSQL for
a while, with faults part-way: the PostgreSQL server is restarted once and a gunicorn worker
is killed once (SIGKILL; gunicorn starts another). Afterwards it reports the requests, the
failures by type and the p95 per request kind, which failures fell in a fault's window, and
checks the database against what the users were told: nothing acknowledged lost or doubled,
every case page read with its audit event, every change written with its own.

Everything is on loopback (127.0.0.1) and bounded: the load runs ``--minutes`` (or
``--seconds``), then the users stop, and the whole run is given up after a fixed margin.
The data is the web benchmark's fund (bench.web), built on a throwaway PostgreSQL server.
Exit status 0 when nothing was lost or doubled, every read and change was audited and no
request failed outside the faults' windows; 1 otherwise."""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
PROBE_TIMEOUT_S = 60
STOP_MARGIN_S = 120


@dataclass
class Fault:
    what: str
    at: float  # epoch seconds, as locust stamps its requests
    # The end of the fault's window: the server accepts connections again (pg_ctl's restart
    # has returned), or gunicorn has started a new worker. A request begun later must succeed.
    over: float
    answered: float  # when a logged-in request was answered again
    # The soak's own requests right after the window (a few per worker, so that a worker
    # holding a connection the restart broke is found): each must succeed.
    probes_failed: list[str]


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--seconds", type=float, help="the load's length (instead of --minutes)")
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--per-spell", type=int, default=6)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between requests")
    parser.add_argument("--restart-at", type=float, default=0.4, help="share of the run")
    parser.add_argument("--kill-at", type=float, default=0.7, help="share of the run")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    return parser.parse_args()


def main() -> int:
    args = _arguments()
    seconds = args.seconds if args.seconds is not None else args.minutes * 60
    sys.path.insert(0, str(ROOT))
    from bench.web.__main__ import _free_port, _prepare, _wait, bench_server  # noqa: PLC0415

    with bench_server() as (server, home):
        plan = _prepare(args.members, args.per_spell, args.users)
        for n, user in enumerate(plan):
            user["username"] = f"cw{n}"
        from django.db import connection  # noqa: PLC0415

        from bench.soak import verify  # noqa: PLC0415

        base = verify.baseline()
        connection.close()  # the restart would leave it dead
        out = Path(home) / "soak"
        out.mkdir()
        (out / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
        port = _free_port()
        gunicorn = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "akasse.web.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)),
                *("--log-level", "warning", "--graceful-timeout", "5"),
            ],
            cwd=ROOT,
        )
        try:
            _wait(port)
            cookie = str(plan[0]["cookie"])
            _probe(port, cookie, args.workers)  # every page imported before the clock starts
            started, faults = _load(server, gunicorn.pid, port, cookie, out, seconds, args)
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        entries = verify.read_ledgers(out)
        verdict = verify.check(entries, base)
        stats = _locust_stats(out, entries)
        windows = _windows(entries, faults)
    return _report(args, seconds, stats, [(f, f.at - started) for f in faults], windows, verdict)


def _load(
    server: Any, master: int, port: int, cookie: str, out: Path, seconds: float, args: Any
) -> tuple[float, list[Fault]]:
    """Run locust for ``seconds`` and bring the faults at their times; when the load
    started, and the faults."""
    env = {
        **os.environ,
        "SOAK_PLAN": str(out / "plan.json"),
        "SOAK_LEDGER": str(out),
        "SOAK_TODAY": os.environ["AKASSE_TODAY"],
        "SOAK_THINK": str(args.think),
    }
    command = [str(Path(sys.executable).with_name("locust")), "-f", str(LOCUSTFILE)]
    command += ["--headless", "--users", str(args.users), "--spawn-rate", str(args.users / 5)]
    command += ["--run-time", f"{seconds:.0f}s", "--stop-timeout", "10", "--only-summary"]
    command += ["--host", f"http://127.0.0.1:{port}", "--csv", str(out / "locust")]
    command += ["--loglevel", "WARNING"]
    with (out / "locust.log").open("w") as log:
        locust = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            started = time.time()
            faults = []
            _sleep_until(started + seconds * args.restart_at, locust)
            at = time.time()
            server.restart()
            over = time.time()
            answered, failed = _probe(port, cookie, 3 * args.workers)
            faults.append(Fault("PostgreSQL restarted", at, over, answered, failed))
            _sleep_until(started + seconds * args.kill_at, locust)
            worker = _busiest(_workers(master))
            at = time.time()
            os.kill(worker, signal.SIGKILL)
            _replaced(master, worker, args.workers)
            over = time.time()
            what = f"gunicorn worker {worker} killed"
            answered, failed = _probe(port, cookie, 3 * args.workers)
            faults.append(Fault(what, at, over, answered, failed))
            locust.wait(timeout=seconds + STOP_MARGIN_S)
        finally:
            if locust.poll() is None:
                locust.kill()
                locust.wait()
    return started, faults


def _sleep_until(moment: float, process: subprocess.Popen[bytes]) -> None:
    while time.time() < moment and process.poll() is None:
        time.sleep(min(0.2, max(0.0, moment - time.time())))


def _probe(port: int, cookie: str, tries: int) -> tuple[float, list[str]]:
    """At least ``tries`` logged-in requests (they need the session's database) one after
    the other, until one is answered 200; when that was, and how the others failed."""
    deadline = time.time() + PROBE_TIMEOUT_S
    answered, failed = 0.0, []
    while time.time() < deadline and (tries > 0 or not answered):
        tries -= 1
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/ping/", headers={"Cookie": cookie})
            status = conn.getresponse().status
            conn.close()
        except (OSError, http.client.HTTPException) as exc:
            failed.append(f"probe: {type(exc).__name__}: {exc}")
            continue
        if status == 200:
            answered = answered or time.time()
        else:
            failed.append(f"probe: HTTP {status}")
    if not answered:
        raise SystemExit(f"soak: the application did not answer within {PROBE_TIMEOUT_S} s")
    return answered, failed


def _workers(master: int) -> list[int]:
    """The gunicorn master's children, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == master:
                found.append(int(stat.parent.name))
    if not found:
        raise SystemExit("soak: gunicorn has no workers")
    return sorted(found)


def _busiest(workers: list[int]) -> int:
    """The worker that used the most CPU over a fifth of a second: most likely answering a
    request when it is killed."""

    def cpu(pid: int) -> int:
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])  # utime + stime
        return 0

    first = {pid: cpu(pid) for pid in workers}
    time.sleep(0.2)
    return max(workers, key=lambda pid: cpu(pid) - first[pid])


def _replaced(master: int, killed: int, workers: int) -> None:
    deadline = time.time() + PROBE_TIMEOUT_S
    while time.time() < deadline:
        alive = [pid for pid in _workers(master) if pid != killed]
        if len(alive) >= workers:
            return
        time.sleep(0.1)
    raise SystemExit("soak: gunicorn did not replace the killed worker")


def _locust_stats(out: Path, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Requests, failures and percentiles per request kind from locust's own statistics;
    the failures by type from the users' ledgers (every request is in them)."""
    import csv  # noqa: PLC0415
    from collections import Counter  # noqa: PLC0415

    with (out / "locust_stats.csv").open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    failures = Counter(
        (e["name"], e["error"]) for e in entries if e["kind"] == "request" and e["error"]
    )
    return {
        "kinds": {
            r["Name"]: {
                "requests": int(r["Request Count"]),
                "failures": int(r["Failure Count"]),
                "p50": float(r["50%"] or 0),
                "p95": float(r["95%"] or 0),
            }
            for r in rows
        },
        "failures": sorted(
            ((count, name, error) for (name, error), count in failures.items()), reverse=True
        ),
    }


def _windows(entries: list[dict[str, Any]], faults: list[Fault]) -> dict[str, Any]:
    """Failed requests by the fault whose window they overlapped (from the fault until the
    application answered again), and those outside every window."""
    failed = [e for e in entries if e["kind"] == "request" and e["error"]]
    by_fault: dict[str, list[str]] = {f.what: [] for f in faults}
    outside, after = [], []
    last = max((f.over for f in faults), default=0.0)
    for e in failed:
        end = e["t"] + e["ms"] / 1000
        hit = next((f for f in faults if e["t"] <= f.over and end >= f.at), None)
        if hit is not None:
            by_fault[hit.what].append(f"{e['name']}: {e['error']}")
        else:
            outside.append(f"{e['name']}: {e['error']}")
            if e["t"] > last:
                after.append(f"{e['name']}: {e['error']}")
    for fault in faults:  # the soak's own requests, all begun after the window
        outside += fault.probes_failed
        after += fault.probes_failed if fault.over == last else []
    later = sum(1 for e in entries if e["kind"] == "request" and e["t"] > last)
    return {"by_fault": by_fault, "outside": outside, "after": after, "requests_after": later}


def _report(
    args: Any,
    seconds: float,
    stats: dict[str, Any],
    faults: list[tuple[Fault, float]],
    windows: dict[str, Any],
    verdict: Any,
) -> int:
    """Print the results (``faults`` with their seconds into the load); the exit status."""
    from collections import Counter  # noqa: PLC0415

    print(
        f"soak: {args.users} users for {seconds:.0f} s (think time {args.think:g} s), "
        f"{args.workers} gunicorn workers, PostgreSQL, 127.0.0.1"
    )
    print(f"{'request':<16}{'requests':>10}{'failures':>10}{'p50 ms':>9}{'p95 ms':>9}")
    for name, row in stats["kinds"].items():
        print(
            f"{name:<16}{row['requests']:>10}{row['failures']:>10}"
            f"{row['p50']:>9.0f}{row['p95']:>9.0f}"
        )
    print("failures by type:" + ("" if stats["failures"] else " none"))
    for count, name, error in stats["failures"]:
        print(f"  {count:>5}  {name}: {error}")
    for fault, offset in faults:
        kinds = Counter(text.split(": ", 1)[1] for text in windows["by_fault"][fault.what])
        print(
            f"fault: {fault.what} at {offset:.0f} s, "
            f"over after {fault.over - fault.at:.1f} s, a page answered after "
            f"{fault.answered - fault.at:.1f} s; "
            f"{sum(kinds.values())} requests failed in its window"
            + "".join(f"; {n} x {k}" for k, n in kinds.most_common())
        )
    print(
        f"failures outside the faults' windows: {len(windows['outside'])}; after the last "
        f"fault: {len(windows['after'])} of {windows['requests_after']} requests"
    )
    for text in windows["outside"][:10]:
        print(f"  {text}")
    v = verdict
    print(
        f"verified: {v.reads} case pages read, {v.reads_unaudited} without their audit event; "
        f"{v.booked} bookings, {v.moved} moves, {v.cancelled} cancellations, {v.registered} "
        f"registrations acknowledged ({v.refused} refused with a reason, {v.unknown} unknown "
        f"after a failed request); {len(v.unaudited_changes)} changes without their audit event"
    )
    for text in [*v.lost, *v.doubled, *v.unaudited_changes][:20]:
        print(f"  {text}")
    held = not windows["outside"] and windows["requests_after"] > 0
    survived = len(faults) == 2 and all(f.answered >= f.over for f, _ in faults)
    print(
        f"load held: {'yes' if held else 'no'}; faults survived: {'yes' if survived else 'no'}; "
        f"lost = {len(v.lost)}, doubled = {len(v.doubled)}"
    )
    if args.json:
        result = {
            "stats": stats,
            "faults": [{**asdict(f), "offset": offset} for f, offset in faults],
            "windows": windows,
            "verdict": {**asdict(v), "ok": v.ok},
            "held": held,
            "survived": survived,
        }
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if held and survived and v.ok else 1


if __name__ == "__main__":
    sys.exit(main())
