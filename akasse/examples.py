"""``akasse examples``: plan the bundled example cases and show them as a caseworker would
read them, in the terminal."""

from __future__ import annotations

import json
from importlib import resources

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from akasse.rules import case_from_json, load_reference, plan
from akasse.rules.jsonio import loads
from akasse.rules.labels import KINDS, OWNERS, REGIMES, STATUSES
from akasse.rules.model import Plan, Status
from akasse.rules.schedule import hours_text

STATUS_STYLE = {
    Status.MET: "green",
    Status.LATE: "yellow",
    Status.DUE: "cyan",
    Status.OVERDUE: "bold red",
    Status.LAPSED: "dim",
}


def _date(value: object) -> str:
    return "-" if value is None else str(value)


def _summary(result: Plan) -> str:
    transfer = _date(result.transfer_date)
    if result.transfer_date is not None and result.projected:
        transfer += " (fremskrevet)"
    lines = [
        f"Ordning: {REGIMES[result.regime].text}",
        f"Forbrug til og med opgørelsesmåneden: {hours_text(result.hours_consumed)} timer",
        f"Overgang til jobcentret: {transfer}",
        f"Særlig indsats (16 måneder) senest: {_date(result.special_effort_due_by)}",
        f"Dagpengeperioden opbrugt: {_date(result.exhaustion_date)}",
    ]
    if result.akutpakke_eligible:
        lines.append("[bold]Omfattet af akutpakken på opgørelsesdagen[/bold]")
    return "\n".join(lines)


def _obligations(result: Plan) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for column in ("Samtale", "Ansvarlig", "Frist", "Status", "Holdt"):
        table.add_column(column, no_wrap=True)
    for o in result.obligations:
        label, style = STATUSES[o.status].text, STATUS_STYLE[o.status]
        due = _date(o.due_by) + (" *" if o.projected else "")
        table.add_row(
            f"{KINDS[o.kind].text.capitalize()} nr. {o.number}",
            OWNERS[o.owner].text,
            due,
            f"[{style}]{label}[/{style}]",
            _date(o.held_on),
        )
    return table


def run_examples(console: Console | None = None) -> int:
    console = console or Console()
    reference = load_reference()
    examples = sorted(
        (
            p
            for p in resources.files("akasse.rules").joinpath("examples").iterdir()
            if p.name.endswith(".json")
        ),
        key=lambda p: p.name,
    )
    console.rule("[bold]akasse - kontaktforløbet planlagt for eksempelsager[/bold]")
    for path in examples:
        raw = loads(path.read_text(encoding="utf-8"))
        case = case_from_json(raw, reference)
        result = plan(case, reference=reference)
        console.print(
            Panel(
                _summary(result), title=raw["title"], subtitle=f"opgjort {case.as_of.isoformat()}"
            )
        )
        if result.obligations:
            console.print(_obligations(result))
        upcoming = [o for o in result.obligations if o.status in (Status.DUE, Status.OVERDUE)]
        if upcoming:
            why = upcoming[0].explanation
            console.print(f"[bold]Næste frist:[/bold] {why.text}")
            console.print(f"[dim]Hjemmel: {why.reference}[/dim]")
        for violation in result.violations:
            console.print(f"[red]Samtalen {violation.date}:[/red] {violation.message}")
        console.print()
    console.print("* fristen bygger på fremskrivning af dagpengeforbruget med månedsnormen.")
    console.print(
        "Planlæg din egen sag: [bold].venv/bin/akasse plan SAG.json[/bold] "
        "(se docs/rules.md; eksemplerne ligger i akasse/rules/examples, "
        f"fx {json.dumps(examples[0].name)})."
    )
    return 0
