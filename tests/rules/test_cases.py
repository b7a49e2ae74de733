"""Rule cases written as YAML (tests/rules/cases/*.yaml), readable by legal staff.

Each case has a full-sentence ``name``, an ``input`` in the JSON contract of ``akasse plan`` and
an ``expect`` block. Listed top-level fields must be equal; listed obligations are matched by
kind, owner and number and only their listed fields compared; ``violations`` lists the codes
with their dates and must match exactly.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from akasse.rules import case_from_json, load_reference, plan, plan_to_json
from akasse.rules.jsonio import loads

CASES_DIR = Path(__file__).with_name("cases")


def _plain(value: Any) -> Any:
    """YAML dates become ISO strings, as in the JSON contract."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _load_cases() -> list[Any]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(_plain(case), id=f"{path.stem}: {case['name']}"))
    return cases


def run_case(raw_input: dict[str, Any]) -> dict[str, Any]:
    reference = load_reference()
    case = case_from_json(loads(json.dumps(raw_input)), reference)
    return plan_to_json(plan(case, reference=reference), case.as_of)


def _check_obligations(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> None:
    by_key = {(o["kind"], o["owner"], o["number"]): o for o in actual}
    for want in expected:
        key = (want["kind"], want.get("owner", "akasse"), want.get("number", 1))
        assert key in by_key, f"no obligation {key}; plan has {sorted(by_key)}"
        got = by_key[key]
        for field, value in want.items():
            assert got[field] == value, f"obligation {key} {field}: {got[field]!r} != {value!r}"


@pytest.mark.parametrize("case", _load_cases())
def test_it_plans_the_rule_case(case: dict[str, Any]) -> None:
    result = run_case(case["input"])
    expect = case["expect"]
    for field, value in expect.items():
        if field == "obligations":
            _check_obligations(value, result["obligations"])
        elif field == "obligation_count":
            assert len(result["obligations"]) == value
        elif field == "violations":
            got = [{"date": v["date"], "code": v["code"]} for v in result["violations"]]
            assert got == value
        else:
            assert result[field] == value, f"{field}: {result[field]!r} != {value!r}"


def test_it_has_rule_cases_for_every_regime() -> None:
    regimes = {run_case(c.values[0]["input"])["regime"] for c in _load_cases()}
    assert regimes == {"pre_2020", "normal_2020", "trial_2020", "simplified_2024"}
