"""How a report is rendered: its tables and figures with Danish labels, written as JSON,
Excel (one sheet per table) or a self-contained HTML page with a method note. The reports
themselves are built in ``akasse.stats.reports``."""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import polars as pl
from matplotlib.figure import Figure
from openpyxl import Workbook

from akasse.stats.dataset import Selection

FORMATS = ("json", "xlsx", "html")
LABELS = {
    "fund": "A-kasse",
    "month": "Måned",
    "referred": "Visiterede",
    "exited": "Afsluttede",
    "exited_period_used": "Afsluttet: periode brugt",
    "exited_left_fund": "Afsluttet: udmeldt",
    "exited_moved_out": "Afsluttet: fraflyttet",
    "exited_early_jobcentre": "Afsluttet: tidlig indsats",
    "exited_trial_ended": "Afsluttet: forsøget sluttede",
    "covered": "Omfattet ultimo",
    "participants": "Deltagere med fuld periode",
    "share_0": "0 samtaler",
    "share_1": "1 samtale",
    "share_2": "2 samtaler",
    "share_3_plus": "3+ samtaler",
    "offer_type": "Tilbudstype",
    "started": "Påbegyndt",
    "share": "Andel",
    "year": "År",
    "placements": "Jobformidlinger",
    "presentations": "Jobpræsentationer",
    "relevant": "Heraf relevante",
    "permanent": "Heraf faste",
    "target": "Mål",
    "group": "Gruppe",
    "week": "Uge",
    "followed": "Fulgt",
    "with_return": "På dagpenge, med tilbagefald",
    "with_return_lower": "nedre",
    "with_return_upper": "øvre",
    "without_return": "På dagpenge, uden tilbagefald",
    "without_return_lower": "nedre",
    "without_return_upper": "øvre",
    "employed": "Beskæftiget",
    "kind": "Samtaletype",
    "judged": "Frister",
    "met": "Til tiden",
    "late": "For sent",
    "overdue": "Ikke afholdt",
    "on_time": "Andel til tiden",
    "branch_id": "Afdeling",
    "caseworker_id": "Medarbejder",
    "wave": "Runde",
    "item": "Spørgsmål",
    "trial": "Forsøg",
    "non_trial": "Ikke-forsøg",
    "difference": "Forskel",
    "se": "Standardfejl",
    "p_value": "p-værdi",
    "stars": "Signifikans",
    "respondents": "Svar",
    "dont_know": "Ved ikke",
    "top2": "Top-2-andel",
    "top2_unweighted": "Top-2-andel, uvægtet",
    "lowest_fund": "Lavest",
    "lowest": "Laveste andel",
    "highest_fund": "Højest",
    "highest": "Højeste andel",
    "previous": "Forrige runde",
    "outcome": "Udfald",
    "method": "Metode",
    "estimate": "Estimat",
    "lower": "Nedre 95 %",
    "upper": "Øvre 95 %",
    "treated": "Deltagere",
    "controls": "Ikke-deltagere",
    "covariate": "Kendetegn",
    "smd_before": "Std. forskel før",
    "smd_after": "Std. forskel efter",
    "change": "Ændring",
    "sent": "Udsendt",
    "answered": "Besvaret",
    "rate": "Svarprocent",
    "dagpenge": "Dagpenge",
    "other": "Anden status",
}
SHARE_COLUMNS = {c for c in LABELS if c.startswith(("share", "with", "without"))} | {
    "employed",
    "dagpenge",
    "other",
    "on_time",
    "trial",
    "non_trial",
    "difference",
    "se",
    "top2",
    "top2_unweighted",
    "lowest",
    "highest",
    "previous",
    "change",
    "rate",
}


