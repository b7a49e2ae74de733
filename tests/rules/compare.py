"""Both planners' answers in one comparable shape: per spell, the spell's fields, its
obligations in order and its violations."""

from __future__ import annotations

from typing import Any

import polars as pl

from akasse.rules import Plan, PlanFrame
from akasse.rules.model import hours_to_decimal

Rows = tuple[dict[str, Any], list[tuple[Any, ...]], list[tuple[Any, ...]]]

OBLIGATION_FIELDS = [
    "kind",
    "number",
    "owner",
    "due_by",
    "projected",
    "in_person_required",
    "akasse_role",
    "status",
    "held_on",
]


def plan_rows(plan: Plan) -> Rows:
    spell = {
        "regime": plan.regime.value,
        "trial": plan.trial,
        "transfer_date": plan.transfer_date,
        "projected": plan.projected,
        "hours_consumed": hours_to_decimal(plan.hours_consumed),
        "special_effort_due_by": plan.special_effort_due_by,
        "special_effort_projected": plan.special_effort_projected,
        "exhaustion_date": plan.exhaustion_date,
        "exhaustion_projected": plan.exhaustion_projected,
        "akutpakke_eligible": plan.akutpakke_eligible,
        "in_work": plan.in_work,
        "spell_ended": plan.spell_ended,
    }
    obligations = [
        (
            o.kind.value,
            o.number,
            o.owner.value,
            o.due_by,
            o.projected,
            o.in_person_required,
            o.akasse_role,
            o.status.value,
            o.held_on,
        )
        for o in plan.obligations
    ]
    violations = [(v.date, v.code.value) for v in plan.violations]
    return spell, obligations, violations


def _by_spell(frame: pl.DataFrame, columns: list[str]) -> dict[int, list[tuple[Any, ...]]]:
    rows: dict[int, list[tuple[Any, ...]]] = {}
    for spell_id, *values in frame.select("spell_id", *columns).iter_rows():
        rows.setdefault(spell_id, []).append(tuple(values))
    return rows


def frame_rows(frame: PlanFrame) -> dict[int, Rows]:
    """Every spell's rows; the obligation table lists each spell's obligations in order."""
    obligations = _by_spell(frame.obligations, OBLIGATION_FIELDS)
    violations = _by_spell(frame.violations, ["date", "code"])
    return {
        row.pop("spell_id"): (row, obligations.get(spell_id, []), violations.get(spell_id, []))
        for row in frame.spells.iter_rows(named=True)
        for spell_id in [row["spell_id"]]
    }
