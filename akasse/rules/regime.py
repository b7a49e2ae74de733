"""Which contact-course regime applies to a spell (rules-reference §2)."""

from __future__ import annotations

import datetime as dt

from akasse.rules.law import Law
from akasse.rules.model import Explanation, Member, Regime
from akasse.rules.reference import Reference


def in_period(law: Law, regime: Regime, first_day: dt.date) -> bool:
    start, end = law.regime_periods[regime]
    return start <= first_day and (end is None or first_day <= end)


def trial_participation(
    law: Law, reference: Reference, member: Member, first_day: dt.date, trial: bool | None
) -> bool:
    """Whether the spell is in the trial: inside the trial's period, and either the input says
    so or the fund ran the trial in the member's municipality. Outside the period the input's
    ``trial`` flag cannot make a trial of it (the trial did not exist)."""
    if not in_period(law, Regime.TRIAL_2020, first_day):
        return False
    if trial is not None:
        return trial
    return reference.in_trial(member.fund, member.municipality)


def select_regime(law: Law, first_day: dt.date, in_trial: bool) -> Regime:
    """The regime by the spell's first unemployment day; trial_2020 when the spell is in the
    trial (``trial_participation``)."""
    if in_period(law, Regime.SIMPLIFIED_2024, first_day):
        return Regime.SIMPLIFIED_2024
    if in_trial:
        return Regime.TRIAL_2020
    if in_period(law, Regime.NORMAL_2020, first_day):
        return Regime.NORMAL_2020
    return Regime.PRE_2020


def explain_regime(
    law: Law, regime: Regime, first_day: dt.date, member: Member, trial: bool | None
) -> Explanation:
    start, end = law.regime_periods.get(regime, (None, None))
    how = {
        None: f"opslag af {member.fund} i kommune {member.municipality}",
        True: "angivet i sagen (trial: true)",
        False: "angivet i sagen (trial: false)",
    }[trial]
    text = f"Første ledighedsdag {first_day.isoformat()} giver ordningen {regime.value}"
    if regime is Regime.TRIAL_2020:
        text += f"; forsøgsdeltagelse: {how}"
    return Explanation(
        rule="regime",
        text=text + ".",
        parameters={
            "first_day": first_day.isoformat(),
            "period_start": start.isoformat() if start else "",
            "period_end": end.isoformat() if end else "",
        },
        reference=law.reference("regime_periods", dt.date(2100, 1, 1)),
    )
