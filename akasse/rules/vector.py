"""NumPy versions of the calendar, the hour clock and the event rules, for ``plan_frame``.

Dates are int64 days since 1970-01-01 and months are int64 months since 1970-01, as in
``akasse.rules.dates``. An unknown date is ``NO_DATE``, which sorts after every real date.
Each function mirrors a per-case rule named in its docstring; ``plan_frame`` is tested against
``plan`` on thousands of random cases.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from akasse.rules.law import DatedHours
from akasse.rules.model import Insurance, Month

I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
I8 = npt.NDArray[np.int8]
Bools = npt.NDArray[np.bool_]
NO_DATE = np.int64(2**31 - 1)  # fits int32 arrays; real days stay below 2**17
_KEY = np.int64(2**24)  # spell index * _KEY + day: days stay below 2**24 (year 47,900)
_LAST_MONTH = (2200 - 1970) * 12  # dates up to 2200 are supported
LAST_DAY = int(np.datetime64("2199-12-31", "D").astype(np.int64))


def _calendar() -> tuple[I64, I64, I64]:
    """Lookup tables from 1970 to 2200: month of each day, first day of each month, and last
    day of each month (NumPy's datetime conversions are slower than a gather)."""
    days = np.arange(np.datetime64("2200-01-01", "D").astype(np.int64) + 1, dtype=np.int64)
    month_of_day = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    months = np.arange(_LAST_MONTH + 2, dtype=np.int64)
    first_of_month = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return month_of_day, first_of_month, first_of_month[1:] - 1


_MONTH_OF_DAY, _FIRST_OF_MONTH, _LAST_OF_MONTH = _calendar()
_MONTH_OF_DAY_32 = _MONTH_OF_DAY.astype(np.int32)


def month_of(days: I64) -> I64:
    """``dates.month_of``."""
    months: I64 = _MONTH_OF_DAY[days]
    return months


def month_of_32(days: I64) -> I32:
    """``month_of`` as int32, for arrays with a row per spell and month."""
    months: I32 = _MONTH_OF_DAY_32[days]
    return months


def month_end(months: I64) -> I64:
    """``dates.month_end`` (last day of the month), keeping NO_DATE-month inputs unknown."""
    known = months < NO_DATE
    ends: I64 = np.where(known, _LAST_OF_MONTH[np.where(known, months, 0)], NO_DATE)
    return ends


def period_end(first_days: I64, months: int) -> I64:
    """``dates.period_end``: first day + N calendar months (clamped to month end) - 1 day."""
    start_month = _MONTH_OF_DAY[first_days]
    day_in_month = first_days - _FIRST_OF_MONTH[start_month]
    target = start_month + months
    due: I64 = np.minimum(_FIRST_OF_MONTH[target] + day_in_month, _LAST_OF_MONTH[target]) - 1
    return due


def dated_hours(quantity: DatedHours, days: I64, insurance: Bools) -> I64:
    """``DatedHours.at`` for many spells; ``insurance`` is True for part-time."""
    starts = np.array(quantity.starts, dtype="datetime64[D]").astype(np.int64)
    index = np.searchsorted(starts, days, side="right") - 1
    if (index < 0).any():
        raise ValueError(f"{quantity.name}: a spell starts before the first value")
    full = np.array(quantity.values[Insurance.FULL_TIME], dtype=np.int64)[index]
    part = np.array(quantity.values[Insurance.PART_TIME], dtype=np.int64)[index]
    return np.where(insurance, part, full)


class MonthTable:
    """Suspended months as arrays, for counting projected (non-suspended) months fast."""

    def __init__(self, suspended: frozenset[Month]) -> None:
        flags = np.zeros(_LAST_MONTH + 1, dtype=np.bool_)
        flags[[m for m in suspended if 0 <= m <= _LAST_MONTH]] = True
        self.suspended = flags
        self.counted = np.cumsum(~flags)  # counted[m]: non-suspended months in [0, m]
        # nth[j]: the month in which the count of non-suspended months reaches j
        self.nth = np.searchsorted(self.counted, np.arange(int(self.counted[-1]) + 1))

    def kth_counted(self, start: I64, k: I64) -> I64:
        """The month in which the k-th (k >= 1) non-suspended month from ``start`` falls."""
        before = np.where(start > 0, self.counted[np.maximum(start - 1, 0)], 0)
        months: I64 = self.nth[before + k].astype(np.int64)
        return months


class PaidHours:
    """Paid months of many spells. Rows are sorted by spell and month; ``month_key`` is
    ``spell * month_span + month`` and ``starts`` the first row of each spell that has any.
    ``hours`` is taken over (suspended months are zeroed in place).

    Hours are never negative, so the running total over all rows never falls: a spell's
    cumulative consumption at a row is ``running[row] - before[spell]``, and the first row
    where it passes a threshold is one binary search in ``running``."""

    def __init__(
        self,
        spell: I64,
        month: I32,
        hours: I32,
        month_key: I64,
        starts: I64,
        month_span: int,
        table: MonthTable,
        n: int,
    ) -> None:
        self.spell, self.month, self.month_key, self.month_span = (
            spell,
            month,
            month_key,
            month_span,
        )
        self.last_paid_month = _last_positive_month(spell, month, hours, starts, n)
        hours[table.suspended[month]] = 0
        # Cast once and sum in place: cumsum with a wider accumulator dtype is slower in NumPy.
        self.running = hours.astype(np.int64)
        np.cumsum(self.running, out=self.running)
        self.before = np.zeros(n, np.int64)
        self.total = np.zeros(n, np.int64)
        self.last_month = np.full(n, -1, np.int64)
        self.first_row = np.full(n, -1, np.int64)
        self.gapless = np.zeros(n, np.bool_)
        if starts.size:
            last = np.append(starts[1:], spell.size) - 1
            owners = spell[starts]
            self.before[owners] = self.running[starts] - hours[starts]
            self.total[owners] = self.running[last] - self.before[owners]
            self.last_month[owners] = month[last]
            # Spells whose listed months run without a gap: a month's row is found by counting.
            self.first_row[owners] = starts
            self.gapless[owners] = month[last] - month[starts] == last - starts

    def consumed_through(self, month: I64) -> I64:
        """``HourClock.consumed_through`` for every spell (``month`` per spell): its total when
        every paid month is on or before ``month`` (the usual case), else the cumulative
        consumption at its last paid month on or before it."""
        used = self.total.copy()
        later = self.last_month > month
        counted = np.flatnonzero(later & self.gapless)
        first = self.first_row[counted]
        offset = month[counted] - self.month[first]
        rows = first + np.maximum(offset, 0)
        used[counted] = np.where(offset >= 0, self.running[rows] - self.before[counted], 0)
        spells = np.flatnonzero(later & ~self.gapless)
        query = spells * self.month_span + month[spells]
        rows = np.searchsorted(self.month_key, query, side="right") - 1
        safe = np.maximum(rows, 0)
        own = (rows >= 0) & (self.spell[safe] == spells)
        used[spells] = np.where(own, self.running[safe] - self.before[spells], 0)
        return used

    def first_crossing(self, threshold: I64, strict: bool) -> I64:
        """``HourClock.crossing`` over paid months: per spell the first month whose cumulative
        consumption is more than (``strict``) or at least a positive threshold, or NO_DATE."""
        out = np.full(threshold.size, NO_DATE, dtype=np.int64)
        crossed = self.total > threshold if strict else self.total >= threshold
        spells = np.flatnonzero(crossed)
        target = threshold[spells] + self.before[spells]
        rows = np.searchsorted(self.running, target, side="right" if strict else "left")
        out[spells] = self.month[rows]
        return out


def _last_positive_month(spell: I64, month: I32, hours: I32, starts: I64, n: int) -> I64:
    """Per spell the last month with hours paid (more than 0), or -1: months rise within a
    spell, so it is the spell's largest month among rows with hours."""
    last = np.full(n, -1, np.int64)
    if starts.size:
        paid_months = np.where(hours > 0, month, -1)
        last[spell[starts]] = np.maximum.reduceat(paid_months, starts)
    return last


def projected_crossing(
    table: MonthTable, start: I64, before: I64, threshold: I64, norm: I64, strict: bool
) -> I64:
    """The projected month of a crossing not reached by paid months: ``before`` hours so far,
    then ``norm`` hours in every non-suspended month from ``start``."""
    remaining = threshold - before
    k = remaining // norm + 1 if strict else -(-remaining // norm)
    return table.kth_counted(start, np.maximum(k, 1))


class EventIndex:
    """Job starts, re-registrations and spell ends of many spells, for the rules of
    ``course.in_work_on`` and ``course.spell_end``."""

    def __init__(self, spell: I64, day: I64, kind: npt.NDArray[np.str_], n: int) -> None:
        self.starts = self._keys(spell, day, kind == "job_start")
        self.rereg = self._keys(spell, day, kind == "reregistered")
        ending = (kind == "left_fund") | (kind == "moved_out")
        self.end = np.full(n, NO_DATE, dtype=np.int64)
        np.minimum.at(self.end, spell[ending], day[ending])

    @staticmethod
    def _keys(spell: I64, day: I64, mask: Bools) -> I64:
        return np.sort(spell[mask] * _KEY + day[mask])

    def in_work_on(self, spell: I64, day: I64) -> Bools:
        """A job started before ``day`` with no re-registration from that start to ``day``."""
        if not self.starts.size:
            return np.zeros(day.shape, np.bool_)
        known = day < NO_DATE
        query = spell * _KEY + np.where(known, day, 0)
        # A key at or below the query belongs to the same spell exactly when it is at least
        # the spell's first key (comparisons, not divisions: this runs on millions of slots).
        floor = spell * _KEY
        i = np.searchsorted(self.starts, query, side="left") - 1
        start_key = self.starts[np.maximum(i, 0)] if self.starts.size else np.zeros_like(query)
        has_start = (i >= 0) & (start_key >= floor) & known
        j = np.searchsorted(self.rereg, query, side="right") - 1
        rereg_key = self.rereg[np.maximum(j, 0)] if self.rereg.size else np.zeros_like(query)
        back = (j >= 0) & (rereg_key >= floor) & (rereg_key >= start_key)
        working: Bools = has_start & ~back
        return working
