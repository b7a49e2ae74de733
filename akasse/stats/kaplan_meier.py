"""The Kaplan-Meier estimator, vectorised, in the lifelines shape (``fit`` returns self,
fitted attributes end in ``_``). Its estimates and confidence bands equal lifelines'
``KaplanMeierFitter`` (a test compares them to 1e-9)."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import polars as pl
from scipy.stats import norm

# Whole-number durations are counted with one bincount of 2 * (max + 1) cells; beyond this many
# cells per duration (sparse, large times) sorting is cheaper and needs no memory for the gaps.
_DENSE_CELLS_PER_DURATION = 64


def _counts(t: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct times with the number leaving and the number of events at each. Whole-number
    durations (weeks, days) are counted directly, in one pass; others are sorted."""
    top = float(t.max())
    whole_numbers = t.dtype.kind in "iu" or (top < 1e7 and np.array_equal(t, np.floor(t)))
    if whole_numbers and top <= _DENSE_CELLS_PER_DURATION * t.size:
        # In int64 whatever the input's type: uint8 or uint16 would wrap around in 2 * t + e.
        whole = t.astype(np.int64, copy=False)
        # One count of (time, event) pairs: column 0 censored, column 1 events.
        pairs = np.bincount(whole * 2 + e, minlength=2 * int(top) + 2).reshape(-1, 2)
        removed_all = pairs.sum(axis=1)
        present = np.flatnonzero(removed_all)
        return present.astype(float), removed_all[present], pairs[present, 1].astype(float)
    times, inverse = np.unique(t, return_inverse=True)
    removed = np.bincount(inverse, minlength=times.size)
    deaths = np.bincount(inverse, weights=e, minlength=times.size)
    return times.astype(float), removed, deaths


def _event_flags(event_observed: Any, size: int) -> np.ndarray:
    """True where the event happened: booleans, or the numbers 0 and 1; anything else (NaN,
    text, 2) is refused rather than read as an event."""
    if event_observed is None:
        return np.ones(size, np.bool_)
    e = np.asarray(event_observed)
    if e.shape != (size,):
        raise ValueError("event_observed: must have one value per duration")
    if e.dtype.kind == "b":
        return e
    if e.dtype.kind not in "iuf" or not np.isin(e, (0, 1)).all():
        raise ValueError("event_observed: every value must be True/False or 1/0")
    return e.astype(np.bool_)


class KaplanMeier:
    """Survival S(t) = prod over event times u <= t of (1 - d_u / n_u), with a pointwise
    confidence band from Greenwood's variance on the log(-log) scale (lifelines' default,
    "exponential Greenwood")."""

    def __init__(self, alpha: float = 0.05, label: str = "KM_estimate") -> None:
        if not 0 < alpha < 1:
            raise ValueError(f"alpha must be between 0 and 1, not {alpha}")
        self.alpha = alpha
        self.label = label

    def fit(self, durations: Any, event_observed: Any = None) -> KaplanMeier:
        """``durations``: time to the event or to censoring (>= 0); ``event_observed``: True
        where the event happened (default: all)."""
        t = np.asarray(durations)
        if t.dtype.kind not in "iu":
            try:
                t = t.astype(float)
            except ValueError:
                raise ValueError("durations: every value must be a number") from None
        if t.ndim != 1 or t.size == 0:
            raise ValueError("durations: need a non-empty one-dimensional array")
        if (t.dtype.kind == "f" and not np.isfinite(t).all()) or t.min() < 0:
            raise ValueError("durations: every value must be finite and 0 or more")
        e = _event_flags(event_observed, t.size)
        times, removed, deaths = _counts(t, e)
        at_risk = t.size - np.concatenate([[0], np.cumsum(removed)[:-1]])
        if times[0] > 0:  # the curve starts at 1 at time 0, as lifelines'
            times = np.concatenate([[0.0], times])
            deaths = np.concatenate([[0.0], deaths])
            at_risk = np.concatenate([[t.size], at_risk])
            removed = np.concatenate([[0], removed])
        with np.errstate(divide="ignore", invalid="ignore"):
            log_s = np.cumsum(np.log1p(-deaths / at_risk))
            greenwood = np.cumsum(deaths / (at_risk * (at_risk - deaths)))
        self.timeline_ = times
        self._table = (times, removed, deaths, at_risk)
        self.survival_ = np.exp(log_s)
        self.variance_ = greenwood
        self.lower_, self.upper_ = self._band(log_s, greenwood)
        return self

    def _band(self, log_s: np.ndarray, greenwood: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        z = norm.ppf(1 - self.alpha / 2)
        with np.errstate(divide="ignore", invalid="ignore"):
            spread = z * np.sqrt(greenwood / log_s**2)
            lower = np.exp(-np.exp(np.log(-log_s) + spread))
            upper = np.exp(-np.exp(np.log(-log_s) - spread))
        # At S = 1 the band is [1, 1]; once S reaches 0 it is [0, 0] (as lifelines').
        ended = np.isneginf(log_s)
        lower = np.where(ended, 0.0, np.where(log_s == 0, 1.0, lower))
        upper = np.where(ended, 0.0, np.where(log_s == 0, 1.0, upper))
        return lower, upper

    @property
    def event_table_(self) -> pl.DataFrame:
        """Per distinct time: how many left, how many had the event, how many were at risk."""
        times, removed, deaths, at_risk = self._table
        return pl.DataFrame(
            {"time": times, "removed": removed, "observed": deaths, "at_risk": at_risk}
        )

    @property
    def survival_function_(self) -> pl.DataFrame:
        return pl.DataFrame({"timeline": self.timeline_, self.label: self.survival_})

    @property
    def median_survival_time_(self) -> float:
        """The first time at which S(t) is 0.5 or less; infinity if the curve never gets there
        (lifelines' ``median_survival_time_``)."""
        return self.quantile_time(0.5)

    def quantile_time(self, q: float) -> float:
        """The first time at which S(t) <= ``q``; infinity if it never falls that far."""
        if not 0 <= q <= 1:
            raise ValueError(f"q must be between 0 and 1, not {q}")
        reached = np.flatnonzero(self.survival_ <= q)
        return float(self.timeline_[reached[0]]) if reached.size else float("inf")

    @property
    def summary(self) -> pl.DataFrame:
        """One row per time on the timeline: at risk, events, removed, S(t) and its band."""
        level = 1 - self.alpha
        return self.event_table_.with_columns(
            pl.Series("survival", self.survival_),
            pl.Series(f"lower_{level:g}", self.lower_),
            pl.Series(f"upper_{level:g}", self.upper_),
        )

    @property
    def confidence_interval_(self) -> pl.DataFrame:
        level = 1 - self.alpha
        return pl.DataFrame(
            {
                "timeline": self.timeline_,
                f"{self.label}_lower_{level:g}": self.lower_,
                f"{self.label}_upper_{level:g}": self.upper_,
            }
        )

    def predict(self, times: Any) -> np.ndarray:
        """S(t) at each time (step function, right-continuous)."""
        at = np.searchsorted(self.timeline_, np.asarray(times, dtype=float), side="right") - 1
        return np.where(at >= 0, self.survival_[np.maximum(at, 0)], 1.0)

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """The curve with its band, on ``ax`` (a new matplotlib axes if none)."""
        if ax is None:
            ax = plt.figure().add_subplot()
        ax.step(self.timeline_, self.survival_, where="post", label=self.label, **kwargs)
        ax.fill_between(self.timeline_, self.lower_, self.upper_, step="post", alpha=0.25)
        return ax
