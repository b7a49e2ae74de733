"""Reading a whole dataset and checking every table before anything is written: types, empty
values, codes, lengths, repeated keys, references between tables and each table's own rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from django.db import models

from akasse.dataset.read import DatasetError, read_table
from akasse.dataset.schema import polars_schema
from akasse.web.dataio.checks import (
    ROW,
    check_codes,
    check_lengths,
    check_nulls,
    check_range,
    check_refs,
    check_unique,
    fail,
    first_hit,
)
from akasse.web.dataio.jobsearch import CHECKS as JOB_SEARCH_CHECKS
from akasse.web.dataio.spec import BY_TABLE, KINDS, MAX_WEEKS, SPECS, Spec, hours_digits
from akasse.web.members.models import OfferType

Progress = Callable[[str, int, int], None]
Frames = dict[str, pl.DataFrame]


def quiet(step: str, done: int, total: int) -> None:
    """A progress callback that reports nothing."""


_CPR = r"^\s*\d{6}-?\d{4}\s*$"
_MASKED = r"^\d{6}-xxxx$"


def read_dataset(path: Path, progress: Progress) -> Frames:
    """Every table but the simulated truth, checked; raises ``DatasetError`` at the first
    problem."""
    if not path.is_dir():
        raise DatasetError(f"{path}: no such dataset folder")
    frames: Frames = {}
    for done, spec in enumerate(SPECS):
        progress(f"Tjekker {spec.table}", done, len(SPECS))
        frames[spec.table] = _checked(path, spec, frames)
    progress("Tjekket", len(SPECS), len(SPECS))
    return frames


def _checked(path: Path, spec: Spec, frames: Frames) -> pl.DataFrame:
    frame = read_table(path, spec.table)
    file = path / f"{spec.table}.parquet"
    check_nulls(file, spec.table, frame)
    check_codes(file, frame, {**spec.codes, **_catalogue(spec)})
    check_lengths(file, frame, _limits(spec))
    check_unique(file, frame, spec.key)
    refs = {}
    for column, table in spec.refs.items():
        key = BY_TABLE[table].key[0]
        refs[column] = (table, key, frames[table][key])
    check_refs(file, frame, refs)
    special = _SPECIAL.get(spec.table)
    if special is not None:
        special(file, frame)
    return frame


def _catalogue(spec: Spec) -> dict[str, tuple[str, ...]]:
    """lab_offers.offer_type: the LAB offers of the database's catalogue."""
    if spec.table != "lab_offers":
        return {}
    lab = OfferType.objects.filter(source=OfferType.Source.LAB).order_by("code")
    return {"offer_type": tuple(lab.values_list("code", flat=True))}


def _limits(spec: Spec) -> dict[str, int]:
    """The longest string each text column's database field holds."""
    if spec.model is None:
        return {}
    limits = {}
    for column, dtype in polars_schema(spec.table).items():
        if dtype not in (pl.String, pl.List(pl.String)) or column == "cpr":
            continue
        field = spec.model._meta.get_field(spec.attname(column))
        if isinstance(field, models.CharField) and field.max_length is not None:
            limits[column] = field.max_length
    return limits


def _members(path: Path, frame: pl.DataFrame) -> None:
    """CPR numbers well formed and not repeated; never echoed, as they identify people."""
    cpr = pl.col("cpr")
    masked = cpr.str.contains(_MASKED)
    hit = first_hit(frame, ~(masked | cpr.str.contains(_CPR)))
    if hit is not None:
        fail(path, hit[ROW], "cpr", "not a CPR number (DDMMYY-SSSS, or DDMMYY-xxxx masked)")
    digits = frame.select(cpr.str.replace_all(r"[\s-]", ""), masked.alias("masked"))
    hit = first_hit(digits, ~pl.col("cpr").is_first_distinct() & ~pl.col("masked"))
    if hit is not None:
        first = first_hit(digits, pl.col("cpr") == hit["cpr"])
        assert first is not None
        fail(path, hit[ROW], "cpr", f"the CPR number of row {first[ROW]} again")


def _weeks(path: Path, frame: pl.DataFrame) -> None:
    """Each spell's weeks run 0, 1, 2, ... without gaps (keys are already unique)."""
    check_range(path, frame, "week", 0, MAX_WEEKS - 1)
    ordered = (
        frame.select("spell_id", "week")
        .with_row_index(ROW, offset=1)
        .sort("spell_id", "week")
        .with_columns(expected=pl.int_range(pl.len()).over("spell_id"))
    )
    gaps = ordered.filter(pl.col("week") != pl.col("expected")).head(1)
    if gaps.height:
        hit = gaps.row(0, named=True)
        problem = (
            f"spell {hit['spell_id']} has week {hit['week']} where week {hit['expected']} "
            "was expected (weeks run 0, 1, 2, ... without gaps)"
        )
        fail(path, hit[ROW], "week", problem)


def _hours(path: Path, frame: pl.DataFrame) -> None:
    """Hours that fit HoursPaid.hours exactly."""
    digits, places = hours_digits()
    check_range(path, frame, "hours", 0, round(10 ** (digits - places) - 10**-places, places))
    scaled = pl.col("hours") * 10**places
    hit = first_hit(frame, (scaled - scaled.round()).abs() > 1e-6)
    if hit is not None:
        fail(path, hit[ROW], "hours", f"{hit['hours']} has more than {places} decimals")


def _kinds(path: Path, frame: pl.DataFrame) -> None:
    count = pl.col("kinds").list.len()
    hit = first_hit(frame, (count < 1) | (count > 2))
    if hit is not None:
        problem = f"{len(hit['kinds'])} kinds, but a conversation has one or two"
        fail(path, hit[ROW], "kinds", problem)
    kinds = frame.select("kinds").with_row_index(ROW, offset=1)
    kinds = kinds.explode("kinds", empty_as_null=False)
    bad = kinds.filter(pl.col("kinds").is_null() | ~pl.col("kinds").is_in(KINDS)).head(1)
    if bad.height:
        row, kind = bad.row(0)
        fail(path, row, "kinds", f"{kind!r} is not one of {', '.join(KINDS)}")


_SPECIAL: dict[str, Callable[[Path, pl.DataFrame], None]] = {
    "members": _members,
    "weekly_status": _weeks,
    "hours": _hours,
    "conversations": _kinds,
    **JOB_SEARCH_CHECKS,
}
