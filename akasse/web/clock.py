"""The application's date: ``AKASSE_TODAY`` when set (the demo runs on its data's last day),
otherwise the local date in Copenhagen. Views pass it to the rules engine explicitly."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed: dt.date | None = settings.TODAY
    return fixed if fixed is not None else timezone.localdate()
