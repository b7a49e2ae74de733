"""The survey statistics against independent references: raked margins, and weighted shares,
differences and standard errors from statsmodels' weighted least squares with HC0 errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm

from akasse.stats.dataset import Dataset, Selection
from akasse.stats.survey import rake, stars, survey, weighted_share


def test_it_rakes_to_every_margin() -> None:
    rng = np.random.default_rng(4)
    frame = pl.DataFrame(
        {"a": rng.choice(["x", "y", "z"], 900, p=[0.6, 0.3, 0.1]), "b": rng.choice(["m", "k"], 900)}
    )
    targets = {"a": {"x": 0.3, "y": 0.3, "z": 0.4}, "b": {"m": 0.55, "k": 0.45}}
    w = rake(frame, targets)
    for margin, shares in targets.items():
        for category, share in shares.items():
            assert w[(frame[margin] == category).to_numpy()].sum() / w.sum() == pytest.approx(
                share, abs=1e-9
            )


def test_it_estimates_a_weighted_share_as_weighted_least_squares_does() -> None:
    rng = np.random.default_rng(5)
    y = (rng.random(400) < 0.6).astype(float)
    w = rng.uniform(0.3, 3, 400)
    fit = sm.WLS(y, np.ones(400), weights=w).fit(cov_type="HC0")
    p, se = weighted_share(y, w)
    assert p == pytest.approx(fit.params[0], abs=1e-12)
    assert se == pytest.approx(fit.bse[0], rel=1e-9)


def test_it_tests_trial_against_non_trial_as_statsmodels_does(dataset: Path) -> None:
    result = survey(Dataset(dataset), Selection(), min_respondents=5)
    sent = pl.read_parquet(dataset / "survey_responses.parquet").filter(pl.col("wave") == 2022)
    answers = sent.filter(pl.col("answered"))
    # Rebuild the weights the same way (margins of everyone sent), then regress top-2 on the
    # trial dummy.
    targets = {
        m: {str(k): v / sent.height for k, v in sent[m].value_counts().iter_rows()}
        for m in ("age_group", "gender", "education", "fund")
    }
    weights = rake(answers, targets)
    known = (answers["q_overall"] != 6).to_numpy()
    y = answers["q_overall"].is_in([4, 5]).to_numpy()[known].astype(float)
    x = sm.add_constant(answers["trial"].to_numpy()[known].astype(float))
    fit = sm.WLS(y, x, weights=weights[known]).fit(cov_type="HC0")
    row = result.comparison.filter((pl.col("wave") == 2022) & (pl.col("item") == "overall")).row(
        0, named=True
    )
    assert row["difference"] == pytest.approx(fit.params[1], abs=1e-12)
    assert row["se"] == pytest.approx(fit.bse[1], rel=1e-9)
    assert row["p_value"] == pytest.approx(fit.pvalues[1], rel=1e-6)
    assert row["stars"] == stars(fit.pvalues[1])


def test_it_suppresses_small_cells_and_counts_dont_know(dataset: Path) -> None:
    result = survey(Dataset(dataset), Selection(fund="Min-A"), min_respondents=50)
    assert (
        result.shares.filter(pl.col("respondents") < 50)["top2"].null_count()
        == result.shares.filter(pl.col("respondents") < 50).height
    )
    assert (result.comparison["stars"] == "#").all()
    full = survey(Dataset(dataset), Selection())
    answers = pl.read_parquet(dataset / "survey_responses.parquet").filter(pl.col("answered"))
    dont_know = full.shares.filter(pl.col("group") == "alle", pl.col("item") == "overall")[
        "dont_know"
    ].sum()
    assert dont_know == (answers["q_overall"] == 6).sum()


def test_it_marks_significance_with_stars() -> None:
    assert [stars(p) for p in (0.2, 0.04, 0.009, 0.0009)] == ["", "*", "**", "***"]


def test_it_does_not_compare_a_fund_without_comparison_group(dataset: Path) -> None:
    result = survey(Dataset(dataset), Selection(fund="FOA-A"))
    assert (result.comparison["stars"] == "#").all()
    assert result.note is not None and result.note.startswith("FOA-A var med i forsøget")
