"""The web benchmark, small: it fills its own PostgreSQL server, serves the application with
gunicorn, logs its caseworkers in, loads every page without an error and prints the ratios.
(Outside tests/web: it starts its own server, so the PostgreSQL pass would only repeat it.)
No timing is checked here; the figures are the benchmark's to print."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_web_benchmark_runs_every_page_and_prints_its_ratios() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AKASSE_", "DJANGO_", "DATABASE_URL"))
    }
    small = ["--members", "2000", "--users", "2", "--seconds", "1", "--rounds", "1"]
    run = subprocess.run(
        [sys.executable, "-m", "bench.web", *small, "--workers", "1", "--think", "0.1"],
        check=False,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env=env,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "errors" not in run.stdout
    for page in ("trivial view", "worklist", "member page"):
        assert re.search(rf"^{page}\s+[1-9]\d*\s+[\d.]+\s+[\d.]+\s+[\d.]+x$", run.stdout, re.M)
    assert re.search(r"slowest page p95 \d+ ms .*, [\d.]+x the trivial view", run.stdout)
