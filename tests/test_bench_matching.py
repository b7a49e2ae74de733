"""The matching benchmark, on the small simulated dataset: it trains, ranks, allocates and
prints its ratios. On this seed's data the blend must rank hires better than the explicit
score alone (the benchmark's claim at national scale is stronger; no timing is checked)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import run_bench


def _figure(text: str, pattern: str) -> float:
    found = re.search(pattern, text, re.M)
    assert found, f"{pattern!r} not in:\n{text}"
    return float(found.group(1))


def test_the_matching_benchmark_prints_quality_allocation_and_speed(dataset: Path) -> None:
    args = ["--data", str(dataset), "--min-placements", "10", "--months", "12", "--repeat", "1"]
    run = run_bench("bench.matching", *args, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    ndcg = {
        name: _figure(out, rf"^{name}\s+([\d.]+)\s+[\d.]+\s+[1-9]\d*$")
        for name in ("oracle", "explicit", "blend")
    }
    assert ndcg["blend"] > ndcg["explicit"], out
    assert ndcg["oracle"] >= ndcg["explicit"], out
    _figure(out, r"^blend / oracle NDCG@10: ([\d.]+)")
    _figure(out, r"ratio ([\d.]+)$")
    allocated = _figure(out, r"^allocation\s+expected hires\s+([\d.]+)")
    greedy = _figure(out, r"^greedy top-3\s+expected hires\s+([\d.]+)")
    assert allocated > greedy, out
    assert _figure(out, r"^allocation / greedy expected hires: ([\d.]+)") > 1.0
