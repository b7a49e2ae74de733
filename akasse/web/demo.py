"""``akasse demo``: a fund-scale simulated population in an SQLite database, one user per role,
and the calendar of the data's last day, so a newcomer can do a caseworker's morning."""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

SCALE = "fund"
# The demo's day: the simulated fund as it was known on a Monday while the trial ran, so the
# worklist holds members who are unemployed now (the simulated inflow ends with 2023).
DAY = dt.date(2023, 10, 16)


def _bar(console: Console) -> Progress:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=console)


def _simulate(data: Path, seed: int, console: Console) -> None:
    from akasse.sim.run import STEPS, simulate_dataset

    with _bar(console) as bar:
        task = bar.add_task("Simulerer en a-kasse", total=len(STEPS))
        simulate_dataset(SCALE, seed, data, progress=lambda label: bar.advance(task))
        bar.update(task, completed=len(STEPS))


def _load(data: Path, as_of: str, console: Console) -> None:
    import datetime as dt

    from akasse.web.casework.calendar import book_due, make_slots
    from akasse.web.casework.planning import replan_all
    from akasse.web.dataio.load import load_dataset
    from akasse.web.members.models import Caseworker

    day = dt.date.fromisoformat(as_of)
    with _bar(console) as bar:
        loading = bar.add_task("Indlæser", total=None)

        def step(name: str, done: int, total: int) -> None:
            bar.update(loading, description=f"Indlæser {name}", completed=done, total=total)

        load_dataset(data, progress=step)
        plan = bar.add_task("Planlægger forløb med regelmotoren", total=None)
        replan_all(day, lambda done, total: bar.update(plan, completed=done, total=total))
        make_slots(Caseworker.objects.all(), day, 21)
        booking = bar.add_task("Booker samtaler der snart skal holdes", total=None)
        book_due(day, progress=lambda done, total: bar.update(booking, completed=done, total=total))
        _profile(data, day, bar)


def _profile(data: Path, day: dt.date, bar: Progress) -> None:
    """Train the profiling model on the demo's own data and assess the spells of the last
    90 days, as a fund would before its caseworkers start."""
    from django.conf import settings

    from akasse.profiling.training import train
    from akasse.stats.dataset import Dataset
    from akasse.web.members.models import Spell
    from akasse.web.profiling.engine import assess_new

    task = bar.add_task("Træner profilmodellen", total=None)
    train(Dataset(data)).model.save(settings.PROFILE_MODEL)
    bar.update(task, completed=1, total=1)
    task = bar.add_task("Profilafklaring af nye forløb", total=None)
    recent = Spell.objects.filter(first_day__gte=day - dt.timedelta(days=90))
    assess_new(recent, lambda done, total: bar.update(task, completed=done, total=total))


def prepare_demo(home: str, seed: int) -> int:
    """Make (once) and open the demo database in ``home``; print the demo users."""
    console = Console(stderr=True)
    root = Path(home).resolve()
    root.mkdir(parents=True, exist_ok=True)
    simulated = root / "simulated"
    data = root / "data"
    os.environ["AKASSE_DEMO"] = "true"
    os.environ["AKASSE_HOME"] = str(root)
    os.environ.pop("DATABASE_URL", None)  # the demo always runs on its own SQLite file
    if not (data / "manifest.json").exists():
        from akasse.sim.asof import cut_dataset

        if not (simulated / "manifest.json").exists():
            _simulate(simulated, seed, console)
        console.print(f"Datasættet som det så ud {DAY:%d.%m.%Y} ...")
        cut_dataset(simulated, data, DAY)
    as_of = json.loads((data / "manifest.json").read_text(encoding="utf-8"))["as_of"]
    os.environ["AKASSE_TODAY"] = as_of  # inherited by the server started afterwards

    from akasse.web.startup import setup_django

    setup_django()
    from django.core.management import call_command

    from akasse.web.members.models import Spell

    call_command("migrate", interactive=False, verbosity=0)
    if not Spell.objects.exists():
        _load(data, as_of, console)
    from akasse.web.demo_personas import demo_caseworker

    typical = demo_caseworker(dt.date.fromisoformat(as_of))
    _print_users(_demo_users(typical.caseworker))
    Console().print(f"Sagsbehandleren: {typical.summary()}.", soft_wrap=True, highlight=False)
    return 0


def _demo_users(caseworker: Any) -> list[tuple[str, str, str, str]]:
    from akasse.web.accounts.models import User
    from akasse.web.demo_personas import grant_admin_permissions, personas

    rows = []
    for username, role, fields, start in personas(caseworker):
        password = secrets.token_urlsafe(9)
        user, _ = User.objects.update_or_create(
            username=username, defaults={"role": role, **fields}
        )
        user.set_password(password)
        user.save()
        if role == "fund_admin":
            grant_admin_permissions(user)
        rows.append((username, password, user.get_role_display(), start))
    return rows


def _print_users(rows: list[tuple[str, str, str, str]]) -> None:
    table = Table(title="Demobrugere (nye adgangskoder ved hver start)")
    for column in ("brugernavn", "adgangskode", "rolle", "start"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    Console().print(table)
