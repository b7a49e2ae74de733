"""Our Kaplan-Meier against lifelines' on random censored data."""

from __future__ import annotations

import numpy as np
import pytest
from lifelines import KaplanMeierFitter

from akasse.stats.kaplan_meier import KaplanMeier


@pytest.mark.parametrize("seed", range(8))
def test_it_equals_lifelines_on_random_censored_data(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 5000))
    durations = rng.integers(0, 60, n) if seed % 2 else rng.exponential(10, n).round(2)
    events = rng.random(n) < rng.uniform(0.2, 1.0)
    ours = KaplanMeier(alpha=0.1 if seed == 3 else 0.05).fit(durations, events)
    theirs = KaplanMeierFitter(alpha=0.1 if seed == 3 else 0.05).fit(durations, events)
    np.testing.assert_array_equal(ours.timeline_, theirs.timeline)
    np.testing.assert_allclose(
        ours.survival_, theirs.survival_function_.iloc[:, 0], atol=1e-9, rtol=0
    )
    band = theirs.confidence_interval_.to_numpy()
    np.testing.assert_allclose(ours.lower_, band[:, 0], atol=1e-9, rtol=0)
    np.testing.assert_allclose(ours.upper_, band[:, 1], atol=1e-9, rtol=0)
    probe = rng.uniform(0, 70, 50)  # (before 0 lifelines answers NaN, we answer 1)
    np.testing.assert_allclose(ours.predict(probe), theirs.predict(probe).to_numpy(), atol=1e-9)


def test_it_gives_the_hand_computed_curve() -> None:
    # 5 at risk; deaths at 1 and 3 (one censored at 2): S = 4/5, then 4/5 * (2/3).
    km = KaplanMeier().fit([1, 2, 3, 4, 5], [1, 0, 1, 0, 0])
    assert km.predict([0, 1, 2, 3, 5]).tolist() == pytest.approx(
        [1, 0.8, 0.8, 0.8 * 2 / 3, 0.8 * 2 / 3]
    )


def test_it_rejects_negative_durations() -> None:
    with pytest.raises(ValueError, match="durations: every value must be finite and 0 or more"):
        KaplanMeier().fit([1, -2])
