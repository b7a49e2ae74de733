"""From trajectories to what a fund records: dagpenge hours paid per calendar month, and the
weekly status rows."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from akasse.sim.calendar import month_of, month_start, weekdays_between
from akasse.sim.trajectory import DAGPENGE, Trajectories

# Hours paid per weekday on dagpenge, in hundredths: 37 h / 5 days full-time, 30 h / 5 part-time.
DAY_HUNDREDTHS_FULL = 740
DAY_HUNDREDTHS_PART = 600


@dataclass(frozen=True)
class MonthlyHours:
    spell: np.ndarray  # spell index
    month: np.ndarray  # months since 1970-01
    hundredths: np.ndarray  # hours paid x 100


def monthly_hours(
    first_day: np.ndarray, part_time: np.ndarray, traj: Trajectories, as_of: int
) -> MonthlyHours:
    """Hours paid for each month with dagpenge days, up to ``as_of`` (inclusive)."""
    on = traj.status == DAGPENGE
    spell = traj.spell[on].astype(np.int64)
    start = first_day[spell] + 7 * traj.start[on].astype(np.int64)
    stop = np.minimum(first_day[spell] + 7 * traj.end[on].astype(np.int64), as_of + 1)
    keep = stop > start
    spell, start, stop = spell[keep], start[keep], stop[keep]
    m0 = month_of(start)
    m1 = month_of(stop - 1)
    count = (m1 - m0 + 1).astype(np.int64)
    row = np.repeat(np.arange(spell.size), count)
    offset = np.arange(row.size) - np.repeat(np.cumsum(count) - count, count)
    month = m0[row] + offset
    lo = np.maximum(start[row], month_start(month))
    hi = np.minimum(stop[row], month_start(month + 1))
    days = weekdays_between(lo, hi)
    rate = np.where(part_time[spell[row]], DAY_HUNDREDTHS_PART, DAY_HUNDREDTHS_FULL)
    hundredths = days * rate
    # A spell can have two dagpenge periods in one month: add them up.
    key = spell[row] * 4096 + month
    order = np.argsort(key, kind="stable")
    key = key[order]
    first = np.concatenate([[True], key[1:] != key[:-1]]) if key.size else np.zeros(0, np.bool_)
    starts = np.flatnonzero(first)
    total = np.add.reduceat(hundredths[order], starts) if starts.size else hundredths[:0]
    key = key[starts]
    keep = total > 0
    return MonthlyHours(
        (key[keep] // 4096).astype(np.int32),
        (key[keep] % 4096).astype(np.int32),
        total[keep].astype(np.int32),
    )


def weekly_rows(
    first_day: np.ndarray, traj: Trajectories, as_of: int, chunk: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(spell index, week, status) for every week that has begun by ``as_of``, in chunks of
    about ``chunk`` segments so the weekly table never sits in memory whole."""
    n = traj.spell.size
    a = 0
    while a < n:
        b = min(n, a + chunk)
        # Do not split a spell between chunks.
        while b < n and traj.spell[b] == traj.spell[b - 1]:
            b += 1
        spell = traj.spell[a:b]
        start = traj.start[a:b].astype(np.int64)
        seen = (as_of - first_day[spell]) // 7 + 1  # weeks begun by as_of
        end = np.minimum(traj.end[a:b].astype(np.int64), seen)
        length = np.clip(end - start, 0, None)
        row = np.repeat(np.arange(spell.size), length)
        week = start[row] + np.arange(row.size) - np.repeat(np.cumsum(length) - length, length)
        yield spell[row], week.astype(np.int16), traj.status[a:b][row]
        a = b
