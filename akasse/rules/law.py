"""The parameters in the shape the planners use them, resolved once and shared by
``plan`` (one case) and ``plan_frame`` (many spells)."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from akasse.rules.dates import parse_date, parse_month
from akasse.rules.model import Hours, Insurance, Kind, Month, Owner, Regime, hours_from_decimal
from akasse.rules.params import (
    LAW_PROBLEM,
    PARAMETER_DIR,
    Parameter,
    ParameterError,
    law_text_ok,
    load_parameters,
)

DueRule = tuple[str, int]  # ("days", 13) | ("months", 3) | ("transfer", 0) | ("cumulative", 16)


@dataclass(frozen=True)
class SlotRule:
    """One obligation of a regime's schedule, before it is dated for a case."""

    kind: Kind
    owner: Owner
    due: DueRule
    in_person: bool
    akasse_role: str
    reference: str
    law: str | None  # the paragraph; None where the sources name none


@dataclass(frozen=True)
class Schedule:
    regime: Regime
    merges: frozenset[frozenset[Kind]]
    slots: tuple[SlotRule, ...]
    special_effort_in_person: bool
    reference: str


@dataclass(frozen=True)
class DatedHours:
    """An hour quantity by insurance type, changing over time (looked up at a spell's first day)."""

    name: str
    starts: tuple[dt.date, ...]
    values: dict[Insurance, tuple[Hours, ...]]
    references: tuple[str, ...]

    def index(self, day: dt.date) -> int:
        i = bisect.bisect_right(self.starts, day) - 1
        if i < 0:
            raise ParameterError(f"{self.name}: no value in force on {day.isoformat()}")
        return i

    def at(self, day: dt.date, insurance: Insurance) -> Hours:
        return self.values[insurance][self.index(day)]

    def reference(self, day: dt.date) -> str:
        return self.references[self.index(day)]


def _dated_hours(param: Parameter) -> DatedHours:
    values = {
        ins: tuple(hours_from_decimal(Decimal(str(v.value[ins.value]))) for v in param.values)
        for ins in Insurance
    }
    return DatedHours(
        param.name,
        tuple(v.start for v in param.values),
        values,
        tuple(v.reference for v in param.values),
    )


def _due_rule(name: str, raw: Any) -> DueRule:
    if raw == "transfer":
        return ("transfer", 0)
    if isinstance(raw, dict) and len(raw) == 1:
        key, value = next(iter(raw.items()))
        if key == "days_after_first_day":
            return ("days", int(value))
        if key == "months_after_first_day":
            return ("months", int(value))
    raise ParameterError(f"{name}.yaml: due: {raw!r} is not a due rule")


def _slot_law(param: Parameter, index: int, raw: Any) -> str | None:
    """Every obligation names the paragraph it rests on, or null where the sources name none."""
    where = f"{param.name}.yaml: values[{len(param.values) - 1}].value.obligations[{index}].law"
    if not isinstance(raw, dict) or "law" not in raw:
        raise ParameterError(f"{where}: missing; {LAW_PROBLEM}")
    law = raw["law"]
    if not law_text_ok(law):
        raise ParameterError(f"{where}: {LAW_PROBLEM}")
    return law.strip() if isinstance(law, str) else None


def _schedule(regime: Regime, param: Parameter) -> Schedule:
    entry = param.entry_at(dt.date(2100, 1, 1))
    value = entry.value
    slots = tuple(
        SlotRule(
            kind=Kind(raw["kind"]),
            owner=Owner(raw["owner"]),
            due=_due_rule(param.name, raw["due"]),
            in_person=bool(raw["in_person"]),
            akasse_role=str(raw["akasse_role"]),
            reference=entry.reference,
            law=_slot_law(param, index, raw),
        )
        for index, raw in enumerate(value["obligations"])
    )
    merges = frozenset(frozenset(Kind(k) for k in pair) for pair in value["merges"])
    return Schedule(regime, merges, slots, bool(value["special_effort_in_person"]), entry.reference)


@dataclass(frozen=True)
class Akutpakke:
    """The 2012-13 akutpakke's dates and limits (parameters/akutpakke.yaml)."""

    start: dt.date
    end: dt.date
    max_remaining_weeks: int
    exhaustion_by: dt.date
    jobcentre_contact_months_after_letter: int
    joint_days_after_referral: int
    company_offer_approval_hours: int


