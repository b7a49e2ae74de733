"""The joblog: applications in weeks on dagpenge, fewer and with more empty weeks at high risk
and in the holidays, and an application for each relevant presented opening."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

AS_OF = dt.date(2024, 12, 31)


@pytest.fixture(scope="module")
def weeks(dataset: Path) -> pl.DataFrame:
    """Every dagpenge week begun by the data's end, with its entries (0 for a gap)."""
    spells = pl.read_parquet(dataset / "spells.parquet").select("spell_id", "first_day")
    weekly = (
        pl.read_parquet(dataset / "weekly_status.parquet")
        .filter(pl.col("status") == "dagpenge")
        .join(spells, on="spell_id")
        .with_columns(monday=pl.col("first_day") + pl.duration(days=pl.col("week") * 7))
    )
    entries = (
        pl.read_parquet(dataset / "joblog.parquet")
        .filter(pl.col("opening_id").is_null())
        .join(spells, on="spell_id")
        .with_columns(week=((pl.col("applied_on") - pl.col("first_day")).dt.total_days() // 7))
        .group_by("spell_id", "week")
        .agg(entries=pl.len())
    )
    risk = pl.read_parquet(dataset / "truth.parquet").select("spell_id", "true_risk")
    return (
        weekly.with_columns(pl.col("week").cast(pl.Int64))
        .join(entries, on=["spell_id", "week"], how="left")
        .with_columns(pl.col("entries").fill_null(0))
        .join(risk, on="spell_id")
    )


def test_it_records_applications_only_in_weeks_on_dagpenge(
    dataset: Path, weeks: pl.DataFrame
) -> None:
    log = pl.read_parquet(dataset / "joblog.parquet")
    own = log.filter(pl.col("opening_id").is_null()).height
    assert weeks["entries"].sum() == own
    assert log["applied_on"].max() <= AS_OF  # type: ignore[operator]
    assert log["entry_id"].to_list() == list(range(1, log.height + 1))
    assert set(log["channel"]) == {"portal", "email", "unsolicited", "in_person", "phone"}
    per_week = own / weeks.height
    assert 0.4 < per_week < 0.9


def test_it_leaves_more_weeks_empty_and_logs_less_at_high_risk(weeks: pl.DataFrame) -> None:
    by_risk = (
        weeks.group_by(pl.col("true_risk").qcut(4, labels=list("1234")))
        .agg(gap=(pl.col("entries") == 0).mean(), mean=pl.col("entries").mean())
        .sort("true_risk")
    )
    gaps, means = by_risk["gap"].to_list(), by_risk["mean"].to_list()
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0] + 0.1
    assert means == sorted(means, reverse=True)
    full = weeks.filter(pl.col("entries") > 0)
    assert full["entries"].min() == 1


def test_it_logs_less_in_july_and_december(weeks: pl.DataFrame) -> None:
    by_month = weeks.group_by(month=pl.col("monday").dt.month()).agg(pl.col("entries").mean())
    mean = dict(zip(by_month["month"], by_month["entries"], strict=True))
    others = [v for m, v in mean.items() if m not in (7, 12)]
    assert mean[7] < 0.8 * min(others) and mean[12] < 0.9 * min(others)


def test_it_applies_for_the_relevant_openings_presented(dataset: Path) -> None:
    shown = pl.read_parquet(dataset / "job_presentations.parquet").filter(pl.col("relevant"))
    log = pl.read_parquet(dataset / "joblog.parquet").filter(pl.col("opening_id").is_not_null())
    openings = pl.read_parquet(dataset / "job_openings.parquet")
    employers = pl.read_parquet(dataset / "employers.parquet").select(
        employer_cvr="cvr", employer_name="name"
    )
    lag = (pl.col("applied_on") - pl.col("presented_on")).dt.total_days()
    answers = (
        log.join(shown, on=["spell_id", "opening_id"])
        .filter(lag.is_between(1, 6))
        .unique("entry_id")
        .join(
            openings.select("opening_id", "title", "employer_cvr", "source"),
            on="opening_id",
            suffix="_opening",
        )
    )
    assert answers.height == log.height
    expected = shown.filter(pl.col("presented_on") <= AS_OF - dt.timedelta(days=6)).height
    assert log.height >= expected
    assert (answers["title"] == answers["title_opening"]).all()
    named = answers.join(employers, on="employer_cvr")
    assert (named["employer"] == named["employer_name"]).all()
    assert ((named["channel"] == "portal") == (named["source"] == "portal")).all()
