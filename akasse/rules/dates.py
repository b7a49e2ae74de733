"""Calendar arithmetic shared by the per-case and the batch planner.

Months are integers counted from 1970-01 (= 0), the same numbering as NumPy's
``datetime64[M]``, so the batch path can use the same numbers without conversion.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from akasse.rules.model import Month

_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
FIRST_DATE = dt.date(1970, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)  # the batch planner's calendar tables end here


class DateRangeError(ValueError):
    """A well-formed date or month outside the years the planners support."""

    def __init__(self) -> None:
        super().__init__(f"must lie between {FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()}")


def month_of(day: dt.date) -> Month:
    return (day.year - 1970) * 12 + day.month - 1


def month_start(month: Month) -> dt.date:
    year, index = divmod(month, 12)
    return dt.date(1970 + year, index + 1, 1)


def month_end(month: Month) -> dt.date:
    """Last day of the month."""
    start = month_start(month)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def parse_month(text: str) -> Month:
    """``"2022-03"`` -> month number; ValueError for anything else (``"2022-13"``, ``"2022-3"``)."""
    match = _MONTH_RE.fullmatch(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a month (write YYYY-MM with month 01-12)")
    if not FIRST_DATE.year <= int(match.group(1)) <= LAST_DATE.year:
        raise DateRangeError
    return (int(match.group(1)) - 1970) * 12 + int(match.group(2)) - 1


def format_month(month: Month) -> str:
    start = month_start(month)
    return f"{start.year:04d}-{start.month:02d}"


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day ``months`` calendar months later; a day the target month lacks becomes its last
    day (31 Jan + 1 month = 28/29 Feb), as dateutil's relativedelta does."""
    target = month_of(day) + months
    start = month_start(target)
    last = calendar.monthrange(start.year, start.month)[1]
    return start.replace(day=min(day.day, last))


def period_end(first_day: dt.date, months: int) -> dt.date:
    """Last day of a period of ``months`` calendar months starting on ``first_day``
    (first day + N months - 1 day)."""
    return add_months(first_day, months) - dt.timedelta(days=1)


def parse_date(text: str, bounded: bool = True) -> dt.date:
    """ISO date ``YYYY-MM-DD`` only (ASCII digits); ValueError otherwise, DateRangeError for a
    real date outside FIRST_DATE .. LAST_DATE."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        raise ValueError(f"{text!r} is not a date (write YYYY-MM-DD)")
    day = dt.date.fromisoformat(text)
    if bounded and not FIRST_DATE <= day <= LAST_DATE:
        raise DateRangeError
    return day
