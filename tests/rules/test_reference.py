"""Reference data: municipalities, free municipalities and trial lists with an override."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from akasse.rules.reference import ReferenceDataError, load_reference


def _override(tmp_path: Path, text: str) -> Path:
    """A fund administrator's override file."""
    path = tmp_path / "lists.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_knows_all_98_municipalities_and_the_15_free_ones() -> None:
    reference = load_reference()
    assert len(reference.municipalities) == 98
    assert reference.municipalities["0751"] == "Aarhus"
    assert len(reference.free_municipalities) == 15
    assert "0851" in reference.free_municipalities  # Aalborg


@pytest.mark.parametrize("fund", ["Dansk Metal-A", "FOA-A", "SL-A"])
def test_it_puts_the_nationwide_funds_in_83_municipalities(fund: str) -> None:
    reference = load_reference()
    trial = reference.funds[fund].municipalities
    assert trial is not None
    assert len(trial) == 83
    assert not trial & reference.free_municipalities


def test_it_counts_the_bundled_lists_as_the_seeds_do() -> None:
    funds = load_reference().funds
    assert {f: len(t.municipalities or ()) for f, t in funds.items() if t.municipalities} == {
        "BUPL-A": 7,
        "Dansk Metal-A": 83,
        "FOA-A": 83,
        "MA-A": 4,
        "SL-A": 83,
    }


def test_it_refuses_a_lookup_for_a_list_nobody_configured() -> None:
    with pytest.raises(ReferenceDataError, match=r"^trial: the trial municipalities of HK-A"):
        load_reference().in_trial("HK-A", "0101")


def test_it_takes_a_fund_administrators_list_from_the_override_file(tmp_path: Path) -> None:
    reference = load_reference()
    codes = sorted(set(reference.municipalities) - reference.free_municipalities)[:10]
    override = _override(
        tmp_path,
        "funds:\n  Min-A:\n    municipality_count: 10\n    scope: list\n"
        f"    municipalities: {codes}\n",
    )
    reference = load_reference(override)
    assert reference.in_trial("Min-A", codes[0]) is True
    assert reference.in_trial("Min-A", "0751") is ("0751" in codes)
    assert reference.funds["FOA-A"].municipalities == load_reference().funds["FOA-A"].municipalities


def test_it_rejects_a_list_whose_length_is_not_the_count(tmp_path: Path) -> None:
    override = _override(
        tmp_path,
        "funds:\n  MA-A:\n    municipality_count: 4\n    scope: list\n"
        '    municipalities: ["0101", "0147"]\n',
    )
    with pytest.raises(
        ReferenceDataError,
        match=r"^lists.yaml: funds.MA-A: lists 2 municipalities but municipality_count is 4$",
    ):
        load_reference(override)


def test_it_rejects_an_unknown_municipality_code(tmp_path: Path) -> None:
    override = _override(
        tmp_path,
        'funds:\n  HK-A:\n    scope: list\n    municipalities: ["0101", "9999"]\n',
    )
    with pytest.raises(ReferenceDataError, match=r"funds.HK-A.municipalities: unknown codes"):
        load_reference(override)


def test_it_rejects_a_free_municipality_in_a_trial_list(tmp_path: Path) -> None:
    override = _override(
        tmp_path,
        'funds:\n  HK-A:\n    scope: list\n    municipalities: ["0101", "0851"]\n',
    )
    with pytest.raises(ReferenceDataError, match=r"\['0851'\] are free municipalities"):
        load_reference(override)


def test_it_reads_the_override_named_in_the_environment(tmp_path: Path) -> None:
    override = _override(
        tmp_path,
        "funds:\n  HK-A:\n    municipality_count: 1\n    scope: list\n"
        '    municipalities: ["0101"]\n',
    )
    case = (
        '{"as_of": "2022-04-20", "first_unemployment_day": "2022-03-07", "trial": null,'
        ' "member": {"birth_date": "1984-05-02", "insurance": "full_time", "fund": "HK-A",'
        ' "municipality": "0101"}}'
    )
    result = subprocess.run(
        [sys.executable, "-m", "akasse.cli", "plan", "-"],
        input=case,
        text=True,
        capture_output=True,
        env={"AKASSE_TRIAL_LISTS": str(override), "PATH": "/usr/bin"},
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert '"regime": "trial_2020"' in result.stdout
