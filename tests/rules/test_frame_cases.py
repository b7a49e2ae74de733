"""The YAML rule cases (tests/rules/cases) through ``plan_frame``: each case's input becomes a
``Case`` as for ``plan``, then ``plan_frame``'s tables through ``cases_to_tables``, and every
expectation on a field ``plan_frame`` gives must hold."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from akasse.rules import case_from_json, load_reference, plan_frame
from akasse.rules.frame_tables import cases_to_tables
from akasse.rules.jsonio import loads

from .test_cases import _check_obligations, _load_cases, run_case

# What ``plan`` tells that ``plan_frame`` does not: the threshold, the explanations.
NOT_IN_FRAME = {"threshold_hours"}
CASES = _load_cases()


def _json(value: Any) -> Any:
    """A table's value as the JSON contract writes it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def frame_result(raw_input: dict[str, Any]) -> dict[str, Any]:
    """The case planned by ``plan_frame``, in the shape of ``plan_to_json``'s output."""
    reference = load_reference()
    case = case_from_json(loads(json.dumps(raw_input)), reference)
    result = plan_frame(*cases_to_tables([case]), reference=reference)

    def rows(table: Any) -> list[dict[str, Any]]:
        return [
            {k: _json(v) for k, v in row.items()}
            for row in table.drop("spell_id").iter_rows(named=True)
        ]

    (spell,) = rows(result.spells)
    return {**spell, "obligations": rows(result.obligations), "violations": rows(result.violations)}


@pytest.mark.parametrize("case", CASES)
def test_it_meets_the_rule_case_with_plan_frame(case: dict[str, Any]) -> None:
    result = frame_result(case["input"])
    expect = {k: v for k, v in case["expect"].items() if k not in NOT_IN_FRAME}
    assert expect, "the case expects nothing plan_frame gives"
    _check_obligations(expect.pop("obligations", []), result["obligations"])
    if "obligation_count" in expect:
        assert len(result["obligations"]) == expect.pop("obligation_count")
    assert {k: result[k] for k in expect} == expect


def test_it_leaves_out_only_what_plan_frame_does_not_give() -> None:
    raw = CASES[0].values[0]["input"]
    per_case = set(run_case(raw)) - {"as_of", "explanations"}
    assert per_case - set(frame_result(raw)) == NOT_IN_FRAME
