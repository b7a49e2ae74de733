"""Benchmark of the batch planner, with its anchors measured in the same run.

    .venv/bin/python bench/rules.py [--spells 1000000] [--months 12] [--repeat 5]

1. floor: read the spells and hours from Parquet with Polars and sum hours per spell.
2. plan_frame: read the same Parquet files and plan every spell (all three output tables).
3. per-spell plan(): ``plan`` on a sample of the same spells, scaled to all of them.

Each timing is the best of ``--repeat`` runs (this machine's timings are noisy; the best run is
the least disturbed). The ratios are what to compare between machines, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

import polars as pl
from timing import best_of

from akasse.rules import Case, Insurance, Member, plan, plan_frame
from akasse.rules.dates import month_of
from akasse.rules.law import load_law
from akasse.rules.reference import load_reference
from akasse.rules.synthetic import bulk_frames


def sample_cases(spells: pl.DataFrame, hours: pl.DataFrame, size: int) -> list[Case]:
    """The first ``size`` spells as ``Case`` objects (built outside the timing)."""
    head = spells.head(size)
    by_spell: dict[int, dict[int, int]] = {}
    for spell_id, month, value in hours.filter(pl.col("spell_id") < size).iter_rows():
        by_spell.setdefault(spell_id, {})[month_of(month)] = round(value * 100)
    return [
        Case(
            as_of=row["as_of"],
            member=Member(
                dt.date(1980, 1, 1), Insurance(row["insurance"]), row["fund"], row["municipality"]
            ),
            first_day=row["first_day"],
            hours_paid=by_spell.get(row["spell_id"], {}),
            trial=row["trial"],
        )
        for row in head.iter_rows(named=True)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spells", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=2_000, help="spells for the plan() path")
    args = parser.parse_args()
    law, reference = load_law(), load_reference()

    with tempfile.TemporaryDirectory() as tmp:
        spells_path, hours_path = Path(tmp, "spells.parquet"), Path(tmp, "hours.parquet")
        spells, hours = bulk_frames(args.spells, args.months, seed=1)
        spells.write_parquet(spells_path)
        hours.write_parquet(hours_path)
        print(f"{args.spells:,} spells, {hours.height:,} rows of hours, best of {args.repeat}")

        def floor() -> object:
            pl.read_parquet(spells_path)
            return pl.read_parquet(hours_path).group_by("spell_id").agg(pl.col("hours").sum())

        def batch() -> object:
            return plan_frame(
                pl.read_parquet(spells_path),
                pl.read_parquet(hours_path),
                law=law,
                reference=reference,
            )

        floor_s = best_of(args.repeat, floor)
        batch_s = best_of(args.repeat, batch)
        cases = sample_cases(spells, hours, args.sample)
        per_case_s = best_of(3, lambda: [plan(c, law=law, reference=reference) for c in cases])
        per_case_all = per_case_s / len(cases) * args.spells

    print(f"floor (read Parquet + sum hours per spell): {floor_s:8.2f} s")
    print(f"plan_frame (read Parquet + plan):           {batch_s:8.2f} s")
    print(f"plan() per spell, {len(cases):,} scaled to {args.spells:,}: {per_case_all:8.1f} s")
    print(f"ratio plan_frame / floor:        {batch_s / floor_s:6.2f}  (target <= 5)")
    print(f"ratio plan() per spell / plan_frame: {per_case_all / batch_s:6.0f}  (target >= 100)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
