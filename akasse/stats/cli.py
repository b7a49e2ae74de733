"""``akasse report``: a monitoring or survival report from a dataset folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from akasse.dataset.read import DatasetError
from akasse.stats.dataset import Dataset, Selection, SelectionError
from akasse.stats.render import FORMATS

EXIT_BAD_INPUT = 2
KINDS = ("monitoring", "survival", "survey", "effect")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "report",
        help="a monitoring or survival report from a dataset",
        description="Lav en rapport fra et datasæt (docs/data.md): monitorering eller "
        "overlevelseskurver, som HTML, Excel eller JSON.",
    )
    p.add_argument("kind", help="monitoring or survival")
    p.add_argument("--data", type=Path, required=True, help="the dataset folder")
    p.add_argument("--fund", help="one fund, e.g. FOA-A (default: all)")
    p.add_argument("--from", dest="start", metavar="YYYY-MM", help="first month of first days")
    p.add_argument("--to", dest="end", metavar="YYYY-MM", help="last month of first days")
    p.add_argument("--format", dest="fmt", default="html", help="html (default), xlsx or json")
    p.add_argument("--out", type=Path, required=True, help="the file to write")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from akasse.stats.reports import build

    try:
        if args.kind not in KINDS:
            raise SelectionError(f"unknown report {args.kind!r}; choose one of: {', '.join(KINDS)}")
        if args.fmt not in FORMATS:
            raise SelectionError(f"--format {args.fmt!r}: choose one of {', '.join(FORMATS)}")
        selection = Selection.of(args.fund, args.start, args.end)
        if selection.first and selection.last and selection.first > selection.last:
            raise SelectionError(f"--from {args.start} is after --to {args.end}")
        report = build(args.kind, Dataset(args.data), selection)
        report.write(args.fmt, args.out)
    except (DatasetError, SelectionError) as exc:
        print(f"akasse: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"akasse: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Rapport skrevet: {args.out}")
    return 0
