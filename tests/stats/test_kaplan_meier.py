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


@pytest.mark.parametrize(
    ("dtype", "top"), [(np.uint8, 255), (np.uint16, 65_000), (np.int8, 127), (np.int16, 32_000)]
)
def test_it_gives_the_same_curve_for_small_integer_types(dtype: type, top: int) -> None:
    rng = np.random.default_rng(4)
    durations = rng.integers(0, top + 1, 3000)
    events = rng.random(3000) < 0.6
    wide = KaplanMeier().fit(durations.astype(np.int64), events)
    narrow = KaplanMeier().fit(durations.astype(dtype), events)
    np.testing.assert_array_equal(narrow.timeline_, wide.timeline_)
    np.testing.assert_array_equal(narrow.survival_, wide.survival_)
    theirs = KaplanMeierFitter().fit(durations.astype(dtype), events)
    np.testing.assert_array_equal(narrow.timeline_, theirs.timeline)


@pytest.mark.parametrize(
    "flags", [[1.0, float("nan"), 0.0], ["1", "0", "1"], [1, 2, 0], ["yes", "no", "yes"]]
)
def test_it_refuses_event_flags_that_are_not_true_or_false(flags: list[object]) -> None:
    with pytest.raises(ValueError, match=r"event_observed: every value must be True/False or 1/0"):
        KaplanMeier().fit([1, 2, 3], flags)


def test_it_refuses_durations_that_are_not_numbers() -> None:
    with pytest.raises(ValueError, match="durations: every value must be a number"):
        KaplanMeier().fit(["one", "two"])


def test_it_counts_large_sparse_whole_durations_without_a_cell_per_time() -> None:
    # A count per possible time would need 2e10 cells (MemoryError); the curve is that of the
    # same durations as floats.
    durations = np.array([1, 10_000_000_000, 5, 10_000_000_000], dtype=np.int64)
    km = KaplanMeier().fit(durations, [1, 1, 0, 0])
    theirs = KaplanMeierFitter().fit(durations.astype(float), [1, 1, 0, 0])
    np.testing.assert_array_equal(km.timeline_, theirs.timeline)
    np.testing.assert_allclose(km.survival_, theirs.survival_function_.iloc[:, 0], atol=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_its_median_survival_time_equals_lifelines(seed: int) -> None:
    rng = np.random.default_rng(seed)
    durations = rng.integers(0, 40, 500)
    events = rng.random(500) < (0.9 if seed else 0.1)  # seed 0: the curve stays above 0.5
    ours = KaplanMeier().fit(durations, events)
    theirs = KaplanMeierFitter().fit(durations, events)
    assert ours.median_survival_time_ == theirs.median_survival_time_


def test_its_summary_has_a_row_per_time_with_the_curve_and_band() -> None:
    km = KaplanMeier().fit([1, 2, 3, 4, 5], [1, 0, 1, 0, 0])
    summary = km.summary
    assert summary.columns == [
        "time",
        "removed",
        "observed",
        "at_risk",
        "survival",
        "lower_0.95",
        "upper_0.95",
    ]
    assert summary["time"].to_list() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert summary["at_risk"].to_list() == [5, 5, 4, 3, 2, 1]
    assert summary["survival"].to_list() == pytest.approx(
        [1, 0.8, 0.8, 0.8 * 2 / 3] + [0.8 * 2 / 3] * 2
    )
    assert km.median_survival_time_ == float("inf")
    assert km.quantile_time(0.6) == 3.0
