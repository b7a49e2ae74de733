"""How the application writes days and times: the Danish short forms, in Copenhagen time."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def day_text(day: dt.date | None, none: str = "–") -> str:
    """E.g. 14.03.2022; ``none`` when there is no day."""
    return f"{day:%d.%m.%Y}" if day else none


def time_text(moment: dt.datetime) -> str:
    """The time of day in Copenhagen, e.g. 10.00."""
    return f"{timezone.localtime(moment):%H.%M}"
