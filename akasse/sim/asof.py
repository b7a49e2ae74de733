"""A dataset as it was known on an earlier day: ``cut_dataset`` (``akasse cut``).

The cut keeps only what a fund could have recorded by the end of ``day``; it is a dataset like
any other (every table passes the schema's checks) and is written atomically by the dataset
writer. Row by row:

- ``spells``: first day on or before the day. ``transfer_date`` is kept only if it is *before*
  the day, else empty: the transfer follows from the hours paid, and a month's hours are only
  known once the month is over (see ``hours``), so on the transfer's own day (a month's last
  day) the fund cannot yet know it. This keeps the cut consistent with the rules engine run on
  the cut's own hours.
- ``members``: those with a remaining spell. Name, address and contact details are kept as
  they are: the address is the one of the latest spell in the source, which may have begun
  after the day.
- ``funds``, ``municipalities``, ``trial_participation``, ``branches``, ``caseworkers``,
  ``consultants``, ``employers``: unchanged. The trial's period
  (``trial_participation.from_date``/``to_date``) was laid down before it began, so it may lie
  after the day; so may an opening's ``closes_on`` (below); these are the only dates that can.
- ``weekly_status``: the weeks begun by the day (first day + 7 x week on or before it), the
  convention the simulator uses at its own as_of; a week's status is that of the whole week.
- ``hours``: the months whose last day is before the day (dagpenge are paid after the month).
  A cut at the source's own as_of therefore drops the as_of month's hours and is not the
  source again.
- ``visitations``: referred and exited by the day. The schema has no open visitation (exit day
  and reason are required), so a member still covered by the trial on the day has no row.
- ``conversations``: booked, planned for and (if held) held by the day; one planned for a later
  day is dropped, as the schema has no status for a conversation not yet held.
- ``lab_offers``: requested by the day; a later grant or start is emptied, so an offer pending
  on the day looks like one not granted.
- ``job_openings``: posted by the day; ``closes_on`` is kept, as the ad gave its last day to
  apply when it was posted. ``job_presentations`` and ``placements``: presented or placed by
  the day, for a remaining spell and opening.
- ``cvs``: updated by the day, of a remaining member; a CV updated after the day has no row
  (the table holds a CV's latest version only, so the earlier version is not known). ``cv_jobs``:
  those of the remaining CVs (they are dated by the CV's update, so none is after the day).
- ``joblog``: applied by the day, for a remaining spell (and opening, where one is named).
- ``employment``: started by the day, for a remaining spell; a later end, notice or contact in
  the notice period is emptied, and the consent to that contact is false where the notice was
  emptied (there is no notice for it to belong to).
- ``survey_responses``: sent by the day. The table does not date the answers, so a wave sent
  shortly before the day keeps answers that may have come in after it.
- ``profiling``: the remaining spells (known at the first day). ``truth`` and ``model.json``:
  the remaining spells and the true models, unchanged; they are the generator's knowledge, never
  a fund's, and are kept so that estimators run on the cut can still be scored.

The manifest is the source's with ``as_of`` set to the day, ``cut_from`` the as_of of the data
originally simulated or exported, and the row counts of the cut.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from akasse.dataset.read import DatasetError, check_table, read_table
from akasse.dataset.schema import tables
from akasse.dataset.write import MANIFEST, DatasetWriter, check_target

MODEL = "model.json"
# Large tables (weekly_status runs to tens of millions of rows nationally) are cut in chunks of
# this many rows so that none sits in memory whole.
CHUNK_ROWS = 1 << 20


@dataclass(frozen=True)
class _Known:
    """What remains on the day, for filtering the tables that refer to it."""

    day: dt.date
    spells: pl.DataFrame  # spell_id, first_day
    members: pl.Series
    openings: pl.Series
    cvs: pl.Series  # member_id of the CVs kept

    def by(self, column: str) -> pl.Expr:
        """The date column is on or before the day."""
        return pl.col(column) <= self.day

    def keep(self, column: str) -> pl.Expr:
        """The date where it is on or before the day, else empty."""
        return pl.when(self.by(column)).then(pl.col(column)).alias(column)

    @property
    def spell(self) -> pl.Expr:
        return pl.col("spell_id").is_in(self.spells["spell_id"].implode())

    @property
    def opening(self) -> pl.Expr:
        return pl.col("opening_id").is_in(self.openings.implode())


Cut = Callable[[pl.DataFrame, _Known], pl.DataFrame]


def _unchanged(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame


def _spells(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    transfer = pl.col("transfer_date")
    return frame.filter(known.by("first_day")).with_columns(
        pl.when(transfer < known.day).then(transfer).alias("transfer_date")
    )


def _members(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame.filter(pl.col("member_id").is_in(known.members.implode()))


def _weekly_status(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    begun = pl.col("first_day") + pl.duration(days=pl.col("week").cast(pl.Int64) * 7)
    return (
        frame.join(known.spells, on="spell_id", how="inner", maintain_order="left")
        .filter(begun <= known.day)
        .drop("first_day")
    )


def _hours(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame.filter(known.spell, pl.col("month").dt.month_end() < known.day)


def _visitations(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame.filter(known.spell, known.by("referred_on"), known.by("exit_on"))


def _conversations(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    held = pl.col("held_on").is_null() | known.by("held_on")
    return frame.filter(known.spell, known.by("booked_on"), known.by("planned_for"), held)


def _lab_offers(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame.filter(known.spell, known.by("requested_on")).with_columns(
        known.keep("granted_on"), known.keep("started_on")
    )


def _job_openings(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame.filter(known.by("posted_on"))


def _job_presentations(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame.filter(known.spell, known.opening, known.by("presented_on"))


def _placements(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame.filter(known.spell, known.opening, known.by("placed_on"))


def _cvs(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame.filter(pl.col("member_id").is_in(known.cvs.implode()))


def _joblog(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    named = pl.col("opening_id").is_null() | known.opening
    return frame.filter(known.spell, known.by("applied_on"), named)


def _employment(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    # with_columns evaluates on the rows as read, so this sees the notice before it is emptied.
    later_notice = (pl.col("notice_given_on") > known.day).fill_null(False)
    return frame.filter(known.spell, known.by("start_date")).with_columns(
        known.keep("end_date"),
        known.keep("notice_given_on"),
        known.keep("notice_contact_on"),
        pl.col("notice_contact_consent") & ~later_notice,
    )


def _survey_responses(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame.filter(known.spell, known.by("sent_on"))


def _of_spell(frame: pl.DataFrame, known: _Known) -> pl.DataFrame:
    return frame.filter(known.spell)


CUTS: dict[str, Cut] = {
    "funds": _unchanged,
    "municipalities": _unchanged,
    "trial_participation": _unchanged,
    "branches": _unchanged,
    "caseworkers": _unchanged,
    "consultants": _unchanged,
    "employers": _unchanged,
    "members": _members,
    "spells": _spells,
    "weekly_status": _weekly_status,
    "hours": _hours,
    "visitations": _visitations,
    "conversations": _conversations,
    "lab_offers": _lab_offers,
    "job_openings": _job_openings,
    "job_presentations": _job_presentations,
    "placements": _placements,
    "cvs": _cvs,
    "cv_jobs": _cvs,
    "joblog": _joblog,
    "employment": _employment,
    "survey_responses": _survey_responses,
    "profiling": _of_spell,
    "truth": _of_spell,
}


def read_manifest(source: Path) -> dict[str, Any]:
    """The dataset's manifest; raises if ``source`` is not a dataset folder."""
    if not source.is_dir():
        raise DatasetError(f"dataset {source} is not a folder")
    path = source / MANIFEST
    if not path.exists():
        raise DatasetError(f"{source}: {MANIFEST} is missing (not a dataset folder)")
    return _json_object(path)


