"""``akasse cut``: a dataset as it was known on an earlier day (rules in akasse/sim/asof.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from akasse.dataset.read import DatasetError
from akasse.sim.asof import cut_dataset, read_manifest

EXIT_BAD_INPUT = 2


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "cut",
        help="cut a dataset back to what was known on a day",
        description="Skær et datasæt tilbage til det, der var kendt på en given dag, og skriv "
        "det som et nyt datasæt (reglerne pr. tabel står i akasse/sim/asof.py).",
    )
    p.add_argument("source", type=Path, metavar="SOURCE", help="the dataset folder to cut")
    p.add_argument("target", type=Path, metavar="TARGET", help="new or empty folder for the cut")
    p.add_argument(
        "--as-of",
        dest="as_of",
        metavar="YYYY-MM-DD",
        help="the day the cut is as of (required)",
    )
    p.set_defaults(func=run)


def _day(value: str | None) -> dt.date:
    if value is None:
        raise DatasetError("--as-of YYYY-MM-DD is required (the day the cut is as of)")
    # fromisoformat alone would also take 20231016 and week dates such as 2023-W42-1.
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise DatasetError(f"--as-of {value!r} is not a date; give YYYY-MM-DD, e.g. 2023-10-16")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        day = _day(args.as_of)
        before = read_manifest(args.source)
        manifest = cut_dataset(args.source, args.target, day)
    except DatasetError as exc:
        print(f"akasse: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    counts = before.get("tables")
    counts = counts if isinstance(counts, dict) else {}
    table = Table(
        title=f"Datasæt i {args.target} pr. {day} "
        f"(skåret fra {args.source} pr. {before.get('as_of')})"
    )
    table.add_column("tabel")
    table.add_column("rækker før", justify="right")
    table.add_column("rækker efter", justify="right")
    for name, rows in manifest["tables"].items():
        table.add_row(name, _count(counts.get(name)), _count(rows))
    out = Console()
    out.print(table)
    out.print(f"Tid: {time.perf_counter() - started:.1f} s.")
    return 0


def _count(rows: object) -> str:
    return f"{rows:,}".replace(",", ".") if isinstance(rows, int) else ""
