"""The monitoring and survival reports of ``akasse.stats`` computed from the live database: the
database is exported in the dataset schema to a temporary folder and the same report code runs
on it, so the page shows the same figures as ``akasse report`` on an export."""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from akasse.stats.dataset import Dataset, DatasetError, Selection, SelectionError

KINDS = ("monitoring", "survival")
CACHE_SECONDS = 600


@dataclass(frozen=True)
class LiveReport:
    title: str
    body: str  # HTML made by akasse.stats.render, its text already escaped
    made_at: dt.datetime  # formatted in the page, in the reader's language


def _build(fund: str | None) -> list[LiveReport]:
    from akasse.stats.reports import build  # noqa: PLC0415  (matplotlib: only when needed)
    from akasse.web.dataio.export import export_dataset  # noqa: PLC0415

    made_at = timezone.localtime()
    with tempfile.TemporaryDirectory(prefix="akasse-live-") as tmp:
        folder = Path(tmp) / "data"
        export_dataset(folder)
        data = Dataset(folder)
        reports = []
        for kind in KINDS:
            report = build(kind, data, Selection(fund=fund))
            try:
                reports.append(LiveReport(report.title, report.body_html(), made_at))
            finally:
                report.close()
    return reports


def live_reports(fund: str | None) -> list[LiveReport] | str:
    """The reports, or why there are none (no spells yet, say), cached for ten minutes."""
    key = f"live-reports:{fund or 'alle'}"
    cached: list[LiveReport] | None = cache.get(key)
    if cached is not None:
        return cached
    try:
        reports = _build(fund)
    except (SelectionError, DatasetError) as exc:
        return _("Rapporterne kan ikke beregnes: %(reason)s") % {"reason": exc}
    cache.set(key, reports, CACHE_SECONDS)
    return reports
