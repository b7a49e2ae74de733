"""The web benchmark, small: it fills its own PostgreSQL server, serves the application with
gunicorn, logs its caseworkers in, loads every page without an error and prints the ratios.
(Outside tests/web: it starts its own server, so the PostgreSQL pass would only repeat it.)
No timing is checked here; the figures are the benchmark's to print."""

from __future__ import annotations

import re

from tests.helpers import run_bench


def test_the_web_benchmark_runs_every_page_and_prints_its_ratios() -> None:
    small = ["--members", "2000", "--users", "2", "--seconds", "1", "--rounds", "1"]
    run = run_bench("bench.web", *small, "--workers", "1", "--think", "0.1", timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "errors" not in run.stdout
    for page in ("trivial view", "worklist", "member page"):
        assert re.search(rf"^{page}\s+[1-9]\d*\s+[\d.]+\s+[\d.]+\s+[\d.]+x$", run.stdout, re.M)
    assert re.search(r"slowest page p95 \d+ ms .*, [\d.]+x the trivial view", run.stdout)
