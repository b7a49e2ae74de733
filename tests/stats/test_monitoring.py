"""Monitoring tables against direct counts from the visitations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from akasse.stats.dataset import Dataset, Selection
from akasse.stats.monitoring import monitoring
from tests.helpers import copy_dataset


def test_it_counts_referred_exited_and_covered_per_month(dataset: Path) -> None:
    m = monitoring(Dataset(dataset), Selection())
    visits = pl.read_parquet(dataset / "visitations.parquet")
    assert m.monthly["referred"].sum() == visits.height
    for month_end in (dt.date(2020, 12, 31), dt.date(2021, 6, 30), dt.date(2023, 1, 31)):
        covered = visits.filter(
            (pl.col("referred_on") <= month_end) & (pl.col("exit_on") > month_end)
        ).height
        row = m.monthly.filter(pl.col("month") == month_end.replace(day=1))
        assert row["covered"].sum() == covered
    used = visits.filter(pl.col("exit_reason") == "period_used").height
    assert m.monthly["exited_period_used"].sum() == used


def test_it_shares_conversations_per_full_period_participant(dataset: Path) -> None:
    m = monitoring(Dataset(dataset), Selection(fund="3F-A"))
    row = m.conversations.filter(pl.col("fund") == "I alt")
    shares = row.select("share_0", "share_1", "share_2", "share_3_plus").row(0)
    assert abs(sum(shares) - 1) < 1e-12
    assert set(m.conversations["fund"]) == {"3F-A", "I alt"}


def test_it_reports_placements_against_the_2021_target(dataset: Path) -> None:
    placements = monitoring(Dataset(dataset), Selection()).placements
    row = placements.filter((pl.col("fund") == "3F-A") & (pl.col("year") == 2021))
    assert row["target"].item() == 1500
    assert (
        placements.filter(pl.col("year") != 2021)["target"].null_count()
        == placements.filter(pl.col("year") != 2021).height
    )


def test_it_dates_an_export_without_manifest_by_its_last_month_of_hours(
    dataset: Path, tmp_path: Path
) -> None:
    copy = copy_dataset(dataset, tmp_path / "copy", without=("manifest.json",))
    last = pl.read_parquet(dataset / "hours.parquet")["month"].max()
    assert isinstance(last, dt.date)
    as_of = Dataset(copy).as_of
    assert (as_of.year, as_of.month) == (last.year, last.month) and (
        as_of + dt.timedelta(days=1)
    ).day == 1