@dataclass
class Report:
    kind: str
    title: str
    selection: Selection
    source: str
    method: str
    tables: dict[str, tuple[str, pl.DataFrame]] = field(default_factory=dict)
    figures: list[tuple[str, Figure]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # "Hovedpointer"

    def write(self, fmt: str, out: Path) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(f".{out.name}.partial")
        try:
            {"json": self._json, "xlsx": self._xlsx, "html": self._html}[fmt](tmp)
            tmp.replace(out)
        finally:
            tmp.unlink(missing_ok=True)
            self.close()

    def _meta(self) -> dict[str, Any]:
        return {
            "report": self.kind,
            "title": self.title,
            "selection": self.selection.describe(),
            "data": self.source,
            "method": self.method,
            "notes": self.notes,
            "summary": self.summary,
        }

    def _json(self, path: Path) -> None:
        content = {
            **self._meta(),
            "tables": {name: frame.to_dicts() for name, (_, frame) in self.tables.items()},
        }
        path.write_text(json.dumps(content, ensure_ascii=False, indent=2, default=_default) + "\n")

    def _xlsx(self, path: Path) -> None:
        book = Workbook()
        about = book.active
        assert about is not None
        about.title = "Om rapporten"
        for key, value in self._meta().items():
            about.append([key, " ".join(value) if isinstance(value, list) else value])
        for name, (caption, frame) in self.tables.items():
            sheet = book.create_sheet(name[:31])
            sheet.append([caption])
            sheet.append([LABELS.get(c, c) for c in frame.columns])
            for row in frame.iter_rows():
                sheet.append(list(row))
        book.save(path)

    def body_html(self) -> str:
        """The report without the page around it (its text escaped), for embedding."""
        parts = [
            f"<p class='meta'>Udvalg: {html.escape(self.selection.describe())}. "
            f"Data: {html.escape(self.source)}.</p>",
            *(f"<p class='note'>{html.escape(note)}</p>" for note in self.notes),
        ]
        if self.summary:
            items = "".join(f"<li>{html.escape(point)}</li>" for point in self.summary)
            parts.append(f"<h2>Hovedpointer</h2><ul>{items}</ul>")
        for caption, figure in self.figures:
            parts.append(
                f"<figure>{_svg(figure)}<figcaption>{html.escape(caption)}</figcaption></figure>"
            )
        for caption, frame in self.tables.values():
            parts.append(f"<h2>{html.escape(caption)}</h2>{_table(frame)}")
        parts.append(f"<h2>Metode</h2><p>{html.escape(self.method)}</p>")
        return "\n".join(parts)

    def close(self) -> None:
        for _, figure in self.figures:
            plt.close(figure)

    def _html(self, path: Path) -> None:
        page = [
            "<!doctype html><html lang='da'><head><meta charset='utf-8'>",
            f"<title>{html.escape(self.title)}</title><style>{_CSS}</style></head><body>",
            f"<h1>{html.escape(self.title)}</h1>",
            self.body_html(),
            "</body></html>",
        ]
        path.write_text("\n".join(page), encoding="utf-8")


def pct(share: float | None) -> str:
    """A share as Danish percent text: 0.504 -> '50,4 pct.'."""
    return "#" if share is None else f"{100 * share:.1f} pct.".replace(".", ",", 1)


def number(value: float) -> str:
    """Danish thousands separators: 44589 -> '44.589'."""
    return f"{value:,.0f}".replace(",", ".")


def _default(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _svg(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img alt='' src='data:image/png;base64,{data}'>"


def _cell(column: str, value: object) -> str:
    if value is None:
        return "#" if column in SHARE_COLUMNS else ""
    if column in SHARE_COLUMNS and isinstance(value, float):
        return f"{100 * value:.1f}".replace(".", ",")
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m")
    return html.escape(str(value))


HTML_ROWS = 60  # longer tables are cut in the page; Excel and JSON hold them whole


def _table(frame: pl.DataFrame) -> str:
    note = ""
    if frame.height > HTML_ROWS:
        note = (
            f"<p class='meta'>De første {HTML_ROWS} af {frame.height:,} rækker; hele tabellen er i "
            "Excel- og JSON-udgaven.</p>".replace(",", ".")
        )
        frame = frame.head(HTML_ROWS)
    head = "".join(
        f"<th>{html.escape(LABELS.get(c, c))}{' (pct.)' if c in SHARE_COLUMNS else ''}</th>"
        for c in frame.columns
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td>{_cell(c, v)}</td>" for c, v in zip(frame.columns, row, strict=True))
        + "</tr>"
        for row in frame.iter_rows()
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"


_CSS = """
body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}.meta{color:#555}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}figure{margin:1rem 0}img{max-width:100%}
figcaption{color:#555;font-size:.9rem}.note{background:#fff4d6;padding:.5rem .75rem}
"""
