"""Benchmark of the simulator at national scale, with its anchor measured in the same run.

    .venv/bin/python bench/sim.py [--scale national] [--repeat 2]

1. simulate: ``akasse simulate --scale national`` in a child process (so its peak memory is its
   own), from start to the renamed dataset.
2. floor: write the same tables with pyarrow, same row counts, column types and compression,
   filled with random values (drawn before the clock starts).

Each timing is the best of ``--repeat`` runs. The ratio simulate / floor is what to compare
between machines, not the seconds.
"""

from __future__ import annotations

import argparse
import gc
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def simulate(scale: str, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "akasse.cli",
            "simulate",
            "--scale",
            scale,
            "--out",
            str(out),
            "--quiet",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def random_column(column: pa.ChunkedArray, rng: np.random.Generator) -> pa.Array:
    """Random values of the column's type and size; strings from the column's own values."""
    n = len(column)
    kind = column.type
    if pa.types.is_boolean(kind):
        return pa.array(rng.random(n) < 0.5)
    if pa.types.is_integer(kind):
        info = np.iinfo(kind.to_pandas_dtype())
        return pa.array(rng.integers(0, min(info.max, 2**31 - 1), n).astype(kind.to_pandas_dtype()))
    if pa.types.is_floating(kind):
        return pa.array(rng.random(n) * 200)
    if pa.types.is_date(kind):
        return pa.array(rng.integers(18262, 20089, n).astype(np.int32)).cast(pa.date32())
    # Strings and lists: the column's own values in random order.
    return column.take(pa.array(rng.integers(0, n, n)))


def random_tables(data: Path, rng: np.random.Generator) -> dict[str, pa.Table]:
    tables = {}
    for path in sorted(data.glob("*.parquet")):
        table = pq.read_table(path)
        tables[path.stem] = pa.table(
            {name: random_column(table.column(name), rng) for name in table.column_names}
        )
        del table
    return tables


def floor(tables: dict[str, pa.Table], out: Path) -> float:
    out.mkdir()
    start = time.perf_counter()
    for name, table in tables.items():
        pq.write_table(table, out / f"{name}.parquet", compression="zstd")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="national")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sim_times = []
        for k in range(args.repeat):
            gc.collect()
            sim_times.append(simulate(args.scale, root / f"sim{k}"))
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        tables = random_tables(root / "sim0", np.random.default_rng(0))
        rows = sum(t.num_rows for t in tables.values())
        floor_times = []
        for k in range(args.repeat):
            gc.collect()
            floor_times.append(floor(tables, root / f"floor{k}"))
    sim_best, floor_best = min(sim_times), min(floor_times)
    rate = f"{rows / sim_best:,.0f} rows/s"
    lines = [
        f"scale {args.scale}: {rows:,} rows in {len(tables)} tables (best of {args.repeat})",
        f"  {'simulate (whole run)':<30} {sim_best:8.1f} s   {rate}",
        f"  {'floor (random, same tables)':<30} {floor_best:8.1f} s",
        f"  {'ratio simulate / floor':<30} {sim_best / floor_best:8.2f} x   (target at most 5)",
        f"  {'peak memory of the simulation':<30} {peak_mb:8.0f} MB",
        f"  {'under 10 minutes':<30} {'yes' if sim_best < 600 else 'NO':>8}",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
