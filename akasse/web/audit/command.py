"""``akasse audit verify``: walk the audit log's hash chain and say whether it is intact.

Imported by ``akasse.web.cli`` to add the parser; Django is set up only when the command runs."""

from __future__ import annotations

import argparse

EXIT_BROKEN = 1


def cmd_verify(args: argparse.Namespace) -> int:
    from akasse.web.startup import setup_django  # noqa: PLC0415

    setup_django()
    from rich.progress import Progress  # noqa: PLC0415

    from akasse.web.audit.chain import verify  # noqa: PLC0415
    from akasse.web.audit.report import verdict_text  # noqa: PLC0415

    with Progress(disable=args.quiet) as bar:
        task = bar.add_task("Kontrollerer adgangsloggen", total=None)
        verdict = verify(lambda done, total: bar.update(task, completed=done, total=total))
    print(verdict_text(verdict))
    return 0 if verdict.intact else EXIT_BROKEN


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = sub.add_parser("audit", help="the audit log")
    commands = audit.add_subparsers(dest="audit_command", required=True)
    v = commands.add_parser("verify", help="check the audit log's hash chain (exit 1 if broken)")
    v.add_argument("--quiet", action="store_true", help="no progress bar")
    v.set_defaults(func=cmd_verify)