def _json_object(path: Path) -> dict[str, Any]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{path}: cannot be read as JSON: {exc}") from exc
    if not isinstance(found, dict):
        raise DatasetError(f"{path}: expected a JSON object")
    return found


def _as_of(manifest: dict[str, Any], source: Path) -> dt.date:
    try:
        return dt.date.fromisoformat(str(manifest["as_of"]))
    except (KeyError, ValueError) as exc:
        raise DatasetError(
            f"{source / MANIFEST}: as_of is missing or not a date (YYYY-MM-DD)"
        ) from exc


def _model(source: Path) -> dict[str, Any] | None:
    path = source / MODEL
    return _json_object(path) if path.exists() else None


def _chunks(source: Path, name: str) -> Iterator[pl.DataFrame]:
    path, columns = check_table(source, name)
    try:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=CHUNK_ROWS, columns=columns):
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            yield frame
    except (OSError, pa.ArrowException) as exc:
        raise DatasetError(f"{path}: cannot be read as Parquet: {exc}") from exc


def _manifest(manifest: dict[str, Any], as_of: dt.date, day: dt.date) -> dict[str, Any]:
    # A cut of a cut still names the as_of of the data it all came from.
    origin = str(manifest.get("cut_from", as_of.isoformat()))
    out: dict[str, Any] = {}
    for key, value in manifest.items():
        if key in ("tables", "cut_from"):
            continue
        out[key] = value
        if key == "as_of":
            out["as_of"] = day.isoformat()
            out["cut_from"] = origin
    return out


def cut_dataset(source: Path, target: Path, day: dt.date) -> dict[str, Any]:
    """Write to ``target`` (a new or empty folder) the dataset in ``source`` as it was known on
    ``day``; returns the new manifest. The rules per table are in the module docstring."""
    manifest = read_manifest(source)
    as_of = _as_of(manifest, source)
    if day > as_of:
        raise DatasetError(
            f"{source}: day {day} is after the dataset's as_of {as_of}; "
            "a cut can only go back in time"
        )
    for name in tables():
        check_table(source, name)
    spells = read_table(source, "spells", ["spell_id", "member_id", "first_day"])
    first = spells["first_day"].min()
    if isinstance(first, dt.date) and day < first:
        raise DatasetError(
            f"{source}: day {day} is before the first spell (first day {first}); "
            "the cut would hold no spells"
        )
    model = _model(source)
    check_target(target)
    spells = spells.filter(pl.col("first_day") <= day)
    openings = read_table(source, "job_openings", ["opening_id", "posted_on"])
    members = spells["member_id"].unique()
    cvs = read_table(source, "cvs", ["member_id", "updated_on"]).filter(
        pl.col("updated_on") <= day, pl.col("member_id").is_in(members.implode())
    )
    known = _Known(
        day,
        spells.select("spell_id", "first_day"),
        members,
        openings.filter(pl.col("posted_on") <= day)["opening_id"],
        cvs["member_id"],
    )
    new = _manifest(manifest, as_of, day)
    with DatasetWriter(target) as writer:
        for name in tables():
            writer.append(name)
            for chunk in _chunks(source, name):
                kept = CUTS[name](chunk, known)
                if kept.height or name not in writer.rows:
                    writer.write(name, kept.to_arrow())
            writer.close_table(name)
            if name not in writer.rows:
                writer.write(name, tables()[name].arrow.empty_table())
        if model is not None:
            writer.write_json(MODEL, model)
        writer.commit(new)
    return {**new, "tables": dict(sorted(writer.rows.items()))}


__all__ = ["CUTS", "cut_dataset", "read_manifest"]
