"""The survey statistics against independent references: raked margins, and weighted shares,
differences and standard errors from statsmodels' weighted least squares with HC0 errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm

from akasse.stats.dataset import Dataset, Selection
from akasse.stats.reports import survey_report
from akasse.stats.survey import RakingError, _weights, rake, stars, survey, weighted_share


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
    # Categories sent the survey with no respondent are left out and the rest scaled to 1.
    targets = {}
    for m in ("age_group", "gender", "education", "fund"):
        counts = sent.filter(pl.col(m).is_in(answers[m].unique().implode()))[m].value_counts()
        total = counts["count"].sum()
        targets[m] = {str(k): v / total for k, v in counts.iter_rows()}
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


def test_it_refuses_to_rake_to_a_category_no_respondent_is_in() -> None:
    frame = pl.DataFrame({"age_group": ["30-39", "40-49", "30-39"]})
    targets = {"age_group": {"30-39": 0.5, "40-49": 0.3, "60+": 0.2}}
    with pytest.raises(RakingError) as error:
        rake(frame, targets)
    assert str(error.value) == (
        "cannot rake to age_group = 60+: 20.0% of the target but no respondent; leave the "
        "category out of the targets or merge it with another"
    )


def test_it_says_when_raking_cannot_meet_contradicting_margins() -> None:
    # Every "a" row is "m" and every "b" row is "k": a 90 % share of "a" with a 10 % share of
    # "m" cannot both hold.
    frame = pl.DataFrame({"x": ["a", "a", "b"], "y": ["m", "m", "k"]})
    targets = {"x": {"a": 0.9, "b": 0.1}, "y": {"m": 0.1, "k": 0.9}}
    with pytest.raises(RakingError, match=r"^raking did not meet the margins in 200 iterations"):
        rake(frame, targets)


def test_it_notes_a_category_sent_the_survey_with_no_respondent_and_rakes_to_the_rest() -> None:
    rng = np.random.default_rng(8)
    n = 400
    sent = pl.DataFrame(
        {
            "wave": [2022] * n,
            "answered": rng.random(n) < 0.5,
            "age_group": rng.choice(["30-39", "40-49"], n),
            "gender": rng.choice(["woman", "man"], n),
            "education": rng.choice(["vocational", "higher"], n),
            "fund": rng.choice(["FOA-A", "3F-A"], n),
        }
    )
    # Five members aged 60+ were sent the survey; none answered.
    old = pl.DataFrame(
        {
            "wave": [2022] * 5,
            "answered": [False] * 5,
            "age_group": ["60+"] * 5,
            "gender": ["man"] * 5,
            "education": ["higher"] * 5,
            "fund": ["FOA-A"] * 5,
        }
    )
    answers, notes = _weights(pl.concat([sent, old]))
    assert notes == [
        "Bølge 2022: Ingen svar fra age_group = 60+ (1,2 % af de udsendte); vægtene er rettet "
        "mod de øvrige kategoriers andele."
    ]
    w = answers["weight"].to_numpy()
    for value in ("30-39", "40-49"):
        share_sent = (sent["age_group"] == value).sum() / sent.height
        rows = (answers["age_group"] == value).to_numpy()
        assert w[rows].sum() / w.sum() == pytest.approx(share_sent, abs=1e-9)


def test_its_report_names_every_category_sent_the_survey_that_no_one_answered(
    dataset: Path,
) -> None:
    result = survey(Dataset(dataset), Selection())
    sent = pl.read_parquet(dataset / "survey_responses.parquet")
    expected = []
    for wave in sorted(sent["wave"].unique()):
        rows = sent.filter(pl.col("wave") == wave)
        for m in ("age_group", "gender", "education", "fund"):
            answered = set(rows.filter(pl.col("answered"))[m].to_list())
            for category in sorted(set(rows[m].to_list()) - answered):
                expected.append(f"Bølge {wave}: Ingen svar fra {m} = {category} (")
    assert expected, "the small dataset has a category with no respondent in some wave"
    noted = [n for n in result.weighting_notes if "Ingen svar fra" in n]
    assert [n.split("(")[0] + "(" for n in noted] == expected
    report = survey_report(Dataset(dataset), Selection())
    assert all(n in report.notes for n in noted)
