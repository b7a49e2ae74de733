"""Parameter files: every value dated and referenced, errors naming file and key."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from akasse.rules import Case, Insurance, Member, plan
from akasse.rules.law import load_law
from akasse.rules.params import PARAMETER_DIR, ParameterError, load_parameter, load_parameters


def test_it_gives_every_value_of_every_parameter_a_reference() -> None:
    params = load_parameters()
    assert len(params) >= 12
    for parameter in params.values():
        assert parameter.description and parameter.unit
        for value in parameter.values:
            assert len(value.reference) > 20, parameter.name


def test_it_looks_values_up_by_date() -> None:
    threshold = load_parameters()["transfer_threshold"]
    assert threshold.at(dt.date(2020, 9, 1)) == {"full_time": "410.00", "part_time": "333.00"}
    assert "2024" in threshold.entry_at(dt.date(2024, 1, 1)).reference
    with pytest.raises(
        ParameterError, match=r"^transfer_threshold: no value in force on 2020-08-31"
    ):
        threshold.at(dt.date(2020, 8, 31))


def _broken(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monthly_norm.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "description: x\nunit: h\nvalues:\n  - from: 2010-07-01\n    value: 1\n",
            "monthly_norm.yaml: values[0]: missing reference",
        ),
        (
            "description: x\nunit: h\nvalues:\n  - from: soon\n    value: 1\n    reference: r\n",
            "monthly_norm.yaml: values[0].from: 'soon' is not a date (write YYYY-MM-DD)",
        ),
        (
            "description: x\nunit: h\nvalues:\n  - from: 2010-07-01\n    value: 1\n"
            "    reference: ''\n",
            "monthly_norm.yaml: values[0].reference: every value needs a legal reference",
        ),
        ("description: x\nvalues: []\n", "monthly_norm.yaml: unit: missing"),
        (
            "description: x\nunit: h\nvalues: []\n",
            "monthly_norm.yaml: values: must be a non-empty list",
        ),
        ("description: [x\n", "monthly_norm.yaml: not valid YAML"),
    ],
)
def test_it_names_the_file_and_key_of_a_bad_parameter(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(ParameterError) as error:
        load_parameter(_broken(tmp_path, text))
    assert str(error.value).startswith(message)


def test_it_refuses_values_out_of_date_order(tmp_path: Path) -> None:
    text = (
        "description: x\nunit: h\nvalues:\n"
        "  - {from: 2024-01-01, value: 1, reference: later}\n"
        "  - {from: 2020-01-01, value: 2, reference: earlier}\n"
    )
    with pytest.raises(ParameterError, match=r"values: must be in order of their from dates$"):
        load_parameter(_broken(tmp_path, text))


def test_it_plans_with_a_changed_amount_without_code_changes(tmp_path: Path) -> None:
    """Amounts change in YAML: a copy of the parameters with another threshold moves the
    transfer."""
    copy = tmp_path / "parameters"
    shutil.copytree(PARAMETER_DIR, copy)
    path = copy / "transfer_threshold.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('"410.00"', '"200.00"'), encoding="utf-8"
    )
    case = Case(
        as_of=dt.date(2022, 6, 30),
        member=Member(dt.date(1980, 1, 1), Insurance.FULL_TIME, "FOA-A", "0751"),
        first_day=dt.date(2022, 3, 1),
        hours_paid={626: 16033, 627: 16033, 628: 16033},
        trial=True,
    )
    assert plan(case).transfer_date == dt.date(2022, 5, 31)
    assert plan(case, law=load_law(copy)).transfer_date == dt.date(2022, 4, 30)
