"""The effect study recovers the effect the simulator gave the trial participants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from akasse.stats.dataset import Dataset, Selection, SelectionError
from akasse.stats.effect import effect

PERIOD = Selection(None, dt.date(2020, 9, 1), dt.date(2023, 6, 30))


def test_it_recovers_the_effect_given_to_the_participants(national: Path) -> None:
    """The simulator knows each participant's expected outcome without the trial given their
    characteristics (truth table). The effect it gave this group of participants is their
    realised outcomes minus those expectations; both adjustments must recover it within their
    95 % intervals. (The population effect, the mean expected effect, is also checked within
    three standard errors: the participants' realised outcomes carry luck no adjustment can
    remove.)"""
    result = effect(Dataset(national), PERIOD)
    spells = pl.read_parquet(national / "spells.parquet").filter(
        pl.col("trial") & pl.col("first_day").is_between(PERIOD.first, PERIOD.last)
    )
    truth = pl.read_parquet(national / "truth.parquet").join(
        spells.select("spell_id"), on="spell_id"
    )
    given = {
        "Uger på dagpenge i uge 0-25": (
            truth["dagpenge_weeks_26"].cast(pl.Float64)
            - truth["expected_dagpenge_weeks_26_without_trial"]
        ).mean(),
        "Beskæftiget i uge 26": (
            truth["employed_week_26"].cast(pl.Float64)
            - truth["expected_employed_week_26_without_trial"]
        ).mean(),
    }
    expected = {
        "Uger på dagpenge i uge 0-25": truth["expected_effect_dagpenge_weeks_26"].mean(),
        "Beskæftiget i uge 26": truth["expected_effect_employed_week_26"].mean(),
    }
    for row in result.estimates.iter_rows(named=True):
        value = given[row["outcome"]]
        assert isinstance(value, float)
        assert row["lower"] <= value <= row["upper"], row
        population = expected[row["outcome"]]
        assert isinstance(population, float)
        assert abs(row["estimate"] - population) <= 3 * row["se"], row
    assert result.estimates["treated"][0] == spells.height
    balanced = result.balance.filter(pl.col("smd_after").abs() >= 0.1)
    assert balanced.is_empty(), balanced


def test_it_says_when_a_fund_has_no_comparison_group(dataset: Path) -> None:
    with pytest.raises(SelectionError, match=r"no comparison group: FOA-A ran the trial in every"):
        effect(Dataset(dataset), Selection(fund="FOA-A"))
