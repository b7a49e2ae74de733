"""``akasse simulate``: make a dataset, or check one against the published figures."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from akasse.dataset.read import DatasetError
from akasse.sim.check import Figure, figures
from akasse.sim.config import SimError, load_params
from akasse.sim.run import STEPS, simulate_dataset, validate

EXIT_BAD_INPUT = 2
EXIT_CHECK_FAILED = 1


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "simulate",
        help="make a simulated dataset, or check one against the published figures",
        description="Simulér en population af nye dagpengeforløb og skriv datasættet (Parquet), "
        "eller tjek et datasæt mod de offentliggjorte tal (docs/simulation.md).",
    )
    p.add_argument("--scale", default="small", help="small, fund or national (default: small)")
    p.add_argument("--seed", type=int, default=1, help="random seed, 0 or more (default: 1)")
    p.add_argument("--out", type=Path, help="new or empty folder to write the dataset to")
    p.add_argument("--check", type=Path, metavar="DIR", help="check the dataset in DIR")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    err = Console(stderr=True)
    try:
        if args.check is not None:
            if args.out is not None:
                raise SimError("give either --out (to simulate) or --check (to check), not both")
            return _check(args.check)
        if args.out is None:
            raise SimError("--out DIR is required (a new or empty folder for the dataset)")
        return _simulate(args, err)
    except (SimError, DatasetError) as exc:
        print(f"akasse: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _simulate(args: argparse.Namespace, err: Console) -> int:
    validate(load_params(), args.scale, args.seed, args.out)
    started = time.perf_counter()
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, disable=args.quiet) as bar:
        task = bar.add_task("Simulerer", total=len(STEPS))
        seen: list[str] = []

        def step(label: str) -> None:
            if seen:
                bar.advance(task)
            seen.append(label)
            bar.update(task, description=label)

        manifest = simulate_dataset(args.scale, args.seed, args.out, progress=step)
        bar.update(task, completed=len(STEPS), description="Færdig")
    out = Console()
    table = Table(title=f"Datasæt i {args.out} (skala {args.scale}, seed {args.seed})")
    table.add_column("tabel")
    table.add_column("rækker", justify="right")
    for name, rows in manifest["tables"].items():
        table.add_row(name, f"{rows:,}".replace(",", "."))
    out.print(table)
    out.print(
        f"Tid: {time.perf_counter() - started:.1f} s. Tjek: akasse simulate --check {args.out}"
    )
    return 0


def _fmt(f: Figure, value: float) -> str:
    if f.unit == "count":
        return f"{value:,.0f}".replace(",", ".")
    return f"{value:.1f}"


def _check(data: Path) -> int:
    rows = figures(data)
    table = Table(title=f"Kalibrering af {data} mod de offentliggjorte tal")
    for name, justify in (("tal", "left"), ("offentliggjort", "right"), ("simuleret", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    table.add_column("tolerance", justify="right")
    table.add_column("", justify="center")
    for f in rows:
        published = f.note or _fmt(f, f.published)
        # For a range, the tolerance shown is the margin beyond its ends.
        margin = f.tolerance - (f.published - float(f.note.split("-")[0]) if f.note else 0.0)
        verdict = "ok" if f.within else ("[red]UDE[/red]" if f.binding else "uden for")
        if not f.binding:
            verdict += " (vejledende)"
        table.add_row(f.name, published, _fmt(f, f.simulated), f"± {_fmt(f, margin)}", verdict)
    console = Console()
    console.print(table)
    if any(not f.binding for f in rows):
        console.print(
            "Vejledende: offentliggjorte tal uden for tjekket (afsluttede), og landstal vist for "
            "et datasæt med færre a-kasser; de tæller ikke med."
        )
    binding = [f for f in rows if f.binding]
    failed = [f for f in binding if not f.ok]
    if failed:
        console.print(f"{len(failed)} af {len(binding)} tal er uden for tolerancen.")
        return EXIT_CHECK_FAILED
    console.print(f"Alle {len(binding)} tal er inden for tolerancen.")
    return 0
