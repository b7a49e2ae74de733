"""Survival curves as in the evaluations (seed 000 figures 9 and 10): the share on dagpenge in
each week 0-26 after the first day, trial vs non-trial.

- *med tilbagefald* (returns counted): among spells followed up to week w, the share on
  dagpenge in week w, with a Wilson confidence band.
- *uden tilbagefald* (the first exit ends it): Kaplan-Meier of the time to the first week not
  on dagpenge, spells censored when their follow-up ends (the data's end), with the
  Greenwood band.
- status after six months: employed, dagpenge or other in week 26, among those followed so far.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.stats import norm

from akasse.stats.dataset import Dataset, Selection, SelectionError
from akasse.stats.kaplan_meier import KaplanMeier

WEEKS = 26
NO_COMPARISON = (
    "{fund} var med i forsøget i alle kommuner uden for frikommunerne og har derfor ingen "
    "sammenligningsgruppe; kun forsøgsdeltagerne vises."
)
GROUPS = {True: "forsøg", False: "ikke-forsøg"}


@dataclass(frozen=True)
class Survival:
    weekly: pl.DataFrame  # group, week, followed, with_return (+ band), without_return (+ band)
    status: pl.DataFrame  # group, followed, employed, dagpenge, other (shares at week 26)
    selection: Selection
    note: str | None = None


def wilson(successes: np.ndarray, n: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """The Wilson score interval of a binomial share."""
    z = norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = successes / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    # The interval contains p; say so exactly despite rounding (p = 0 or 1).
    return np.clip(np.minimum(centre - half, p), 0, 1), np.clip(np.maximum(centre + half, p), 0, 1)


def _first_exits(weekly: pl.DataFrame) -> pl.DataFrame:
    """Per spell: weeks followed, and the first week not on dagpenge (null if none seen)."""
    return weekly.group_by("spell_id").agg(
        followed=pl.col("week").max().cast(pl.Int32) + 1,
        first_exit=pl.col("week").filter(pl.col("status") != "dagpenge").min().cast(pl.Int32),
    )


def survival(data: Dataset, selection: Selection, alpha: float = 0.05) -> Survival:
    spells = data.spells(selection, ["trial"])
    weekly = (
        data.scan("weekly_status", ["spell_id", "week", "status"])
        .filter(pl.col("week") <= WEEKS)
        .join(spells.lazy().select("spell_id", "trial"), on="spell_id")
        .collect()
    )
    if weekly.is_empty():
        raise SelectionError(f"no weekly status for the selected spells: {selection.describe()}")
    rows, status = [], []
    alone = data.without_comparison(selection.fund)
    for trial, label in GROUPS.items():
        group = weekly.filter(pl.col("trial") == trial)
        if alone and not trial:
            continue
        if group.is_empty():
            continue
        rows.append(_curves(group, label, alpha))
        status.append(_status(group, label))
    note = NO_COMPARISON.format(fund=selection.fund) if alone else None
    return Survival(pl.concat(rows), pl.concat(status), selection, note)


def _curves(group: pl.DataFrame, label: str, alpha: float) -> pl.DataFrame:
    counts = (
        group.group_by("week")
        .agg(followed=pl.len(), on=(pl.col("status") == "dagpenge").sum())
        .sort("week")
    )
    followed = counts["followed"].to_numpy().astype(float)
    on = counts["on"].to_numpy().astype(float)
    lo, hi = wilson(on, followed, alpha)
    exits = _first_exits(group)
    # Without an exit the spell is known on dagpenge through its last week followed: censored there.
    duration = exits["first_exit"].fill_null(exits["followed"] - 1).to_numpy()
    km = KaplanMeier(alpha=alpha).fit(duration, exits["first_exit"].is_not_null().to_numpy())
    weeks = counts["week"].to_numpy()
    # S(w) is the share still in the first dagpenge period in week w: no exit by week w.
    at = np.searchsorted(km.timeline_, weeks, side="right") - 1
    return pl.DataFrame(
        {
            "group": label,
            "week": weeks.astype(np.int16),
            "followed": counts["followed"],
            "with_return": on / followed,
            "with_return_lower": lo,
            "with_return_upper": hi,
            "without_return": km.survival_[at],
            "without_return_lower": km.lower_[at],
            "without_return_upper": km.upper_[at],
        }
    )


def _status(group: pl.DataFrame, label: str) -> pl.DataFrame:
    six = group.filter(pl.col("week") == WEEKS)
    n = six.height
    share = {
        s: (six["status"] == s).sum() / n if n else float("nan")
        for s in ("employed", "dagpenge", "other")
    }
    return pl.DataFrame({"group": [label], "followed": [n], **{k: [v] for k, v in share.items()}})
