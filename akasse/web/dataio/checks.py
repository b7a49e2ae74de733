"""Row checks on one table of a dataset. Each raises ``DatasetError`` naming the file, the row
(1 = the first row of data) and the column of the first offending value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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


def check_lengths(path: Path, frame: pl.DataFrame, limits: Mapping[str, int]) -> None:
    """Strings no longer than the database column (PostgreSQL would refuse them mid-load)."""
    for column, limit in limits.items():
        hit = first_hit(frame, pl.col(column).str.len_chars() > limit)
        if hit is not None:
            length = len(hit[column])
            fail(path, hit[ROW], column, f"{length} characters, at most {limit} fit")


def check_range(path: Path, frame: pl.DataFrame, column: str, low: float, high: float) -> None:
    values = pl.col(column)
    hit = first_hit(frame, (values < low) | (values > high))
    if hit is not None:
        fail(path, hit[ROW], column, f"{hit[column]} is not within {low} to {high}")
