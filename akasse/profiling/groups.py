"""Target groups (1, 2a, 2b) from the risk and the member's inputs, and the activity catalogue
(``activities.yaml``): conditions written in YAML, read for one member or a whole table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from akasse.profiling.spec import HERE, SpecError

ACTIVITIES = HERE / "activities.yaml"
OPERATORS = ("is", "at_least", "in")
GROUPS = ("1", "2a", "2b")


@dataclass(frozen=True)
class Condition:
    """``feature`` is ``value`` / at least ``value`` / one of ``value``; an unanswered input
    never meets a condition."""

    feature: str
    op: str
    value: Any
    reason: str = ""

    def holds(self, inputs: Mapping[str, Any]) -> bool:
        value = inputs.get(self.feature)
        if value is None:
            return False
        if self.op == "is":
            return bool(value == self.value)
        if self.op == "at_least":
            return bool(value >= self.value)
        return value in self.value

    def expr(self, columns: Sequence[str]) -> pl.Expr:
        if self.feature not in columns:
            return pl.lit(False)
        col = pl.col(self.feature)
        met: pl.Expr
        if self.op == "is":
            met = col == self.value
        elif self.op == "at_least":
            met = col >= self.value
        else:
            met = col.is_in(list(self.value))
        return met.fill_null(value=False)


def condition(raw: Any, where: str) -> Condition:
    """A condition from its YAML (or model file) form, checked."""
    ops = [op for op in OPERATORS if isinstance(raw, dict) and op in raw]
    if not isinstance(raw, dict) or "feature" not in raw or len(ops) != 1:
        raise SpecError(f"{where}: give feature and one of {', '.join(OPERATORS)}")
    value = raw[ops[0]]
    if ops[0] == "in" and not isinstance(value, list):
        raise SpecError(f"{where}.in: give a list")
    return Condition(str(raw["feature"]), ops[0], value, str(raw.get("reason", "")))


def change_field(rules: Mapping[str, Any]) -> list[Condition]:
    return [
        condition(raw, f"target_groups.change_field[{k}]")
        for k, raw in enumerate(rules["change_field"])
    ]


def target_group(
    risk: float, inputs: Mapping[str, Any], rules: Mapping[str, Any]
) -> tuple[str, list[str]]:
    """Group 1 below the threshold; at or above it 2b when a change-of-field condition holds
    (with the reasons), else 2a."""
    if risk < float(rules["threshold"]):
        return "1", []
    reasons = [c.reason for c in change_field(rules) if c.holds(inputs)]
    return ("2b", reasons) if reasons else ("2a", [])


def target_group_expr(risk: pl.Expr, columns: Sequence[str], rules: Mapping[str, Any]) -> pl.Expr:
    """The same for every row of a table."""
    conditions = [c.expr(columns) for c in change_field(rules)]
    change = pl.any_horizontal(conditions) if conditions else pl.lit(False)
    return (
        pl.when(risk < float(rules["threshold"]))
        .then(pl.lit("1"))
        .when(change)
        .then(pl.lit("2b"))
        .otherwise(pl.lit("2a"))
    )


@dataclass(frozen=True)
class Activity:
    code: str
    title: str
    groups: tuple[str, ...]
    when: tuple[Condition, ...] = ()

    def suits(self, group: str, inputs: Mapping[str, Any]) -> bool:
        return group in self.groups and (not self.when or any(c.holds(inputs) for c in self.when))


@cache
def load_catalogue(path: Path = ACTIVITIES) -> tuple[Activity, ...]:
    """The activity catalogue, checked."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("activities"), list):
        raise SpecError(f"{path.name}: activities: expected a list")
    out = []
    for k, item in enumerate(raw["activities"]):
        where = f"{path.name}: activities[{k}]"
        if not isinstance(item, dict) or not item.get("code") or not item.get("title"):
            raise SpecError(f"{where}: give code and title")
        groups = tuple(str(g) for g in item.get("groups", []))
        if not groups or any(g not in GROUPS for g in groups):
            raise SpecError(f"{where}.groups: give some of {', '.join(GROUPS)}")
        when = tuple(condition(c, f"{where}.when[{j}]") for j, c in enumerate(item.get("when", [])))
        out.append(Activity(str(item["code"]), str(item["title"]), groups, when))
    return tuple(out)


def suggest(
    group: str, inputs: Mapping[str, Any], catalogue: Sequence[Activity] | None = None
) -> list[Activity]:
    """The catalogue's activities for a member of ``group``."""
    return [a for a in (catalogue or load_catalogue()) if a.suits(group, inputs)]
