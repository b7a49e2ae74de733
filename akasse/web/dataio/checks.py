"""Row checks on one table of a dataset. Each raises ``DatasetError`` naming the file, the row
(1 = the first row of data) and the column of the first offending value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import polars as pl

from akasse.dataset.read import DatasetError
from akasse.dataset.schema import tables

ROW = "__row"


def fail(path: Path, row: int, column: str, problem: str) -> NoReturn:
    raise DatasetError(f"{path}: row {row}, column {column}: {problem}")


def first_hit(frame: pl.DataFrame, bad: pl.Expr) -> dict[str, Any] | None:
    """The first row (with its number under ``ROW``) where ``bad`` holds, or None."""
    hits = frame.with_row_index(ROW, offset=1).filter(bad).head(1)
    return hits.row(0, named=True) if hits.height else None


def check_nulls(path: Path, name: str, frame: pl.DataFrame) -> None:
    for column in tables()[name].columns:
        if column.nullable or not frame[column.name].has_nulls():
            continue
        row = int(frame[column.name].is_null().arg_true()[0]) + 1
        fail(path, row, column.name, "empty, but a value is required")


def check_codes(path: Path, frame: pl.DataFrame, codes: Mapping[str, Sequence[str]]) -> None:
    for column, allowed in codes.items():
        values = pl.col(column)
        hit = first_hit(frame, values.is_not_null() & ~values.is_in(list(allowed)))
        if hit is not None:
            fail(path, hit[ROW], column, f"{hit[column]!r} is not one of {', '.join(allowed)}")


def check_unique(path: Path, frame: pl.DataFrame, key: Sequence[str]) -> None:
    """No two rows with the same key; names the repeat and the row it repeats."""
    identity = pl.col(key[0]) if len(key) == 1 else pl.struct(key)
    hit = first_hit(frame.select(key), ~identity.is_first_distinct())
    if hit is None:
        return
    same = pl.all_horizontal(pl.col(c) == hit[c] for c in key)
    first = first_hit(frame.select(key), same)
    assert first is not None
    if len(key) == 1:
        fail(path, hit[ROW], key[0], f"{hit[key[0]]!r} repeats row {first[ROW]}")
    values = ", ".join(str(hit[c]) for c in key)
    raise DatasetError(
        f"{path}: row {hit[ROW]}, columns {', '.join(key)}: ({values}) repeats row {first[ROW]}"
    )


def check_refs(
    path: Path, frame: pl.DataFrame, refs: Mapping[str, tuple[str, str, pl.Series]]
) -> None:
    """``refs``: column -> (table, its key column, the keys it holds)."""
    for column, (table, key, known) in refs.items():
        values = pl.col(column)
        hit = first_hit(frame, values.is_not_null() & ~values.is_in(known.implode()))
        if hit is not None:
            fail(path, hit[ROW], column, f"no {key} {hit[column]!r} in {table}.parquet")


def stored_text(frame: pl.DataFrame, column: str) -> pl.Expr:
    """The column as the database stores it: a list of codes comma-separated."""
    if isinstance(frame.schema[column], pl.List):
        return pl.col(column).list.join(",")
    return pl.col(column)


def check_lengths(path: Path, frame: pl.DataFrame, limits: Mapping[str, int]) -> None:
    """Strings (and lists as stored) no longer than the database column (PostgreSQL would
    refuse them mid-load)."""
    for column, limit in limits.items():
        length = stored_text(frame, column).str.len_chars()
        hits = frame.with_row_index(ROW, offset=1).filter(length > limit).head(1)
        if hits.height:
            row = hits.row(0, named=True)
            found = hits.select(length)[0, 0]
            fail(path, row[ROW], column, f"{found} characters, at most {limit} fit")


def check_known(
    path: Path, frame: pl.DataFrame, column: str, known: Iterable[str], what: str
) -> None:
    """Every value of ``column`` (every item, for a list) is one of ``known``, a list too long
    to print: the message says ``is not {what}``."""
    values = frame.select(column).with_row_index(ROW, offset=1)
    listed = isinstance(frame.schema[column], pl.List)
    if listed:
        values = values.explode(column, empty_as_null=False)
    allowed = pl.Series(sorted(known), dtype=pl.String).implode()
    value = pl.col(column)
    bad = ~value.is_in(allowed)
    bad = (value.is_null() | bad) if listed else (value.is_not_null() & bad)
    hits = values.filter(bad).head(1)
    if hits.height:
        row, found = hits.row(0)
        if found is None:
            fail(path, row, column, "an empty code in the list")
        fail(path, row, column, f"{found!r} is not {what}")


def check_range(path: Path, frame: pl.DataFrame, column: str, low: float, high: float) -> None:
    values = pl.col(column)
    hit = first_hit(frame, (values < low) | (values > high))
    if hit is not None:
        fail(path, hit[ROW], column, f"{hit[column]} is not within {low} to {high}")
