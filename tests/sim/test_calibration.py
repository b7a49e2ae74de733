"""The calibration check against the published figures, at the scale the suite can afford."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from akasse.sim.check import figures
from akasse.sim.config import SimError
from tests.helpers import copy_dataset


def test_it_reproduces_every_published_figure_at_small_scale(dataset: Path) -> None:
    rows = figures(dataset)
    failed = [
        f"{f.name}: {f.simulated:.1f} vs {f.published:.1f} ± {f.tolerance:.1f}"
        for f in rows
        if not f.ok
    ]
    assert failed == []
    assert len(rows) == 48
    assert [f.name for f in rows if not f.binding] == [
        "Afsluttede sep. 2020 - jan. 2022",
        "Afsluttede sep. 2020 - jan. 2023",
    ]


def test_it_fails_a_figure_that_is_out_of_tolerance(dataset: Path, tmp_path: Path) -> None:
    # Nobody answered the survey: the response-rate figures must fail.
    copy = copy_dataset(dataset, tmp_path / "copy")
    responses = pl.read_parquet(copy / "survey_responses.parquet")
    responses.with_columns(answered=pl.lit(False)).write_parquet(copy / "survey_responses.parquet")
    failed = [f.name for f in figures(copy) if not f.ok]
    assert failed == ["Svarprocent tilfredshedsmåling 2022", "Svarprocent tilfredshedsmåling 2023"]


def test_it_names_the_missing_table(dataset: Path, tmp_path: Path) -> None:
    copy = copy_dataset(dataset, tmp_path / "copy", without=("visitations.parquet",))
    with pytest.raises(SimError, match=r"table visitations is missing"):
        figures(copy)


def test_it_rejects_a_folder_that_is_not_a_dataset(tmp_path: Path) -> None:
    with pytest.raises(SimError, match=r"not a dataset \(manifest.json cannot be read"):
        figures(tmp_path)


def test_it_writes_the_manifest_with_row_counts(dataset: Path) -> None:
    manifest = json.loads((dataset / "manifest.json").read_text())
    assert manifest["scale"] == "small" and manifest["seed"] == 1
    for name, rows in manifest["tables"].items():
        assert (
            pl.scan_parquet(dataset / f"{name}.parquet").select(pl.len()).collect().item() == rows
        )


def test_it_names_a_column_of_the_wrong_type(dataset: Path, tmp_path: Path) -> None:
    copy = copy_dataset(dataset, tmp_path / "copy")
    weekly = pl.read_parquet(copy / "weekly_status.parquet").head(100)
    weekly.with_columns(pl.col("week").cast(pl.String)).write_parquet(
        copy / "weekly_status.parquet"
    )
    with pytest.raises(
        SimError, match=r"weekly_status.parquet: column week has type String, expected Int16"
    ):
        figures(copy)


def test_it_names_a_table_that_is_not_parquet(dataset: Path, tmp_path: Path) -> None:
    copy = copy_dataset(dataset, tmp_path / "copy")
    (copy / "conversations.parquet").write_text("not parquet")
    with pytest.raises(SimError, match=r"conversations.parquet: cannot be read as Parquet"):
        figures(copy)
