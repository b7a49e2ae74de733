"""The soak, small: a few caseworkers (locust) against gunicorn on its own PostgreSQL server
for about 25 seconds, while the server is restarted once and a gunicorn worker is killed
once. Nothing the users were told was done may be missing or there twice, every case page
read has its audit event, and the requests after the faults succeed. No timing is checked.
(Outside tests/web: it starts its own server, so the PostgreSQL pass would only repeat it.)"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run_bench


def test_it_loses_and_doubles_nothing_through_a_database_restart_and_a_killed_worker(
    tmp_path: Path,
) -> None:
    small = ["--members", "1000", "--users", "4", "--seconds", "25", "--workers", "2"]
    run = run_bench("bench.soak", *small, "--json", str(tmp_path / "soak.json"), timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert "load held: yes; faults survived: yes; lost = 0, doubled = 0" in run.stdout
    result = json.loads((tmp_path / "soak.json").read_text(encoding="utf-8"))
    verdict = result["verdict"]
    assert verdict["lost"] == []
    assert verdict["doubled"] == []
    assert verdict["unaudited_changes"] == []
    assert verdict["reads"] > 0
    assert verdict["reads_unaudited"] == 0
    assert verdict["booked"] > 0
    assert verdict["registered"] > 0
    assert [f["what"].split(" ", 2)[:2] for f in result["faults"]] == [
        ["PostgreSQL", "restarted"],
        ["gunicorn", "worker"],
    ]
    # A request in a fault's window may fail; none outside, and every one after the faults
    # succeeded.
    windows = result["windows"]
    assert windows["outside"] == []
    assert windows["after"] == []
    assert windows["requests_after"] > 0


def test_it_answers_the_first_request_after_a_database_restart_on_a_kept_connection() -> None:
    run = run_bench("bench.soak.restart", timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert "before the restart: [200, 200]; the first requests after it: [200, 200]" in run.stdout
