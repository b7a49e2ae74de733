"""``plan(case) -> Plan``: the contact course of one spell, explained."""

from __future__ import annotations

import datetime as dt

from akasse.rules.clock import Crossing, HourClock
from akasse.rules.course import (
    in_work_on,
    judge_conversation,
    order_and_number,
    spell_end,
    status_of,
)
from akasse.rules.dates import format_month, month_end, month_of
from akasse.rules.law import Law, first_supported_day, load_law
from akasse.rules.model import (
    Case,
    Event,
    Explanation,
    Hours,
    Obligation,
    Plan,
    Regime,
    Violation,
    hours_to_decimal,
)
from akasse.rules.reference import Reference, load_reference
from akasse.rules.regime import explain_regime, select_regime, trial_participation
from akasse.rules.schedule import ClockDates, dated_slots, hours_text

AKASSE_PERIOD = frozenset({Regime.TRIAL_2020, Regime.SIMPLIFIED_2024})


class CaseError(ValueError):
    """The case cannot be planned: ``field`` names the input field, the message says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def check_case(law: Law, case: Case) -> None:
    """Facts that contradict each other are rejected, never planned."""
    first_supported = first_supported_day(law)
    if case.first_day < first_supported:
        raise CaseError(
            "first_unemployment_day",
            f"{case.first_day.isoformat()} is before {first_supported.isoformat()}, "
            "the first day the dagpenge rules are defined for",
        )
    first_month = month_of(case.first_day)
    for month in sorted(case.hours_paid):
        if month < first_month:
            raise CaseError(
                f'hours_paid["{format_month(month)}"]',
                f"month is before the spell began on {case.first_day.isoformat()}",
            )
    dated = [(f"conversations[{i}].date", c.date) for i, c in enumerate(case.conversations)]
    dated += [(f"events[{i}].date", e.date) for i, e in enumerate(case.events)]
    for field, day in dated:
        if day < case.first_day:
            raise CaseError(
                field,
                f"{day.isoformat()} is before the spell began on {case.first_day.isoformat()}",
            )


def akutpakke_eligible(law: Law, case: Case, consumed: Hours, exhaustion: dt.date | None) -> bool:
    """Rolling entry to the 2012-13 akutpakke on the as-of date (seed 002, note 3): inside the
    window, at most 26 weeks of the period left, and exhaustion projected by 2013-06-30."""
    akut = law.akutpakke
    if not akut.start <= case.as_of <= akut.end or exhaustion is None:
        return False
    ins = case.member.insurance
    remaining = law.period.at(case.first_day, ins) - consumed
    weeks_left_ok = remaining <= akut.max_remaining_weeks * law.weekly_norm.at(case.first_day, ins)
    return weeks_left_ok and exhaustion <= akut.exhaustion_by


def _clock_dates(
    law: Law, case: Case, regime: Regime, projecting: bool
) -> tuple[HourClock, ClockDates, Crossing]:
    ins = case.member.insurance
    norm = law.monthly_norm.at(case.first_day, ins)
    clock = HourClock.build(
        month_of(case.first_day),
        month_of(case.as_of),
        case.hours_paid,
        law.suspended,
        norm,
        projecting,
    )
    threshold = law.threshold.at(case.first_day, ins) if regime in AKASSE_PERIOD else None
    transfer = (
        clock.crossing(threshold, strict=True) if threshold is not None else Crossing(None, False)
    )
    special_hours = law.special_effort_months * norm
    dates = ClockDates(
        case.first_day,
        transfer,
        threshold,
        clock.crossing(special_hours, strict=False),
        special_hours,
        norm,
        projecting,
    )
    exhaustion = clock.crossing(law.period.at(case.first_day, ins), strict=False)
    return clock, dates, exhaustion


def _date(crossing: Crossing) -> dt.date | None:
    return month_end(crossing.month) if crossing.month is not None else None


def plan(case: Case, *, law: Law | None = None, reference: Reference | None = None) -> Plan:
    """Plan one spell: regime, clock, deadlines with explanations, and their status on
    ``case.as_of``."""
    law = law or load_law()
    reference = reference or load_reference()
    check_case(law, case)
    in_trial = trial_participation(law, reference, case.member, case.first_day, case.trial)
    regime = select_regime(law, case.first_day, in_trial)
    events = sorted(case.events, key=lambda e: e.date)
    end = spell_end(events)
    in_work = in_work_on(events, case.as_of)
    projecting = not in_work and not (end is not None and end <= case.as_of)
    clock, dates, exhaustion = _clock_dates(law, case, regime, projecting)
    obligations, violations = _course(law, case, regime, dates, events, end)
    consumed = clock.consumed_through(month_of(case.as_of))
    exhaustion_date = _date(exhaustion)
    special_effort = _date(dates.special_effort)
    if special_effort is not None and special_effort < law.special_effort_from:
        special_effort = None  # the rule did not exist yet (choice 13 in docs/rules.md)
    return Plan(
        regime=regime,
        trial=regime is Regime.TRIAL_2020,
        transfer_date=_date(dates.transfer),
        projected=dates.transfer.projected,
        hours_consumed=consumed,
        threshold=dates.threshold,
        special_effort_due_by=special_effort,
        special_effort_projected=special_effort is not None and dates.special_effort.projected,
        exhaustion_date=exhaustion_date,
        exhaustion_projected=exhaustion.projected,
        akutpakke_eligible=akutpakke_eligible(law, case, consumed, exhaustion_date),
        in_work=in_work,
        spell_ended=end,
        obligations=obligations,
        violations=violations,
        explanations=_explanations(law, case, regime, dates, exhaustion, consumed),
    )


def _course(
    law: Law,
    case: Case,
    regime: Regime,
    dates: ClockDates,
    events: list[Event],
    end: dt.date | None,
) -> tuple[tuple[Obligation, ...], tuple[Violation, ...]]:
    """The regime's obligations dated for the case, the conversations applied to them in date
    order, and each obligation's status on the as-of date."""
    schedule = law.schedules[regime]
    slots = order_and_number(dated_slots(law, schedule, dates))
    for slot in slots:
        slot.lapsed_in_work = slot.due_by is not None and in_work_on(events, slot.due_by)
    violations = []
    for conversation in sorted(case.conversations, key=lambda c: c.date):
        violation = judge_conversation(law, schedule, slots, conversation, end)
        if violation is not None:
            violations.append(violation)
    obligations = tuple(
        Obligation(
            s.kind,
            s.number,
            s.owner,
            s.due_by,
            s.projected,
            s.in_person,
            s.akasse_role,
            status_of(s, case.as_of, end is not None),
            s.held_on,
            s.explanation,
        )
        for s in slots
    )
    return obligations, tuple(violations)


