"""The web application's commands: ``akasse demo``, ``serve``, ``migrate``, ``createuser``,
``slots`` and ``replan``. Django is set up inside each command, so ``akasse --help`` and the
engines' commands never load it."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import sys

from akasse.web.startup import setup_django

EXIT_BAD_INPUT = 2


def _fail(message: str) -> int:
    print(f"akasse: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def serve(port: int, host: str, workers: int) -> int:
    """Run the application under gunicorn (replaces this process)."""
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "akasse.web.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    os.execv(sys.executable, args)
    return 0  # pragma: no cover  (execv does not return)


def cmd_serve(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", "--deploy", "--fail-level", "ERROR", verbosity=0)
    except SystemCheckError as exc:
        return _fail(f"the settings are not fit to serve: {exc}")
    return serve(args.port, args.host, args.workers)


def cmd_migrate(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def cmd_createuser(args: argparse.Namespace) -> int:
    setup_django()
    from akasse.web.accounts.create import UserError, create_user

    password = args.password or secrets.token_urlsafe(12)
    try:
        user = create_user(
            args.username,
            args.role,
            password,
            fund=args.fund,
            branch=args.branch,
            municipality=args.municipality,
            caseworker=args.caseworker,
            member=args.member,
        )
    except UserError as exc:
        return _fail(str(exc))
    print(f"Oprettet {user.username} ({user.get_role_display()}); adgangskode: {password}")
    return 0


def cmd_slots(args: argparse.Namespace) -> int:
    setup_django()
    from akasse.web.casework.calendar import make_slots
    from akasse.web.clock import today
    from akasse.web.members.models import Caseworker

    start = args.start or today()
    count = make_slots(Caseworker.objects.all(), start, args.days, dry_run=args.dry_run)
    verb = "would create" if args.dry_run else "created (existing kept)"
    print(f"{count} slots {verb} from {start.isoformat()} for {args.days} days")
    return 0


def cmd_replan(args: argparse.Namespace) -> int:
    setup_django()
    from rich.progress import Progress

    from akasse.web.casework.planning import replan_all
    from akasse.web.clock import today

    day = args.as_of or today()
    with Progress() as bar:
        task = bar.add_task("Planlægger forløb", total=None)
        count = replan_all(
            day,
            lambda done, total: bar.update(task, completed=done, total=total),
            chunk=args.chunk,
        )
    print(f"{count} spells planned as of {day.isoformat()}")
    return 0


def cmd_assess(args: argparse.Namespace) -> int:
    setup_django()
    from rich.progress import Progress

    from akasse.web.clock import today
    from akasse.web.members.models import Spell
    from akasse.web.profiling.engine import ProfilingUnavailable, assess_new

    since = args.since or today() - dt.timedelta(days=90)
    spells = Spell.objects.filter(first_day__gte=since)
    try:
        with Progress() as bar:
            task = bar.add_task("Profilafklaring af nye forløb", total=None)
            count = assess_new(
                spells, lambda done, total: bar.update(task, completed=done, total=total)
            )
    except ProfilingUnavailable as exc:
        return _fail(str(exc))
    print(f"{count} spells with a first day from {since.isoformat()} assessed")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from akasse.web.demo import prepare_demo

    code = prepare_demo(args.home, args.seed)
    if code != 0 or args.no_serve:
        return code
    print(f"\nÅbn http://localhost:{args.port}/ og log ind. Stop med Ctrl-C.\n", flush=True)
    return serve(args.port, args.host, workers=2)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give a date as YYYY-MM-DD") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) == 0:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number above 0")
    return int(text)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    d = sub.add_parser("demo", help="simulate a fund, load it and serve the web app")
    d.add_argument("--port", type=int, default=8000)
    d.add_argument("--host", default="127.0.0.1")
    d.add_argument("--home", default="demo", help="folder for the demo's database and data")
    d.add_argument("--seed", type=int, default=1)
    d.add_argument("--no-serve", action="store_true", help="prepare only")
    d.set_defaults(func=cmd_demo)
    s = sub.add_parser("serve", help="serve the web app (settings from the environment)")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 1) * 2))
    s.set_defaults(func=cmd_serve)
    m = sub.add_parser("migrate", help="create or update the database tables")
    m.set_defaults(func=cmd_migrate)
    u = sub.add_parser("createuser", help="create a user with a role")
    u.add_argument("username")
    u.add_argument(
        "--role",
        required=True,
        choices=[
            "caseworker",
            "team_lead",
            "fund_admin",
            "jobcentre",
            "member",
            "analyst",
            "privacy_officer",
        ],
    )
    u.add_argument("--password", help="default: a random one, printed")
    u.add_argument("--fund")
    u.add_argument("--branch", type=int)
    u.add_argument("--municipality")
    u.add_argument("--caseworker", type=int)
    u.add_argument("--member", type=int)
    u.set_defaults(func=cmd_createuser)
    sl = sub.add_parser("slots", help="create bookable slots from each caseworker's capacity")
    sl.add_argument("--start", type=_date)
    sl.add_argument("--days", type=int, default=21)
    sl.add_argument("--dry-run", action="store_true")
    sl.set_defaults(func=cmd_slots)
    a = sub.add_parser("assess", help="profile new spells with the installed profiling model")
    a.add_argument("--since", type=_date, help="first day from (default: 90 days ago)")
    a.set_defaults(func=cmd_assess)
    r = sub.add_parser("replan", help="plan every spell again with the rules engine")
    r.add_argument("--as-of", type=_date)
    r.add_argument(
        "--chunk", type=_positive, default=5000, help="spells planned at a time (default 5000)"
    )
    r.set_defaults(func=cmd_replan)
    from akasse.web.audit.command import add_parser as add_audit

    add_audit(sub)
    from akasse.web.api.command import add_parser as add_api

    add_api(sub)
