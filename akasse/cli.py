"""The ``akasse`` command."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from akasse import __version__

EXIT_BAD_INPUT = 2


def _fail(message: str) -> int:
    print(f"akasse: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _read_input(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return Path(name).read_text(encoding="utf-8")


def cmd_plan(args: argparse.Namespace) -> int:
    from akasse.rules import (
        CaseError,
        InputError,
        ReferenceDataError,
        case_from_json,
        load_reference,
        plan,
        plan_to_json,
    )
    from akasse.rules.jsonio import loads

    try:
        text = _read_input(args.file)
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"cannot read {args.file}: {getattr(exc, 'strerror', None) or exc}")
    try:
        reference = load_reference()
        case = case_from_json(loads(text), reference)
        result = plan(case, reference=reference)
    except (InputError, CaseError, ReferenceDataError) as exc:
        return _fail(str(exc))
    json.dump(plan_to_json(result, case.as_of), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def cmd_examples(args: argparse.Namespace) -> int:
    from akasse.examples import run_examples

    return run_examples()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="akasse", description="Kontaktforløb for a-kasser: regler, planlægning og demo."
    )
    parser.add_argument("--version", action="version", version=f"akasse {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan", help="plan one spell from a JSON case (see docs/rules.md)")
    p.add_argument("file", help="JSON file with the case, or - for standard input")
    p.set_defaults(func=cmd_plan)
    d = sub.add_parser("examples", help="plan the bundled example cases and show them")
    d.set_defaults(func=cmd_examples)
    from akasse.sim.cli import add_parser as add_simulate

    add_simulate(sub)
    from akasse.stats.cli import add_parser as add_report

    add_report(sub)
    from akasse.web.cli import add_parser as add_web
    from akasse.web.dataio.cli import add_parser as add_dataio

    add_web(sub)
    add_dataio(sub)
    from akasse.sim.asof_cli import add_parser as add_cut

    add_cut(sub)
    from akasse.profiling.cli import add_parser as add_profile

    add_profile(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (e.g. `head`) stopped early: not an error of ours, and no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