def _explanations(
    law: Law,
    case: Case,
    regime: Regime,
    dates: ClockDates,
    exhaustion: Crossing,
    consumed: Hours,
) -> dict[str, Explanation]:
    ins = case.member.insurance
    period = law.period.at(case.first_day, ins)
    exhaustion_text = (
        f"Dagpengeperioden på {hours_text(period)} timer er opbrugt ved udgangen af "
        f"{format_month(exhaustion.month)}"
        if exhaustion.month is not None
        else f"Dagpengeperioden på {hours_text(period)} timer: datoen kendes ikke endnu"
    )
    if exhaustion.projected:
        exhaustion_text += f" (fremskrevet med {hours_text(dates.monthly_norm)} timer pr. måned)"
    return {
        "regime": explain_regime(law, regime, case.first_day, case.member, case.trial),
        "hours_consumed": Explanation(
            rule="clock.consumed",
            text=f"Forbrug til og med {format_month(month_of(case.as_of))}: "
            f"{hours_text(consumed)} timer (udbetalte timer; suspenderede måneder tæller 0).",
            parameters={"hours_consumed": str(hours_to_decimal(consumed))},
            reference=law.reference("suspended_months", dt.date(2100, 1, 1)),
        ),
        "exhaustion_date": Explanation(
            rule="clock.exhaustion",
            text=exhaustion_text + ".",
            parameters={"period": str(hours_to_decimal(period))},
            reference=law.period.reference(case.first_day),
        ),
    }
