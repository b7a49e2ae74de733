"""The reports' own numbers on the national simulated dataset reproduce the seeds' figures
within the simulator's tolerances."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from akasse.stats.dataset import Dataset, Selection
from akasse.stats.monitoring import monitoring
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
