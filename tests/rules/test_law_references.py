"""Every obligation names the paragraph of the law it rests on (``law``), beside the source of
its parameter values (``reference``); where the sources name no paragraph the YAML says so
with null, and a schedule that forgets the key fails on load naming the file and the key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from akasse.rules import Regime
from akasse.rules.law import load_law
from akasse.rules.params import PARAMETER_DIR, ParameterError
from tests.rules.test_cases import run_case

LAB = "Lov om en aktiv beskæftigelsesindsats"


def _case(first_day: str, as_of: str, trial: bool, hours: dict[str, float]) -> dict[str, object]:
    return {
        "as_of": as_of,
        "member": {
            "birth_date": "1980-01-01",
            "insurance": "full_time",
            "fund": "FOA-A",
            "municipality": "0751",
        },
        "first_unemployment_day": first_day,
        "trial": trial,
        "hours_paid": hours,
    }


def test_it_names_the_law_or_says_the_sources_name_none_for_every_obligation() -> None:
    law = load_law()
    for regime in Regime:
        for slot in law.schedules[regime].slots:
            assert slot.law is None or "§" in slot.law or "Bekendtgørelse" in slot.law
            assert slot.law is None or "Seed" not in slot.law


def test_it_gives_the_paragraphs_of_the_simplified_course_in_the_plan() -> None:
    result = run_case(_case("2024-02-05", "2024-02-10", False, {"2024-02": 37.0}))
    laws = {(o["kind"], o["owner"], o["number"]): o["law"] for o in result["obligations"]}
    assert (
        laws[("job", "akasse", 1)]
        == f"{LAB} § 31, stk. 1 og 4 (lovbekendtgørelse nr. 280 af 1. marts 2024)"
    )
    assert (
        laws[("job", "jobcenter", 1)]
        == f"{LAB} § 31, stk. 1 og 2 (lovbekendtgørelse nr. 280 af 1. marts 2024)"
    )
    assert (
        laws[("job", "jobcenter", 2)]
        == f"{LAB} § 31, stk. 1 (lovbekendtgørelse nr. 280 af 1. marts 2024)"
    )


def test_it_leaves_the_law_empty_where_the_sources_name_no_paragraph() -> None:
    result = run_case(_case("2022-03-07", "2022-03-14", False, {"2022-03": 37.0}))
    laws = {(o["kind"], o["owner"], o["number"]): o["law"] for o in result["obligations"]}
    assert laws[("cv", "akasse", 1)] is None
    assert laws[("availability", "akasse", 2)] is None
    assert laws[("joint", "jobcenter", 2)] == (
        f"{LAB} § 31, stk. 2, nr. 2 (lovbekendtgørelse nr. 701 af 22. maj 2022)"
    )


@pytest.mark.parametrize(
    ("first_day", "paragraph"),
    [
        ("2016-01-04", f"{LAB} § 16 a, stk. 3, og § 16 b"),
        ("2019-06-03", f"{LAB} § 32, stk. 2 (lov nr. 548 af 7. maj 2019)"),
    ],
)
def test_it_cites_the_special_effort_as_the_law_stood_when_it_is_due(
    first_day: str, paragraph: str
) -> None:
    """The 2019 act (in force 2020-01-01) renumbered the 16-month joint conversation; a spell
    from June 2019 reaches 16 months in 2020."""
    months = [f"{first_day[:4]}-{m:02d}" for m in range(int(first_day[5:7]), 13)]
    result = run_case(_case(first_day, first_day, False, dict.fromkeys(months, 160.33)))
    [special] = [o for o in result["obligations"] if o["rule"] == "special_effort.joint"]
    assert special["law"].startswith(paragraph)
    assert special["reference"].startswith("Seed 004")


def test_it_names_the_file_and_key_of_an_obligation_without_law(tmp_path: Path) -> None:
    copy = tmp_path / "parameters"
    shutil.copytree(PARAMETER_DIR, copy)
    path = copy / "schedule_normal_2020.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("akasse_role: owner, law: null}", "akasse_role: owner}", 1))
    with pytest.raises(ParameterError) as error:
        load_law(copy)
    assert str(error.value).startswith(
        "schedule_normal_2020.yaml: values[0].value.obligations[0].law: missing; must name the "
        "law or bekendtgørelse and its paragraph"
    )


def test_it_refuses_an_empty_law_of_a_special_effort_value(tmp_path: Path) -> None:
    copy = tmp_path / "parameters"
    shutil.copytree(PARAMETER_DIR, copy)
    path = copy / "special_effort.yaml"
    text = path.read_text(encoding="utf-8")
    paragraph = '"Lov om en aktiv beskæftigelsesindsats § 32, stk. 2 (lov nr. 548 af 7. maj 2019)"'
    assert paragraph in text
    path.write_text(text.replace(paragraph, '" "'))
    with pytest.raises(ParameterError, match=r"^special_effort\.yaml: values\[1\]\.law: must name"):
        load_law(copy)
