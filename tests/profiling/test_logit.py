"""The hand-written logistic regression against statsmodels' Logit on the same design matrix."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm

from akasse.profiling.logit import FitError, fit_logit
from akasse.profiling.training import Trained


def test_it_gives_statsmodels_estimates_and_standard_errors(trained: Trained) -> None:
    model, data = trained.model, trained.data
    x = np.column_stack([np.ones(model.n_train_), model.design(data.part(False))])
    y = data.y[~data.test].astype(float)
    reference = sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    ours = np.concatenate([[model.intercept_], model.coef_])
    assert np.max(np.abs(ours - reference.params)) < 1e-6
    assert np.max(np.abs(model.se_ - reference.bse)) < 1e-6
    assert model.log_likelihood_ == pytest.approx(reference.llf, abs=1e-6)


def test_it_gives_statsmodels_confidence_intervals(trained: Trained) -> None:
    model, data = trained.model, trained.data
    x = np.column_stack([np.ones(model.n_train_), model.design(data.part(False))])
    y = data.y[~data.test].astype(float)
    reference = sm.Logit(y, x).fit(method="newton", tol=1e-12, maxiter=100, disp=0)
    summary = model.summary
    bounds = np.exp(reference.conf_int(alpha=0.05))
    assert np.allclose(summary["lower"].to_numpy(), bounds[:, 0], rtol=1e-6)
    assert np.allclose(summary["upper"].to_numpy(), bounds[:, 1], rtol=1e-6)
    assert np.allclose(summary["p_value"].to_numpy(), reference.pvalues, atol=1e-6)


def test_it_names_a_column_without_variation() -> None:
    rng = np.random.default_rng(1)
    x = np.column_stack([np.ones(500), rng.normal(size=500), np.zeros(500)])
    y = (rng.random(500) < 0.3).astype(float)
    with pytest.raises(FitError) as error:
        fit_logit(x, y, names=["intercept", "age", "new_graduate"])
    assert str(error.value) == "no variation in new_graduate in the training data; drop it"


def test_it_says_when_a_level_predicts_the_outcome_perfectly() -> None:
    rng = np.random.default_rng(2)
    flag = rng.random(400) < 0.5
    y = flag.astype(float)
    x = np.column_stack([np.ones(400), flag.astype(float)])
    with pytest.raises(FitError, match="predict the outcome perfectly"):
        fit_logit(x, y, names=["intercept", "from_sickness_benefit"])


@pytest.mark.parametrize("seed", range(40))
def test_it_calls_a_combination_of_columns_collinear_every_time(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=300), (rng.random(300) < 0.4).astype(float)
    x = np.column_stack([np.ones(300), a, b, a + 2 * b])
    y = (rng.random(300) < 0.3).astype(float)
    with pytest.raises(
        FitError,
        match=r"^the inputs are collinear \((age|woman|age_and_woman): a combination of others\)",
    ):
        fit_logit(x, y, names=["intercept", "age", "woman", "age_and_woman"])


@pytest.mark.parametrize("seed", range(100))
def test_it_refuses_a_design_with_an_exact_duplicate_column(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.normal(size=200) * 10 ** rng.uniform(-3, 3)
    x = np.column_stack([np.ones(200), a, rng.normal(size=200), a])
    y = (rng.random(200) < 0.5).astype(float)
    with pytest.raises(FitError, match="the inputs are collinear"):
        fit_logit(x, y, names=["intercept", "income", "age", "income_copy"])


def test_it_names_the_column_that_copies_another() -> None:
    rng = np.random.default_rng(3)
    a = rng.normal(size=200)
    x = np.column_stack([np.ones(200), a, rng.normal(size=200), a])
    y = (rng.random(200) < 0.5).astype(float)
    with pytest.raises(FitError) as error:
        fit_logit(x, y, names=["intercept", "income", "age", "income_copy"])
    assert str(error.value) in {
        f"the inputs are collinear ({name}: a combination of others); drop one of them"
        for name in ("income", "income_copy")
    }


@pytest.mark.parametrize("outcome", [(1.0, 2.0), (0.0, 0.5), (-1.0, 1.0)])
def test_it_refuses_an_outcome_that_is_not_zero_or_one(outcome: tuple[float, float]) -> None:
    rng = np.random.default_rng(4)
    x = np.column_stack([np.ones(100), rng.normal(size=100)])
    y = np.where(rng.random(100) < 0.5, *outcome)
    with pytest.raises(FitError, match=r"^the outcome must be 0 or 1 in every row; found \["):
        fit_logit(x, y, names=["intercept", "age"])
