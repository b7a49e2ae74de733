"""A dataset folder (docs/data.md) opened for statistics: tables checked against the schema,
and the selection of spells a report covers (fund, months of the first day)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from akasse.dataset.read import DatasetError, check_table, read_table

__all__ = ["Dataset", "DatasetError", "Selection", "SelectionError"]


class SelectionError(ValueError):
    """The selection (fund, period) holds no spells, or names an unknown fund."""


@dataclass(frozen=True)
class Selection:
    """Spells of one fund (or all) whose first day falls in [first, last] months."""

    fund: str | None = None
    first: dt.date | None = None  # first day of the first month
    last: dt.date | None = None  # last day of the last month

    @classmethod
    def of(cls, fund: str | None, start: str | None, end: str | None) -> Selection:
        return cls(
            fund, _month(start, "--from") if start else None, _month_end(end) if end else None
        )

    def describe(self) -> str:
        fund = self.fund or "alle a-kasser"
        first = self.first.strftime("%Y-%m") if self.first else "start"
        last = self.last.strftime("%Y-%m") if self.last else "slut"
        return f"{fund}, første ledighedsdag {first} til {last}"


def _month(text: str, flag: str) -> dt.date:
    try:
        return dt.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise SelectionError(f"{flag} {text!r}: give a month as YYYY-MM") from None


def _month_end(text: str) -> dt.date:
    start = _month(text, "--to")
    following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


class Dataset:
    def __init__(self, path: Path) -> None:
        if not path.is_dir():
            raise DatasetError(f"{path}: no such dataset folder")
        self.path = path
        manifest = path / "manifest.json"
        self.manifest = (
            json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
        )
        self._cache: dict[str, pl.DataFrame] = {}

    def table(self, name: str, columns: list[str] | None = None) -> pl.DataFrame:
        """A whole table (or some columns), checked against the schema."""
        key = f"{name}:{','.join(columns or [])}"
        if key not in self._cache:
            self._cache[key] = read_table(self.path, name, columns)
        return self._cache[key]

    def scan(self, name: str, columns: list[str]) -> pl.LazyFrame:
        """A lazy scan of a large table, after checking the columns' presence and types."""
        path, wanted = check_table(self.path, name, columns)
        return pl.scan_parquet(path).select(wanted)

    @property
    def as_of(self) -> dt.date:
        """The data's last day: the manifest's, else the last day of the latest month with
        hours paid (an export without a manifest)."""
        if "as_of" in self.manifest:
            return dt.date.fromisoformat(str(self.manifest["as_of"]))
        latest = self.table("hours", ["month"])["month"].max()
        if not isinstance(latest, dt.date):
            raise DatasetError(
                f"{self.path}: no manifest.json and no hours paid to date the data by"
            )
        following = dt.date(latest.year + latest.month // 12, latest.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def without_comparison(self, fund: str | None) -> bool:
        """Whether ``fund`` ran the trial in every municipality outside the free ones (Dansk
        Metal-A, FOA-A and SL-A): its own members outside the trial live only in free
        municipalities, which ran their own contact-course experiments, so the fund has no
        comparison group."""
        if fund is None:
            return False
        municipalities = self.table("municipalities", ["municipality", "free_municipality"])
        eligible = municipalities.filter(~pl.col("free_municipality")).height
        trial = self.table("trial_participation", ["fund", "municipality"])
        return trial.filter(pl.col("fund") == fund).height == eligible

    def spells(self, selection: Selection, columns: list[str]) -> pl.DataFrame:
        """The selected spells; raises SelectionError when there are none."""
        wanted = list(dict.fromkeys(["spell_id", "fund", "first_day", *columns]))
        frame = self.table("spells", wanted)
        if selection.fund is not None:
            if selection.fund not in set(frame["fund"].unique()):
                known = ", ".join(sorted(frame["fund"].unique()))
                raise SelectionError(f"--fund {selection.fund!r}: not in this dataset ({known})")
            frame = frame.filter(pl.col("fund") == selection.fund)
        if selection.first is not None:
            frame = frame.filter(pl.col("first_day") >= selection.first)
        if selection.last is not None:
            frame = frame.filter(pl.col("first_day") <= selection.last)
        if frame.is_empty():
            raise SelectionError(f"no spells in the selection: {selection.describe()}")
        return frame.select(wanted)
