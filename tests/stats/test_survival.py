"""Survival curves against hand computations from the weekly status, and lifelines."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
from lifelines import KaplanMeierFitter

from akasse.stats.dataset import Dataset, Selection
from akasse.stats.survival import survival

COHORT = Selection(None, dt.date(2020, 9, 1), dt.date(2021, 3, 31))


def test_it_counts_the_share_on_dagpenge_week_by_week(dataset: Path) -> None:
    result = survival(Dataset(dataset), COHORT)
    spells = pl.read_parquet(dataset / "spells.parquet").filter(
        pl.col("first_day").is_between(COHORT.first, COHORT.last)
    )
    weekly = pl.read_parquet(dataset / "weekly_status.parquet").join(spells, on="spell_id")
    for trial, label in ((True, "forsøg"), (False, "ikke-forsøg")):
        for week in (0, 13, 26):
            rows = weekly.filter((pl.col("trial") == trial) & (pl.col("week") == week))
            expected = (rows["status"] == "dagpenge").mean()
            got = result.weekly.filter((pl.col("group") == label) & (pl.col("week") == week))
            assert got["with_return"].item() == expected
            assert got["followed"].item() == rows.height
            assert got["with_return_lower"].item() <= expected <= got["with_return_upper"].item()


def test_it_ends_the_curve_without_return_at_the_first_exit_as_lifelines_does(
    dataset: Path,
) -> None:
    # Every spell's follow-up ends at the data's end: the latest cohort is censored early.
    data = Dataset(dataset)
    spells = pl.read_parquet(dataset / "spells.parquet")
    late = Selection(None, dt.date(2023, 9, 1), dt.date(2023, 12, 31))
    result = survival(data, late)
    weekly = pl.read_parquet(dataset / "weekly_status.parquet").join(
        spells.filter(pl.col("first_day") >= late.first, ~pl.col("trial")), on="spell_id"
    )
    per_spell = (
        weekly.filter(pl.col("week") <= 26)
        .group_by("spell_id")
        .agg(
            last=pl.col("week").max(),
            exit=pl.col("week").filter(pl.col("status") != "dagpenge").min(),
        )
    )
    durations = per_spell["exit"].fill_null(per_spell["last"]).to_numpy()
    km = KaplanMeierFitter().fit(durations, per_spell["exit"].is_not_null().to_numpy())
    ours = result.weekly.filter(pl.col("group") == "ikke-forsøg").sort("week")
    expected = km.predict(ours["week"].to_numpy().astype(float)).to_numpy()
    np.testing.assert_allclose(ours["without_return"].to_numpy(), expected, atol=1e-9)
    assert (ours["without_return"] <= ours["with_return"] + 1e-12).all()


def test_it_gives_the_status_after_six_months(dataset: Path) -> None:
    status = survival(Dataset(dataset), COHORT).status
    sums = status.select(pl.sum_horizontal("employed", "dagpenge", "other"))
    assert np.allclose(sums.to_series().to_numpy(), 1.0)
    assert set(status["group"]) == {"forsøg", "ikke-forsøg"}


def test_it_shows_a_fund_without_comparison_group_as_such(dataset: Path) -> None:
    result = survival(Dataset(dataset), Selection(fund="SL-A"))
    assert set(result.weekly["group"]) == {"forsøg"}
    assert result.note is not None and result.note.startswith(
        "SL-A var med i forsøget i alle kommuner"
    )
    assert survival(Dataset(dataset), Selection(fund="HK-A")).note is None
