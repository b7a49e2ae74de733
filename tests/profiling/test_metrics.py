"""AUC, Brier score and calibration error against scikit-learn and hand computations."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import brier_score_loss, roc_auc_score

from akasse.profiling.metrics import auc, brier, calibration_error, calibration_table


def test_it_gives_scikit_learns_auc_and_brier_score() -> None:
    rng = np.random.default_rng(3)
    risk = np.round(rng.random(5_000), 2)  # ties, as risks of members with equal inputs have
    y = rng.random(5_000) < risk
    assert auc(risk, y) == pytest.approx(roc_auc_score(y, risk), abs=1e-12)
    assert brier(risk, y) == pytest.approx(brier_score_loss(y, risk), abs=1e-12)


def test_it_computes_the_calibration_error_over_ten_equal_bins() -> None:
    # Twenty spells, two per bin: bin k predicts 0.05 + 0.1 k; in the odd bins one of the two
    # is long-term (observed 0.5), in the even bins none (observed 0).
    risk = np.repeat(np.arange(10) * 0.1 + 0.05, 2)
    y = np.zeros(20, dtype=bool)
    y[[2 * k for k in range(10) if k % 2]] = True
    by_hand = np.mean([abs(0.05 + 0.1 * k - (0.5 if k % 2 else 0.0)) for k in range(10)])
    assert calibration_error(risk, y) == pytest.approx(by_hand, abs=1e-12)
    table = calibration_table(risk, y)
    assert table["spells"].to_list() == [2] * 10
    assert table["observed"].to_list() == [0.0, 0.5] * 5


def test_it_finds_no_calibration_error_when_risks_match_shares() -> None:
    risk = np.repeat([0.25, 0.5], 4)
    y = np.array([1, 0, 0, 0, 1, 1, 0, 0], dtype=bool)
    assert calibration_error(risk, y, bins=2) == pytest.approx(0.0, abs=1e-15)
