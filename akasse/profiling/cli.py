"""``akasse profile``: train, evaluate (with the model card) and batch-score the profiling model
(docs/profiling.md)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from akasse.dataset.read import DatasetError
from akasse.profiling.spec import ProfilingError, choose_features
from akasse.stats.dataset import Dataset

EXIT_BAD_INPUT = 2


def number(value: float) -> str:
    """Danish thousands separators: 472199 -> '472.199'."""
    return f"{value:,.0f}".replace(",", ".")


def dec(value: float, digits: int = 3) -> str:
    """Danish decimal comma: 0.6909 -> '0,691'."""
    return f"{value:.{digits}f}".replace(".", ",")


FORMATS = ("json", "html")
CHUNK = 50_000


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "profile",
        help="train, evaluate and run the profiling model (risk of long-term unemployment)",
        description="Profilafklaring: træn, evaluér og kør modellen for risiko for "
        "langtidsledighed (docs/profiling.md).",
    )
    actions = p.add_subparsers(dest="action", required=True)
    t = actions.add_parser("train", help="fit the model on a dataset and write the model file")
    t.add_argument("--data", type=Path, required=True, help="the dataset folder")
    t.add_argument("--out", type=Path, required=True, help="the model file (JSON) to write")
    t.add_argument(
        "--features",
        help="comma-separated features (default: features.yaml's default set); "
        "+name or -name changes the default set, e.g. +origin",
    )
    t.add_argument("--seed", type=int, help="seed of the held-out split (default 0)")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.set_defaults(func=run_train)
    e = actions.add_parser("evaluate", help="held-out metrics and the model card")
    e.add_argument("--data", type=Path, required=True, help="the dataset folder")
    e.add_argument("--model", type=Path, required=True, help="the model file")
    e.add_argument("--format", dest="fmt", default="json", help="json (default) or html")
    e.add_argument("--out", type=Path, help="the file to write (json: default standard output)")
    e.add_argument("--no-challenger", action="store_true", help="skip the gradient-boosted model")
    e.add_argument("--quiet", action="store_true", help="no progress bar")
    e.set_defaults(func=run_evaluate)
    s = actions.add_parser("score", help="score every spell of a dataset (batch)")
    s.add_argument("--data", type=Path, required=True, help="the dataset folder")
    s.add_argument("--model", type=Path, required=True, help="the model file")
    s.add_argument("--out", type=Path, required=True, help="the Parquet file to write")
    s.add_argument("--dry-run", action="store_true", help="score and count, write nothing")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=run_score)


def _fail(message: str) -> int:
    print(f"akasse: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Bad input ends in one line on standard error and exit status 2."""

    def wrapped(args: argparse.Namespace) -> int:
        try:
            return run(args)
        except (DatasetError, ProfilingError) as exc:
            return _fail(str(exc))
        except OSError as exc:
            name = exc.filename or getattr(args, "out", "")
            return _fail(f"{name}: {exc.strerror or exc}")

    return wrapped


@contextmanager
def _steps(quiet: bool, total: int) -> Iterator[Callable[[str], None]]:
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), disable=quiet) as bar:
        task = bar.add_task("Starter", total=total)
        seen: list[str] = []

        def step(label: str) -> None:
            if seen:
                bar.advance(task)
            seen.append(label)
            bar.update(task, description=label)

        yield step
        bar.update(task, completed=total, description="Færdig")


def _dataset(path: Path) -> Dataset:
    data = Dataset(path)
    if not (path / "profiling.parquet").exists():
        raise DatasetError(f"{path}: table profiling is missing (profiling.parquet not found)")
    return data


@_guarded
def run_train(args: argparse.Namespace) -> int:
    from akasse.profiling.training import train  # noqa: PLC0415 - keeps `akasse --help` quick

    features = choose_features(args.features)
    if args.seed is not None and args.seed < 0:
        raise ProfilingError(f"--seed {args.seed}: give 0 or more")
    data = _dataset(args.data)
    with _steps(args.quiet, 3) as step:
        trained = train(data, features, seed=args.seed, progress=step)
    trained.model.save(args.out)
    m = trained.model.metadata_["metrics"]
    oracle = "" if m["oracle_auc"] is None else f" (orakel {dec(m['oracle_auc'])})"
    print(
        f"Model skrevet: {args.out}. {number(trained.model.n_train_)} træningsforløb, "
        f"{number(m['test_spells'])} testforløb, {number(trained.data.excluded)} udeladt (ikke "
        f"fulgt i 52 uger). AUC {dec(m['auc'])}{oracle}, kalibreringsfejl "
        f"{dec(m['calibration_error'], 4)}. Tid {dec(trained.seconds, 1)} s."
    )
    return 0


@_guarded
def run_evaluate(args: argparse.Namespace) -> int:
    from akasse.profiling.evaluate import evaluate  # noqa: PLC0415
    from akasse.profiling.model import load_model  # noqa: PLC0415

    if args.fmt not in FORMATS:
        raise ProfilingError(f"--format {args.fmt!r}: choose one of {', '.join(FORMATS)}")
    if args.fmt == "html" and args.out is None:
        raise ProfilingError("--format html needs --out FILE")
    model = load_model(args.model)
    data = _dataset(args.data)
    with _steps(args.quiet, 5 - args.no_challenger) as step:
        evaluation = evaluate(data, model, challenger=not args.no_challenger, progress=step)
    if args.fmt == "html":
        from akasse.profiling.card import build_card  # noqa: PLC0415 - loads matplotlib

        build_card(evaluation).write("html", args.out)
        print(f"Modelkort skrevet: {args.out}")
        return 0
    text = json.dumps(evaluation.to_json(), ensure_ascii=False, indent=2) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"Evaluering skrevet: {args.out}")
    return 0


@_guarded
def run_score(args: argparse.Namespace) -> int:
    from akasse.profiling.model import load_model  # noqa: PLC0415
    from akasse.profiling.scoring import score_frame  # noqa: PLC0415

    model = load_model(args.model)
    frame = _dataset(args.data).table("profiling")
    parts = []
    columns = (TextColumn("Scorer forløb"), BarColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), disable=args.quiet) as bar:
        task = bar.add_task("score", total=frame.height)
        for start in range(0, frame.height, CHUNK):
            parts.append(score_frame(model, frame.slice(start, CHUNK)))
            bar.advance(task, min(CHUNK, frame.height - start))
    scored = pl.concat(parts) if parts else score_frame(model, frame)
    counts = dict(scored["target_group"].value_counts().iter_rows())
    summary = ", ".join(f"målgruppe {g}: {number(counts.get(g, 0))}" for g in ("1", "2a", "2b"))
    unanswered = int((scored["missing"].list.len() > 0).sum())
    if not args.dry_run:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        tmp = args.out.with_name(f".{args.out.name}.partial")
        try:
            scored.write_parquet(tmp)
            tmp.replace(args.out)
        finally:
            tmp.unlink(missing_ok=True)
    verb = "ville blive skrevet (--dry-run)" if args.dry_run else f"skrevet: {args.out}"
    print(
        f"{number(scored.height)} forløb scoret og {verb}. {summary}; "
        f"{number(unanswered)} med ubesvarede spørgsmål."
    )
    return 0
