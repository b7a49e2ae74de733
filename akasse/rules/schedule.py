"""Dating a regime's schedule for one case, with an explanation for every deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from akasse.rules.clock import Crossing
from akasse.rules.course import KIND_LABEL, OWNER_LABEL, Slot
from akasse.rules.dates import format_month, month_end, period_end
from akasse.rules.law import Law, Schedule, SlotRule
from akasse.rules.model import Explanation, Hours, Kind, Owner, hours_to_decimal


def hours_text(hours: Hours) -> str:
    """Danish number format: 2.565,28."""
    whole, cents = divmod(hours, 100)
    return f"{whole:,}".replace(",", ".") + f",{cents:02d}"


@dataclass(frozen=True)
class ClockDates:
    """What the hour clock says about one case, for dating the schedule."""

    first_day: dt.date
    transfer: Crossing
    threshold: Hours | None
    special_effort: Crossing
    special_effort_hours: Hours
    monthly_norm: Hours
    projecting: bool


def crossing_text(crossing: Crossing, what: str, norm: Hours, projecting: bool) -> str:
    if crossing.month is None:
        why = "ingen fremskrivning" if not projecting else "tærsklen nås ikke"
        return (
            f"{what}; datoen kendes ikke endnu ({why}: medlemmet er ikke ledigt på opgørelsesdagen)"
        )
    text = f"{what} ({format_month(crossing.month)}) = {month_end(crossing.month).isoformat()}"
    if crossing.projected:
        text += f", fremskrevet med {hours_text(norm)} timer pr. måned"
    return text


def _due(rule: SlotRule, clock: ClockDates) -> tuple[dt.date | None, bool, str, dict[str, str]]:
    """Due date, whether it rests on a projection, the sentence and the parameters used."""
    kind, n = rule.due
    first = clock.first_day.isoformat()
    if kind == "days":
        due = clock.first_day + dt.timedelta(days=n)
        text = f"senest {n + 1} dage efter første ledighedsdag: {first} + {n} dage = {due}"
        return due, False, text, {"first_day": first, "days": str(n)}
    if kind == "months":
        due = period_end(clock.first_day, n)
        text = f"inden for {n} måneder: {first} + {n} måneder - 1 dag = {due.isoformat()}"
        return due, False, text, {"first_day": first, "months": str(n)}
    threshold = clock.threshold or 0
    what = (
        "senest ved overgangen til jobcentret: udgangen af den måned, hvor forbruget overstiger "
        f"{hours_text(threshold)} timer"
    )
    text = crossing_text(clock.transfer, what, clock.monthly_norm, clock.projecting)
    month = clock.transfer.month
    transfer = month_end(month) if month is not None else None
    params = {
        "threshold": str(hours_to_decimal(threshold)),
        "monthly_norm": str(hours_to_decimal(clock.monthly_norm)),
        "transfer_month": format_month(month) if month is not None else "",
    }
    return transfer, clock.transfer.projected, text, params


def dated_slots(law: Law, schedule: Schedule, clock: ClockDates) -> list[Slot]:
    slots = []
    for order, rule in enumerate(schedule.slots):
        due, projected, text, params = _due(rule, clock)
        label = f"{KIND_LABEL[rule.kind].capitalize()} ({OWNER_LABEL[rule.owner]})"
        explanation = Explanation(
            rule=f"{schedule.regime.value}.{rule.kind.value}",
            text=f"{label} {text}.",
            parameters=params,
            reference=rule.reference,
            law=rule.law,
        )
        slots.append(
            Slot(
                rule.kind,
                rule.owner,
                due,
                projected,
                rule.in_person,
                rule.akasse_role,
                explanation,
                order,
            )
        )
    special = special_effort_slot(law, schedule, clock, len(slots))
    if special is not None:
        slots.append(special)
    return slots


def special_effort_slot(law: Law, schedule: Schedule, clock: ClockDates, order: int) -> Slot | None:
    """The joint conversation by 16 months of cumulative unemployment (every regime from 2015):
    planned unless its date is known and falls before the rule began."""
    crossing = clock.special_effort
    due = month_end(crossing.month) if crossing.month is not None else None
    if due is not None and due < law.special_effort_from:
        return None
    months = law.special_effort_months
    what = (
        f"senest ved {months} måneders sammenlagt ledighed: udgangen af den måned, hvor "
        f"forbruget når {months} × {hours_text(clock.monthly_norm)} = "
        f"{hours_text(clock.special_effort_hours)} timer"
    )
    text = crossing_text(crossing, what, clock.monthly_norm, clock.projecting)
    explanation = Explanation(
        rule="special_effort.joint",
        text=f"Fællessamtale i den særlige indsats (jobcentret, a-kassen deltager) {text}.",
        parameters={
            "months": str(months),
            "monthly_norm": str(hours_to_decimal(clock.monthly_norm)),
            "hours": str(hours_to_decimal(clock.special_effort_hours)),
        },
        reference=law.reference("special_effort", law.special_effort_from),
        # The paragraph in force when the conversation is due (the law was renumbered in 2020).
        law=law.law_reference("special_effort", due or clock.first_day),
    )
    return Slot(
        Kind.JOINT,
        Owner.JOBCENTER,
        due,
        crossing.projected,
        schedule.special_effort_in_person,
        "unless_member_opts_out",
        explanation,
        order,
    )
