"""Reading a dataset's tables, each checked against the schema before it is read."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from akasse.dataset.schema import polars_schema, tables


class DatasetError(ValueError):
    """A dataset folder lacks a table or column, or a column has the wrong type."""


def read_table(data: Path, name: str, columns: list[str] | None = None) -> pl.DataFrame:
    """One table of a dataset, checked against the schema: every column present (or the
    ``columns`` asked for) with its documented type."""
    path, wanted = check_table(data, name, columns)
    try:
        return pl.read_parquet(path, columns=wanted)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise DatasetError(f"{path}: cannot be read as Parquet: {exc}") from exc


def check_table(data: Path, name: str, columns: list[str] | None = None) -> tuple[Path, list[str]]:
    """The table's file and columns, after checking from its Parquet schema alone that the
    columns are there with their documented types."""
    path = data / f"{name}.parquet"
    if not path.exists():
        raise DatasetError(f"{data}: table {name} is missing ({path.name} not found)")
    wanted = columns or [c.name for c in tables()[name].columns]
    try:
        present = pl.read_parquet_schema(path)
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise DatasetError(f"{path}: cannot be read as Parquet: {exc}") from exc
    expected = polars_schema(name)
    for column in wanted:
        if column not in present:
            raise DatasetError(f"{path}: column {column} is missing")
        if present[column] != expected[column]:
            raise DatasetError(
                f"{path}: column {column} has type {present[column]}, expected "
                f"{expected[column]} (see docs/data.md)"
            )
    return path, wanted
