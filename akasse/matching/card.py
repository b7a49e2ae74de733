"""The matching's model card figure for fairness: hire-rate parity by group. For each group
(gender, age group) the mean hire chance of the openings ranked first for its members, over
that of everyone; 1.0 is parity. The hire model never sees these groups (hire.FEATURES), so a
gap comes from what differs between the groups' CVs and places, which the card lets a fund
see and question."""

from __future__ import annotations

import numpy as np

AGE_GROUPS = ((18, 29, "18-29"), (30, 39, "30-39"), (40, 49, "40-49"), (50, 59, "50-59"))
OLDEST = "60+"


def age_group(age: np.ndarray) -> np.ndarray:
    out = np.full(age.shape, OLDEST, dtype=object)
    for low, high, name in AGE_GROUPS:
        out[(age >= low) & (age <= high)] = name
    return out


def parity(hire: np.ndarray, groups: np.ndarray) -> dict[str, tuple[int, float, float]]:
    """Per group: (members, mean hire chance of their ranked openings, ratio to everyone's).
    ``hire`` is (members x k), NaN where a member had fewer openings."""
    per_member = np.nanmean(np.where(np.isnan(hire), np.nan, hire), axis=1)
    overall = float(np.nanmean(per_member)) if per_member.size else float("nan")
    out: dict[str, tuple[int, float, float]] = {}
    for group in sorted({str(g) for g in groups}):
        mask = groups == group
        mean = float(np.nanmean(per_member[mask]))
        out[group] = (int(mask.sum()), mean, mean / overall if overall else float("nan"))
    return out
