"""The JSON contract of ``akasse plan``: parsing a case and writing a plan.

Parsing is strict: every problem is reported as an ``InputError`` naming the field (a path like
``conversations[0].kinds[1]``) and the value, so one line on standard error tells the user what
to fix.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from akasse.rules.dates import DateRangeError, parse_date, parse_month
from akasse.rules.model import (
    Case,
    Channel,
    Conversation,
    Event,
    EventKind,
    Explanation,
    Hours,
    Insurance,
    Kind,
    Member,
    Month,
    Obligation,
    Owner,
    Plan,
    hours_from_decimal,
    hours_to_decimal,
)
from akasse.rules.reference import Reference

E = TypeVar("E", bound=StrEnum)
_MAX_MONTH_HOURS = Decimal("744.00")  # 31 days x 24 hours


def _shown(value: Any) -> str:
    """The value as the user wrote it in JSON (decimals unquoted)."""
    if isinstance(value, Decimal):
        return str(value)
    return json.dumps(value, default=str, ensure_ascii=False)


class InputError(ValueError):
    def __init__(self, field: str, problem: str, value: Any = ...) -> None:
        shown = "" if value is ... else f" (got {_shown(value)})"
        super().__init__(f"{field}: {problem}{shown}")
        self.field = field


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise InputError("input", f"key {json.dumps(key)} appears twice in one object")
        seen[key] = value
    return seen


def loads(text: str) -> Any:
    """JSON with exact decimals and no duplicate keys."""
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise InputError(
            "input", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from exc
    except InputError:
        raise
    except (ValueError, RecursionError) as exc:  # e.g. a 5,000-digit number, deep nesting
        raise InputError("input", f"not accepted: {type(exc).__name__}: {exc}"[:200]) from exc


def _obj(raw: Any, field: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InputError(field, "must be a JSON object", raw)
    return raw


def _required(obj: dict[str, Any], key: str, field: str) -> Any:
    if key not in obj or obj[key] is None:
        raise InputError(field, "is missing")
    return obj[key]


def _date(raw: Any, field: str, bounded: bool = True) -> dt.date:
    """A date the planner computes with (``bounded``: within the supported years), or any
    real date (a birth date)."""
    if not isinstance(raw, str):
        raise InputError(field, "must be a date string YYYY-MM-DD", raw)
    try:
        return parse_date(raw, bounded)
    except DateRangeError as exc:
        raise InputError(field, str(exc), raw) from None
    except ValueError:
        raise InputError(field, "is not a valid date (write YYYY-MM-DD)", raw) from None


def _enum(cls: type[E], raw: Any, field: str) -> E:
    try:
        return cls(raw)
    except ValueError:
        allowed = ", ".join(m.value for m in cls)
        raise InputError(field, f"must be one of {allowed}", raw) from None


def _hours(raw: Any, field: str) -> Hours:
    plain_text = isinstance(raw, str) and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", raw)
    if isinstance(raw, bool) or not (isinstance(raw, int | Decimal) or plain_text):
        raise InputError(field, "must be a number of hours", raw)
    try:
        value = Decimal(raw) if not isinstance(raw, Decimal) else raw
    except InvalidOperation:
        raise InputError(field, "must be a number of hours", raw) from None
    if not value.is_finite() or value < 0 or value > _MAX_MONTH_HOURS:
        raise InputError(field, f"must be between 0 and {_MAX_MONTH_HOURS} hours", raw)
    if value != value.quantize(Decimal("0.01")):
        raise InputError(field, "has more than two decimals", raw)
    return hours_from_decimal(value)


def _hours_paid(raw: Any) -> dict[Month, Hours]:
    obj = _obj(raw, "hours_paid")
    paid: dict[Month, Hours] = {}
    for key, value in obj.items():
        field = f'hours_paid["{key}"]'
        try:
            month = parse_month(key)
        except DateRangeError as exc:
            raise InputError(field, str(exc), key) from None
        except ValueError:
            raise InputError(field, "is not a month (write YYYY-MM, month 01-12)", key) from None
        paid[month] = _hours(value, field)
    return paid


def _member(raw: Any, reference: Reference) -> Member:
    obj = _obj(_required({"member": raw}, "member", "member"), "member")
    fund = _required(obj, "fund", "member.fund")
    if not isinstance(fund, str) or not fund.strip():
        raise InputError("member.fund", "must be the fund's name, e.g. FOA-A", fund)
    municipality = _required(obj, "municipality", "member.municipality")
    if not isinstance(municipality, str) or municipality not in reference.municipalities:
        raise InputError(
            "member.municipality",
            'must be one of the 98 municipality codes, e.g. "0751"',
            municipality,
        )
    return Member(
        birth_date=_date(
            _required(obj, "birth_date", "member.birth_date"), "member.birth_date", bounded=False
        ),
        insurance=_enum(
            Insurance, _required(obj, "insurance", "member.insurance"), "member.insurance"
        ),
        fund=fund.strip(),
        municipality=municipality,
    )


def _list(raw: Any, field: str) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError(field, "must be a JSON list", raw)
    return raw


def _conversation(raw: Any, field: str) -> Conversation:
    obj = _obj(raw, field)
    kinds_raw = _list(_required(obj, "kinds", f"{field}.kinds"), f"{field}.kinds")
    if not kinds_raw:
        raise InputError(f"{field}.kinds", "must name at least one kind", kinds_raw)
    kinds = tuple(_enum(Kind, k, f"{field}.kinds[{j}]") for j, k in enumerate(kinds_raw))
    if len(set(kinds)) != len(kinds):
        raise InputError(f"{field}.kinds", "names the same kind twice", kinds_raw)
    owner = obj.get("owner")
    return Conversation(
        date=_date(_required(obj, "date", f"{field}.date"), f"{field}.date"),
        kinds=kinds,
        channel=_enum(Channel, _required(obj, "channel", f"{field}.channel"), f"{field}.channel"),
        owner=Owner.AKASSE if owner is None else _enum(Owner, owner, f"{field}.owner"),
    )


def _event(raw: Any, field: str) -> Event:
    obj = _obj(raw, field)
    return Event(
        date=_date(_required(obj, "date", f"{field}.date"), f"{field}.date"),
        kind=_enum(EventKind, _required(obj, "kind", f"{field}.kind"), f"{field}.kind"),
    )


def case_from_json(raw: Any, reference: Reference) -> Case:
    obj = _obj(raw, "input")
    trial = obj.get("trial")
    if trial is not None and not isinstance(trial, bool):
        raise InputError("trial", "must be true, false or null", trial)
    conversations = _list(obj.get("conversations"), "conversations")
    events = _list(obj.get("events"), "events")
    return Case(
        as_of=_date(_required(obj, "as_of", "as_of"), "as_of"),
        member=_member(obj.get("member"), reference),
        first_day=_date(
            _required(obj, "first_unemployment_day", "first_unemployment_day"),
            "first_unemployment_day",
        ),
        hours_paid=_hours_paid({} if obj.get("hours_paid") is None else obj["hours_paid"]),
        trial=trial,
        conversations=tuple(
            _conversation(c, f"conversations[{i}]") for i, c in enumerate(conversations)
        ),
        events=tuple(_event(e, f"events[{i}]") for i, e in enumerate(events)),
    )


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _explanation(e: Explanation) -> dict[str, Any]:
    return {"rule": e.rule, "text": e.text, "parameters": e.parameters, "reference": e.reference}


def _obligation_json(o: Obligation) -> dict[str, Any]:
    return {
        "kind": o.kind.value,
        "number": o.number,
        "owner": o.owner.value,
        "due_by": _iso(o.due_by),
        "projected": o.projected,
        "status": o.status.value,
        "held_on": _iso(o.held_on),
        "in_person_required": o.in_person_required,
        "akasse_role": o.akasse_role,
        "rule": o.explanation.rule,
        "reference": o.explanation.reference,
        "law": o.explanation.law,
        "explanation": o.explanation.text,
        "parameters": o.explanation.parameters,
    }


def plan_to_json(plan: Plan, as_of: dt.date) -> dict[str, Any]:
    """The output of ``akasse plan`` (docs/rules.md)."""
    return {
        "as_of": as_of.isoformat(),
        "regime": plan.regime.value,
        "trial": plan.trial,
        "transfer_date": _iso(plan.transfer_date),
        "projected": plan.projected,
        "hours_consumed": str(hours_to_decimal(plan.hours_consumed)),
        "threshold_hours": None
        if plan.threshold is None
        else str(hours_to_decimal(plan.threshold)),
        "in_work": plan.in_work,
        "spell_ended": _iso(plan.spell_ended),
        "obligations": [_obligation_json(o) for o in plan.obligations],
        "violations": [
            {
                "date": v.date.isoformat(),
                "code": v.code.value,
                "kinds": [k.value for k in v.kinds],
                "message": v.message,
            }
            for v in plan.violations
        ],
        "special_effort_due_by": _iso(plan.special_effort_due_by),
        "special_effort_projected": plan.special_effort_projected,
        "akutpakke_eligible": plan.akutpakke_eligible,
        "exhaustion_date": _iso(plan.exhaustion_date),
        "exhaustion_projected": plan.exhaustion_projected,
        "explanations": {k: _explanation(e) for k, e in plan.explanations.items()},
    }
