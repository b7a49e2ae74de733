"""Day arithmetic on day numbers (days since 1970-01-01) for whole arrays: weekdays, months,
Danish public holidays."""

from __future__ import annotations

import datetime as dt

import holidays
import numpy as np

from akasse.sim.config import EPOCH

LAST_DAY = (dt.date(2040, 1, 1) - EPOCH).days
_DAYS = np.arange(LAST_DAY + 1, dtype=np.int64)
# 1970-01-01 was a Thursday (weekday 3).
WEEKDAY = ((_DAYS + 3) % 7).astype(np.int8)
_IS_WEEKDAY = WEEKDAY < 5
# Weekdays in days [0, d) for every d.
_CUM_WEEKDAYS = np.concatenate([[0], np.cumsum(_IS_WEEKDAY)]).astype(np.int32)
_DATES = np.datetime64(EPOCH, "D") + _DAYS.astype("timedelta64[D]")
_MONTH = (_DATES.astype("datetime64[M]").astype(np.int64)).astype(np.int32)  # months since 1970-01
_MONTH_START = (np.arange(_MONTH[-1] + 2).astype("datetime64[M]").astype("datetime64[D]")).astype(
    np.int64
)


def weekdays_between(start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Monday-Friday days in [start, stop) for each pair (0 when stop <= start)."""
    lo = np.clip(start, 0, LAST_DAY)
    hi = np.clip(stop, 0, LAST_DAY)
    return np.where(hi > lo, _CUM_WEEKDAYS[hi] - _CUM_WEEKDAYS[lo], 0)


def month_of(days: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of each day."""
    return np.asarray(_MONTH[np.clip(days, 0, LAST_DAY)])


def month_start(months: np.ndarray) -> np.ndarray:
    """First day (day number) of each month number."""
    return np.asarray(_MONTH_START[months])


def working_days(first: int, last: int) -> np.ndarray:
    """Day numbers from ``first`` to ``last`` inclusive that are neither weekend nor a Danish
    public holiday."""
    days = np.arange(first, last + 1)
    dates = _DATES[days].astype(dt.date)
    years = range(dates[0].year, dates[-1].year + 1)
    danish = holidays.country_holidays("DK", years=years)
    off = np.array([d in danish for d in dates], dtype=np.bool_)
    return days[_IS_WEEKDAY[days] & ~off]
