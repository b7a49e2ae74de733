"""The hire model learns from pairs which fits lead to hires, and the blend re-ranks."""

from __future__ import annotations

import numpy as np
import pytest

from akasse.matching import hire, rank
from akasse.matching.explicit import top_k
from tests.matching.test_explicit import _random


def test_the_model_learns_that_fitting_pairs_are_hired_more() -> None:
    m, o = _random(4000, 4000, 11)
    t = hire.terms(m, o)
    truth = 1 / (1 + np.exp(-(-3.0 + 4.0 * t.occupation + 2.0 * t.distance)))
    hired = np.random.default_rng(12).random(truth.size) < truth
    model = hire.train(m, o, hired)
    test_m, test_o = _random(3000, 3000, 13)
    p = model.predict(test_m, test_o)
    tt = hire.terms(test_m, test_o)
    real = -3.0 + 4.0 * tt.occupation + 2.0 * tt.distance
    assert np.corrcoef(p, real)[0, 1] > 0.8
    again = hire.HireModel.load(model.save()).predict(test_m, test_o)
    np.testing.assert_allclose(again, p)


def test_the_model_refuses_labels_of_one_kind() -> None:
    m, o = _random(50, 50, 1)
    with pytest.raises(ValueError, match="both hires and non-hires"):
        hire.train(m, o, np.zeros(50, bool))


def test_without_a_model_the_ranking_is_the_explicit_one() -> None:
    m, o = _random(30, 200, 2)
    r = rank.rank(m, o, None, k=5)
    index, _ = top_k(m, o, 5)
    np.testing.assert_array_equal(r.openings, index)


def test_ndcg_and_hits() -> None:
    pos = np.array([0, 1, 9, 10, -1])
    assert rank.hits_at(pos, 10) == pytest.approx(3 / 5)
    expected = (1 + 1 / np.log2(3) + 1 / np.log2(11)) / 5
    assert rank.ndcg_at(pos, 10) == pytest.approx(expected)