@dataclass(frozen=True)
class Law:
    """Every parameter the planners need, for spells from 2010-07-01 on."""

    params: dict[str, Parameter]
    weekly_norm: DatedHours
    monthly_norm: DatedHours
    period: DatedHours
    threshold: DatedHours
    suspended: frozenset[Month]
    remote_windows: tuple[tuple[dt.date, dt.date], ...]
    regime_periods: dict[Regime, tuple[dt.date, dt.date | None]]
    special_effort_months: int
    special_effort_from: dt.date
    akutpakke: Akutpakke
    schedules: dict[Regime, Schedule]

    def reference(self, name: str, day: dt.date) -> str:
        return self.params[name].entry_at(day).reference

    def law_reference(self, name: str, day: dt.date) -> str | None:
        """The paragraph of the law behind the parameter's value in force on ``day`` (the
        earliest value for a day before it began), or None where the sources name none."""
        param = self.params[name]
        first = param.values[0]
        return (first if day < first.start else param.entry_at(day)).law

    def remote_counts(self, day: dt.date) -> bool:
        """Phone and video count as mandatory conversations on this day (covid-19 windows)."""
        return any(start <= day <= end for start, end in self.remote_windows)

    def is_suspended(self, month: Month) -> bool:
        return month in self.suspended


def _suspended(param: Parameter) -> frozenset[Month]:
    months: set[Month] = set()
    for start, end in param.at(dt.date(2100, 1, 1)):
        months.update(range(parse_month(start), parse_month(end) + 1))
    return frozenset(months)


def _date_pairs(raw: list[list[str]]) -> tuple[tuple[dt.date, dt.date], ...]:
    return tuple((_as_date(a), _as_date(b)) for a, b in raw)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else parse_date(str(value))


@cache
def load_law(directory: Path = PARAMETER_DIR) -> Law:
    params = load_parameters(directory)
    latest = dt.date(2100, 1, 1)
    _require_law(params["special_effort"])
    periods = {
        Regime(name): (_as_date(a), None if b is None else _as_date(b))
        for name, (a, b) in params["regime_periods"].at(latest).items()
    }
    raw_akut = params["akutpakke"].at(latest)
    akut = Akutpakke(
        start=_as_date(raw_akut["window"][0]),
        end=_as_date(raw_akut["window"][1]),
        max_remaining_weeks=int(raw_akut["max_remaining_weeks"]),
        exhaustion_by=_as_date(raw_akut["exhaustion_by"]),
        jobcentre_contact_months_after_letter=int(
            raw_akut["jobcentre_contact_months_after_letter"]
        ),
        joint_days_after_referral=int(raw_akut["joint_days_after_referral"]),
        company_offer_approval_hours=int(raw_akut["company_offer_approval_hours"]),
    )
    return Law(
        params=params,
        weekly_norm=_dated_hours(params["weekly_norm"]),
        monthly_norm=_dated_hours(params["monthly_norm"]),
        period=_dated_hours(params["dagpenge_period"]),
        threshold=_dated_hours(params["transfer_threshold"]),
        suspended=_suspended(params["suspended_months"]),
        remote_windows=_date_pairs(params["remote_channel_windows"].at(latest)),
        regime_periods=periods,
        special_effort_months=int(params["special_effort"].at(latest)),
        special_effort_from=params["special_effort"].values[0].start,
        akutpakke=akut,
        schedules={r: _schedule(r, params[f"schedule_{r.value}"]) for r in Regime},
    )


def _require_law(param: Parameter) -> None:
    """A parameter that dates an obligation names the paragraph of every value."""
    for index, value in enumerate(param.values):
        if value.law is None:
            raise ParameterError(f"{param.name}.yaml: values[{index}].law: missing; {LAW_PROBLEM}")


def first_supported_day(law: Law) -> dt.date:
    """Spells must start on or after the first day the hour clock's parameters have values."""
    return max(q.starts[0] for q in (law.weekly_norm, law.monthly_norm, law.period))


__all__ = [
    "DatedHours",
    "Law",
    "Schedule",
    "SlotRule",
    "first_supported_day",
    "load_law",
]
