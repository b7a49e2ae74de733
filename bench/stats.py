"""Benchmark of the statistics, with anchors measured in the same run.

    .venv/bin/python bench/stats.py [--data DIR] [--spells 1000000] [--repeat 3]

1. reports: the monitoring and survival reports (tables, figures, HTML) over a national
   dataset, against the floor of one Polars scan reading every column of the tables they use.
2. Kaplan-Meier: ours against lifelines' KaplanMeierFitter on the same 1,000,000 random
   censored durations; the curves and bands must be identical (to 1e-9).

Without --data a national dataset is simulated first (not timed). Each timing is the best of
``--repeat`` runs; the ratios are what to compare between machines.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import polars as pl
from lifelines import KaplanMeierFitter
from timing import best_of

from akasse.sim.run import simulate_dataset
from akasse.stats.dataset import Dataset, Selection
from akasse.stats.kaplan_meier import KaplanMeier
from akasse.stats.reports import build

TABLES = [
    "spells",
    "visitations",
    "conversations",
    "lab_offers",
    "placements",
    "funds",
    "weekly_status",
    "hours",
    "employment",
    "municipalities",
    "trial_participation",
]


def scan(data: Path) -> None:
    for name in TABLES:
        pl.scan_parquet(data / f"{name}.parquet").collect()


def reports(data: Path, out: Path) -> None:
    for kind in ("monitoring", "survival"):
        build(kind, Dataset(data), Selection()).write("html", out / f"{kind}.html")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--spells", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        data = args.data
        if data is None:
            data = root / "national"
            simulate_dataset("national", 1, data)
        floor = best_of(args.repeat, lambda: scan(data))
        full = best_of(args.repeat, lambda: reports(data, root))
    # Spells' durations in whole weeks (as the survival report fits them), some censored.
    rng = np.random.default_rng(0)
    durations = np.minimum(rng.geometric(0.06, args.spells), 104)
    events = (rng.random(args.spells) < 0.8) & (durations < 104)
    ours = best_of(args.repeat, lambda: KaplanMeier().fit(durations, events))
    theirs = best_of(args.repeat, lambda: KaplanMeierFitter().fit(durations, events))
    a, b = KaplanMeier().fit(durations, events), KaplanMeierFitter().fit(durations, events)
    band = b.confidence_interval_.to_numpy()
    same = (
        np.array_equal(a.timeline_, b.timeline)
        and np.allclose(a.survival_, b.survival_function_.iloc[:, 0], atol=1e-9, rtol=0)
        and np.allclose(a.lower_, band[:, 0], atol=1e-9, rtol=0)
        and np.allclose(a.upper_, band[:, 1], atol=1e-9, rtol=0)
    )
    print(f"reports (monitoring + survival, HTML) over {data} (best of {args.repeat})")
    print(f"  {'one Polars scan of the tables':<34} {floor:8.2f} s")
    print(f"  {'the two reports':<34} {full:8.2f} s")
    print(f"  {'ratio reports / scan':<34} {full / floor:8.2f} x   (target at most 10)")
    print(f"Kaplan-Meier on {args.spells:,} censored durations in whole weeks")
    print(f"  {'ours':<34} {ours:8.3f} s")
    print(f"  {'lifelines':<34} {theirs:8.3f} s")
    print(f"  {'ratio lifelines / ours':<34} {theirs / ours:8.1f} x   (target at least 10)")
    print(f"  {'identical curves and bands':<34} {'yes' if same else 'NO':>8}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
