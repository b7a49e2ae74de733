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


CODES = {"dagpenge": 0, "employed": 1, "other": 2}


@dataclass(frozen=True)
class _Weeks:
    """Weekly status rows of the selected spells, weeks 0-26, as arrays in spell-week order."""

    spell: np.ndarray
    week: np.ndarray
    code: np.ndarray  # CODES
    group: np.ndarray  # 1 trial, 0 not


def _weeks(data: Dataset, spells: pl.DataFrame) -> _Weeks:
    weekly = (
        data.scan("weekly_status", ["spell_id", "week", "status"])
        .filter(pl.col("week") <= WEEKS)
        .select(
            "spell_id",
            "week",
            # CODES: 0 dagpenge, 1 employed, 2 other (comparisons are cheaper than a mapping)
            code=(pl.col("status") != "dagpenge").cast(pl.Int8)
            + (pl.col("status") == "other").cast(pl.Int8),
        )
        .collect()
    )
    spell = weekly["spell_id"].to_numpy()
    week = weekly["week"].to_numpy()
    code = weekly["code"].to_numpy()
    ids = spells["spell_id"].to_numpy()
    lookup = np.full(int(max(ids.max(), spell.max() if spell.size else 0)) + 1, -1, np.int8)
    lookup[ids] = spells["trial"].to_numpy()
    group = lookup[spell]
    keep = group >= 0
    if not keep.all():
        spell, week, code, group = spell[keep], week[keep], code[keep], group[keep]
    key = spell * (WEEKS + 1) + week
    if key.size and (key[1:] <= key[:-1]).any():  # a written dataset is already in order
        order = np.argsort(key, kind="stable")
        spell, week, code, group = spell[order], week[order], code[order], group[order]
    return _Weeks(spell, week, code, group)


def survival(data: Dataset, selection: Selection, alpha: float = 0.05) -> Survival:
    spells = data.spells(selection, ["trial"])
    w = _weeks(data, spells)
    if w.spell.size == 0:
        raise SelectionError(f"no weekly status for the selected spells: {selection.describe()}")
    rows, status = [], []
    alone = data.without_comparison(selection.fund)
    for trial, label in GROUPS.items():
        mine = w.group == int(trial)
        if (alone and not trial) or not mine.any():
            continue
        group = _Weeks(w.spell[mine], w.week[mine], w.code[mine], w.group[mine])
        rows.append(_curves(group, label, alpha))
        status.append(_status(group, label))
    note = NO_COMPARISON.format(fund=selection.fund) if alone else None
    return Survival(pl.concat(rows), pl.concat(status), note)


def _curves(w: _Weeks, label: str, alpha: float) -> pl.DataFrame:
    followed = np.bincount(w.week, minlength=WEEKS + 1).astype(float)
    on = np.bincount(w.week, weights=w.code == 0, minlength=WEEKS + 1)
    weeks = np.flatnonzero(followed)
    followed, on = followed[weeks], on[weeks]
    lo, hi = wilson(on, followed, alpha)
    # Per spell (rows are in spell-week order): the last week followed and the first week off
    # dagpenge. Without an exit the spell is known on dagpenge through its last week followed:
    # censored there.
    last = np.flatnonzero(np.concatenate([w.spell[1:] != w.spell[:-1], [True]]))
    off = np.flatnonzero(w.code != 0)
    first_off = off[np.concatenate([[True], w.spell[off][1:] != w.spell[off][:-1]])[: off.size]]
    exit_week = np.full(last.size, -1)
    position = np.searchsorted(w.spell[last], w.spell[first_off])
    exit_week[position] = w.week[first_off]
    exited = exit_week >= 0
    duration = np.where(exited, exit_week, w.week[last])
    km = KaplanMeier(alpha=alpha).fit(duration, exited)
    # S(w) is the share still in the first dagpenge period in week w: no exit by week w.
    at = np.searchsorted(km.timeline_, weeks, side="right") - 1
    return pl.DataFrame(
        {
            "group": label,
            "week": weeks.astype(np.int16),
            "followed": followed.astype(np.int64),
            "with_return": on / followed,
            "with_return_lower": lo,
            "with_return_upper": hi,
            "without_return": km.survival_[at],
            "without_return_lower": km.lower_[at],
            "without_return_upper": km.upper_[at],
        }
    )


def _status(w: _Weeks, label: str) -> pl.DataFrame:
    six = w.code[w.week == WEEKS]
    n = six.size
    shares = np.bincount(six, minlength=3) / n if n else np.full(3, np.nan)
    return pl.DataFrame(
        {
            "group": [label],
            "followed": [n],
            "employed": [float(shares[CODES["employed"]])],
            "dagpenge": [float(shares[CODES["dagpenge"]])],
            "other": [float(shares[CODES["other"]])],
        }
    )
