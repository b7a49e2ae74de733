"""How good a risk score is: discrimination (AUC), accuracy (Brier score), calibration (expected
calibration error over ten equal-sized bins of predicted risk), and the same by group."""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from akasse.sim.truth import auc

__all__ = ["BINS", "auc", "brier", "calibration_error", "calibration_table", "group_metrics"]

BINS = 10


def brier(risk: np.ndarray, outcome: np.ndarray) -> float:
    """Mean squared difference between predicted risk and the 0/1 outcome."""
    return float(np.mean((risk - outcome.astype(float)) ** 2))


def _bins(risk: np.ndarray, bins: int) -> list[np.ndarray]:
    """Row indices of ``bins`` groups of (as nearly as possible) equal size, by predicted risk
    (ties broken by row order, so the result is deterministic)."""
    order = np.argsort(risk, kind="stable")
    return [part for part in np.array_split(order, bins) if part.size]


def calibration_error(risk: np.ndarray, outcome: np.ndarray, bins: int = BINS) -> float:
    """Expected calibration error: sort by predicted risk, cut into ``bins`` equal-sized bins,
    and average |mean predicted risk - observed share| over the bins, weighted by their size."""
    y = outcome.astype(float)
    total = sum(part.size * abs(risk[part].mean() - y[part].mean()) for part in _bins(risk, bins))
    return float(total / risk.size)


def _wilson(successes: float, n: int) -> tuple[float, float]:
    if n == 0:
        return math.nan, math.nan
    z = 1.959963984540054
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def calibration_table(risk: np.ndarray, outcome: np.ndarray, bins: int = BINS) -> pl.DataFrame:
    """Per bin: spells, mean predicted risk, observed share with its 95 % Wilson interval."""
    y = outcome.astype(float)
    rows = []
    for k, part in enumerate(_bins(risk, bins), start=1):
        low, high = _wilson(float(y[part].sum()), part.size)
        rows.append(
            {
                "bin": k,
                "spells": part.size,
                "predicted": float(risk[part].mean()),
                "observed": float(y[part].mean()),
                "observed_lower": low,
                "observed_upper": high,
            }
        )
    return pl.DataFrame(rows)


def group_metrics(
    groups: dict[str, np.ndarray],
    risk: np.ndarray,
    outcome: np.ndarray,
    flagged: np.ndarray,
) -> pl.DataFrame:
    """Per value of each grouping (gender, age group, origin): spells, observed and predicted
    long-term share, AUC, Brier score, calibration error, the share flagged (target group 2),
    and among the long-term unemployed the share flagged (sensitivity), among the others the
    share flagged (false positive rate)."""
    rows = []
    for grouping, values in groups.items():
        for value in sorted(set(values.tolist())):
            rows.append(_one_group(grouping, str(value), values == value, risk, outcome, flagged))
    return pl.DataFrame(rows)


def _one_group(
    grouping: str,
    value: str,
    mask: np.ndarray,
    risk: np.ndarray,
    outcome: np.ndarray,
    flagged: np.ndarray,
) -> dict[str, object]:
    r, y, f = risk[mask], outcome[mask].astype(bool), flagged[mask]
    return {
        "grouping": grouping,
        "group": value,
        "spells": int(mask.sum()),
        "observed": float(y.mean()),
        "predicted": float(r.mean()),
        "auc": auc(r, y),
        "brier": brier(r, y),
        "calibration_error": calibration_error(r, y),
        "flagged": float(f.mean()),
        "sensitivity": float(f[y].mean()) if y.any() else math.nan,
        "false_positive_rate": float(f[~y].mean()) if (~y).any() else math.nan,
    }
