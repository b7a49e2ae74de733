"""``akasse report`` as a real process: the three formats, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook

from tests.helpers import copy_dataset

AKASSE = [sys.executable, "-m", "akasse.cli", "report"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*AKASSE, *args], capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("kind", "figures"), [("monitoring", 2), ("survival", 2), ("survey", 1), ("effect", 1)]
)
def test_it_writes_html_excel_and_json(
    dataset: Path, tmp_path: Path, kind: str, figures: int
) -> None:
    for fmt in ("html", "xlsx", "json"):
        out = tmp_path / f"{kind}.{fmt}"
        result = run(kind, "--data", str(dataset), "--format", fmt, "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"Rapport skrevet: {out}\n"
    page = (tmp_path / f"{kind}.html").read_text(encoding="utf-8")
    assert "<html lang='da'>" in page and "<h2>Metode</h2>" in page
    assert page.count("<img") == figures
    assert "<h2>Hovedpointer</h2><ul><li>" in page
    content = json.loads((tmp_path / f"{kind}.json").read_text())
    book = load_workbook(tmp_path / f"{kind}.xlsx")
    assert book.sheetnames == ["Om rapporten", *content["tables"]]


def test_it_names_the_missing_table(dataset: Path, tmp_path: Path) -> None:
    copy = copy_dataset(dataset, tmp_path / "copy", without=("weekly_status.parquet",))
    result = run(
        "survival", "--data", str(copy), "--format", "json", "--out", str(tmp_path / "x.json")
    )
    assert result.returncode == 2
    assert (
        result.stderr
        == f"akasse: {copy}: table weekly_status is missing (weekly_status.parquet not found)\n"
    )
    assert not (tmp_path / "x.json").exists()


def test_it_names_a_missing_column(dataset: Path, tmp_path: Path) -> None:
    copy = copy_dataset(dataset, tmp_path / "copy")
    pl.read_parquet(copy / "visitations.parquet").drop("exit_reason").write_parquet(
        copy / "visitations.parquet"
    )
    result = run("monitoring", "--data", str(copy), "--out", str(tmp_path / "x.html"))
    assert result.returncode == 2
    assert (
        result.stderr == f"akasse: {copy / 'visitations.parquet'}: column exit_reason is missing\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fund", "XYZ-A"], "akasse: --fund 'XYZ-A': not in this dataset ("),
        (
            ["--from", "2030-01"],
            "akasse: no spells in the selection: alle a-kasser, "
            "første ledighedsdag 2030-01 til slut\n",
        ),
        (["--from", "2021-13"], "akasse: --from '2021-13': give a month as YYYY-MM\n"),
        (
            ["--from", "2022-01", "--to", "2021-01"],
            "akasse: --from 2022-01 is after --to 2021-01\n",
        ),
        (["--format", "pdf"], "akasse: --format 'pdf': choose one of json, xlsx, html\n"),
    ],
)
def test_it_rejects_a_bad_selection(
    dataset: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    result = run("monitoring", "--data", str(dataset), "--out", str(tmp_path / "x.html"), *args)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert not (tmp_path / "x.html").exists()
