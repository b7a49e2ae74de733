"""``akasse load`` and ``akasse export``: a dataset into the case database and back out.

Django and the models load only when one of the commands runs, so that ``akasse --help``
stays instant."""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

EXIT_BAD_INPUT = 2

Step = Callable[[str, int, int], None]


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "load",
        help="load a dataset into the case database",
        description="Indlæs et datasæt (docs/data.md) i sagsdatabasen. Alle tabeller tjekkes "
        "først; derefter indlæses det hele i én transaktion, og rækker med samme id "
        "overskrives, så samme datasæt kan indlæses igen.",
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="the dataset folder")
    p.add_argument(
        "--dry-run", action="store_true", help="check the dataset and count its rows; write nothing"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run_load)
    e = sub.add_parser(
        "export",
        help="export the case database as a dataset",
        description="Udtræk sagsdatabasen som et datasæt (docs/data.md) uden navne, adresser "
        "og kontaktoplysninger og med maskerede CPR-numre; mappen skrives helt eller slet ikke.",
    )
    e.add_argument("dir", type=Path, metavar="DIR", help="new or empty folder to write to")
    e.add_argument("--quiet", action="store_true", help="no progress bar")
    e.set_defaults(func=run_export)


def _bad_input() -> tuple[type[Exception], ...]:
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415
    from django.db import DatabaseError  # noqa: PLC0415

    from akasse.dataset.read import DatasetError  # noqa: PLC0415

    return (DatasetError, ImproperlyConfigured, DatabaseError)


def _fail(exc: Exception) -> int:
    from django.db import DatabaseError  # noqa: PLC0415

    message = " ".join(str(exc).split())
    if isinstance(exc, DatabaseError):
        message = f"the database failed: {message}"
    print(f"akasse: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def run_load(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        from akasse.web.startup import setup_django  # noqa: PLC0415

        setup_django()
        from akasse.web.dataio import check_dataset, load_dataset  # noqa: PLC0415

        work = check_dataset if args.dry_run else load_dataset
        with _bar(args.quiet) as step:
            counts = work(args.dir, progress=step)
    except _bad_input() as exc:
        return _fail(exc)
    if args.dry_run:
        done = f"Tørkørsel: datasættet i {args.dir} kan indlæses; intet er skrevet."
    else:
        done = f"Indlæst fra {args.dir}."
    _summary(done, counts, started)
    return 0


def run_export(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        from akasse.web.startup import setup_django  # noqa: PLC0415

        setup_django()
        from akasse.web.dataio import export_dataset  # noqa: PLC0415

        with _bar(args.quiet) as step:
            counts = export_dataset(args.dir, progress=step)
    except _bad_input() as exc:
        return _fail(exc)
    _summary(f"Udtrukket til {args.dir}.", counts, started)
    return 0


@contextlib.contextmanager
def _bar(quiet: bool) -> Iterator[Step]:
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    err = Console(stderr=True)
    # Transient and on a terminal only: the bar goes when the work ends, so that a failure
    # leaves its one line on stderr.
    hidden = quiet or not err.is_terminal
    with Progress(*columns, console=err, disable=hidden, transient=True) as bar:
        task = bar.add_task("Starter", total=None)

        def step(label: str, done: int, total: int) -> None:
            bar.update(task, description=label, completed=done, total=total)

        yield step


def _summary(done: str, counts: dict[str, int], started: float) -> None:
    table = Table()
    table.add_column("tabel")
    table.add_column("rækker", justify="right")
    for name, rows in counts.items():
        table.add_row(name, f"{rows:,}".replace(",", "."))
    out = Console()
    out.print(table)
    out.print(done)
    out.print(f"Tid: {time.perf_counter() - started:.1f} s.")
