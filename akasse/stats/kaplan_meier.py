"""The Kaplan-Meier estimator, vectorised, in the lifelines shape (``fit`` returns self,
fitted attributes end in ``_``). Its estimates and confidence bands equal lifelines'
``KaplanMeierFitter`` (a test compares them to 1e-9)."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import polars as pl
from scipy.stats import norm


def _counts(t: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct times with the number leaving and the number of events at each. Whole-number
    durations (weeks, days) are counted directly, in one pass; others are sorted."""
    if t.dtype.kind in "iu" or (t.max() < 1e7 and np.array_equal(t, np.floor(t))):
        whole = t if t.dtype.kind in "iu" else t.astype(np.int64)
        # One count of (time, event) pairs: column 0 censored, column 1 events.
        pairs = np.bincount(whole * 2 + e, minlength=2 * int(whole.max()) + 2).reshape(-1, 2)
        removed_all = pairs.sum(axis=1)
        present = np.flatnonzero(removed_all)
        return present.astype(float), removed_all[present], pairs[present, 1].astype(float)
    times, inverse = np.unique(t, return_inverse=True)
    removed = np.bincount(inverse, minlength=times.size)
    deaths = np.bincount(inverse, weights=e, minlength=times.size)
    return times, removed, deaths


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
            t = t.astype(float)
        if t.ndim != 1 or t.size == 0:
            raise ValueError("durations: need a non-empty one-dimensional array")
        if t.min() < 0 or (t.dtype.kind == "f" and not np.isfinite(t).all()):
            raise ValueError("durations: every value must be finite and 0 or more")
        e = np.ones(t.size, np.bool_) if event_observed is None else np.asarray(event_observed)
        if e.shape != t.shape:
            raise ValueError("event_observed: must have one value per duration")
        e = e.astype(np.bool_, copy=False)
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
