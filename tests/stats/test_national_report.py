"""The reports' own numbers on the national simulated dataset reproduce the seeds' figures
within the simulator's tolerances."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from akasse.stats.dataset import Dataset, Selection
from akasse.stats.monitoring import monitoring
from akasse.stats.survey import survey
from akasse.stats.survival import survival


def test_it_reproduces_the_survival_figures(national: Path) -> None:
    result = survival(Dataset(national), Selection(None, dt.date(2020, 9, 1), dt.date(2021, 3, 31)))
    weekly = result.weekly
    published = {
        ("forsøg", 13): 50.0,
        ("forsøg", 26): 32.0,
        ("ikke-forsøg", 13): 54.0,
        ("ikke-forsøg", 26): 33.0,
    }
    for (group, week), value in published.items():
        row = weekly.filter((pl.col("group") == group) & (pl.col("week") == week))
        assert 100 * row["with_return"].item() == pytest.approx(value, abs=2.0)
    status = {r["group"]: r for r in result.status.iter_rows(named=True)}
    assert 100 * status["forsøg"]["employed"] == pytest.approx(56.2, abs=2.0)
    assert 100 * status["ikke-forsøg"]["employed"] == pytest.approx(54.4, abs=2.0)
    assert 100 * status["forsøg"]["dagpenge"] == pytest.approx(31.6, abs=2.0)
    assert 100 * status["ikke-forsøg"]["dagpenge"] == pytest.approx(33.3, abs=2.0)


def test_it_reproduces_the_monitoring_figures(national: Path) -> None:
    m = monitoring(Dataset(national), Selection(None, dt.date(2020, 9, 1), dt.date(2022, 1, 31)))
    assert m.monthly["referred"].sum() == pytest.approx(44_589, rel=0.05)
    june = m.monthly.filter(pl.col("month") == dt.date(2021, 6, 1))["covered"].sum()
    assert june == pytest.approx(25_000, rel=0.10)
    total = m.conversations.filter(pl.col("fund") == "I alt")
    assert 100 * total["share_3_plus"].item() == pytest.approx(76.0, abs=3.0)


def test_it_reproduces_the_offer_and_exit_figures(national: Path) -> None:
    selection = Selection(None, dt.date(2020, 9, 1), dt.date(2023, 1, 31))
    m = monitoring(Dataset(national), selection)
    offers = m.offers.filter(pl.col("fund") == "I alt")
    share = dict(zip(offers["offer_type"], offers["share"], strict=True))
    for kind, published in (
        ("guidance_upskilling", 55),
        ("job_education_6w", 26),
        ("internship", 19),
    ):
        assert 100 * share[kind] == pytest.approx(published, abs=5)
    to_jan22 = m.monthly.filter(pl.col("month") <= dt.date(2022, 1, 1))
    by_fund = to_jan22.group_by("fund").agg(
        pl.col("exited", "exited_period_used", "exited_left_fund").sum()
    )
    used = 100 * by_fund["exited_period_used"] / by_fund["exited"]
    left = 100 * by_fund["exited_left_fund"] / by_fund["exited"]
    assert used.min() >= 42 - 2 and used.max() <= 84 + 2
    assert left.min() >= 4 - 2 and left.max() <= 38 + 2


def test_it_reproduces_the_survey_response_rates(national: Path) -> None:
    response = survey(Dataset(national), Selection()).response.filter(pl.col("group") == "alle")
    rates = dict(zip(response["wave"], response["rate"], strict=True))
    assert 100 * rates[2022] == pytest.approx(34, abs=2)
    assert 100 * rates[2023] == pytest.approx(31, abs=2)
