"""Helpers to compare ``plan`` with ``plan_frame`` row by row."""

from __future__ import annotations

from typing import Any

import polars as pl

from akasse.rules import Plan, PlanFrame
from akasse.rules.model import hours_to_decimal


def plan_rows(plan: Plan) -> tuple[dict[str, Any], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
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


def frame_rows(
    frame: PlanFrame, spell_id: int
) -> tuple[dict[str, Any], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    spell = frame.spells.filter(pl.col("spell_id") == spell_id).drop("spell_id").row(0, named=True)
    obligations = [
        tuple(r)
        for r in frame.obligations.filter(pl.col("spell_id") == spell_id)
        .sort("position")
        .select(
            "kind",
            "number",
            "owner",
            "due_by",
            "projected",
            "in_person_required",
            "akasse_role",
            "status",
            "held_on",
        )
        .iter_rows()
    ]
    violations = [
        tuple(r)
        for r in frame.violations.filter(pl.col("spell_id") == spell_id)
        .select("date", "code")
        .iter_rows()
    ]
    return spell, obligations, violations
