"""The effect study recovers the effect the simulator gave the trial participants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from akasse.stats.dataset import Dataset, Selection, SelectionError
from akasse.stats.effect import _match, _matched, effect

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


def _abadie_imbens_by_hand(
    y: list[float], treated: list[bool], score: list[float], match: list[int]
) -> float:
    """The variance written out unit by unit (Abadie and Imbens 2006, eq. 14 with M = 1, for
    the effect on the treated): each matched treated unit's squared deviation, plus K(K-1)
    times the conditional variance of each control matched K times, that variance being half
    the squared difference to its nearest other control by score."""
    pairs = [i for i, flag in enumerate(treated) if flag and match[i] >= 0]
    att = sum(y[i] - y[match[i]] for i in pairs) / len(pairs)
    total = sum((y[i] - y[match[i]] - att) ** 2 for i in pairs)
    controls = [j for j, flag in enumerate(treated) if not flag]
    for j in controls:
        k = sum(1 for i in pairs if match[i] == j)
        if k > 1:
            nearest = min((c for c in controls if c != j), key=lambda c: abs(score[c] - score[j]))
            total += k * (k - 1) * (y[j] - y[nearest]) ** 2 / 2
    return float(np.sqrt(total) / len(pairs))


def test_its_matching_standard_error_counts_controls_matched_more_than_once() -> None:
    # Treated 0-3; controls 4-7. Control 4 is everyone's nearest but treated 3's.
    y = [5.0, 7.0, 6.0, 9.0, 3.0, 4.5, 8.0, 1.0]
    treated = [True, True, True, True, False, False, False, False]
    score = [0.10, 0.12, 0.09, 0.90, 0.11, 0.30, 0.88, 0.60]
    t, s, outcome = np.array(treated), np.array(score), np.array(y)
    match = _match(s, t)
    assert match[:4].tolist() == [4, 4, 4, 6]
    result = _matched(outcome, t, match, s)
    assert result["estimate"] == pytest.approx((2 + 4 + 3 + 1) / 4)
    assert result["se"] == pytest.approx(_abadie_imbens_by_hand(y, treated, score, match.tolist()))
    # Reusing control 4 three times makes the error larger than the pair differences' alone.
    diff = np.array([2.0, 4.0, 3.0, 1.0])
    assert result["se"] > diff.std(ddof=1) / 2


def test_its_matching_standard_error_without_reuse_is_that_of_the_pair_differences() -> None:
    rng = np.random.default_rng(7)
    n = 60
    t = np.arange(2 * n) < n
    score = np.concatenate([np.arange(n), np.arange(n) + 0.01]).astype(float)
    y = rng.normal(size=2 * n)
    match = _match(score, t)
    assert len(set(match[t].tolist())) == n  # every control used once
    result = _matched(y, t, match, score)
    diff = y[t] - y[match[t]]
    assert result["se"] == pytest.approx(np.sqrt(((diff - diff.mean()) ** 2).sum()) / n)
