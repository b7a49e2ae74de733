"""The dataset schema (``schema.yaml``): Arrow types per table, validation of written tables,
and the data dictionary in docs/data.md (``python -m akasse.dataset.schema``)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polars as pl
import pyarrow as pa
import yaml

SCHEMA = Path(__file__).with_name("schema.yaml")

_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "bool": pa.bool_(),
    "int8": pa.int8(),
    "int16": pa.int16(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
    "date": pa.date32(),
    "list<string>": pa.list_(pa.string()),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool
    danish: str
    description: str
    masked: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    danish: str
    description: str
    columns: tuple[Column, ...]

    @property
    def arrow(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, _TYPES[c.type], nullable=c.nullable) for c in self.columns]
        )

    @property
    def masked(self) -> tuple[str, ...]:
        """The columns holding personal data, which an export masks."""
        return tuple(c.name for c in self.columns if c.masked)


@cache
def tables() -> dict[str, Table]:
    raw = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    out = {}
    for name, t in raw.items():
        columns = tuple(
            Column(
                str(c["name"]),
                str(c["type"]),
                bool(c.get("nullable", False)),
                str(c["danish"]),
                str(c["description"]),
                bool(c.get("masked", False)),
            )
            for c in t["columns"]
        )
        for c in columns:
            if c.type not in _TYPES:
                raise ValueError(f"{SCHEMA}: {name}.{c.name}: unknown type {c.type!r}")
        out[str(name)] = Table(str(name), str(t["danish"]), str(t["description"]), columns)
    return out


def _compatible(actual: pa.DataType, wanted: pa.DataType) -> bool:
    """Polars hands over large strings and lists; integers may be narrowed if they fit."""
    if pa.types.is_large_string(actual) and pa.types.is_string(wanted):
        return True
    if pa.types.is_large_list(actual) and pa.types.is_list(wanted):
        return True
    return bool(pa.types.is_integer(actual) and pa.types.is_integer(wanted))


def conform(name: str, table: pa.Table) -> pa.Table:
    """``table`` with the schema's column order and types; raises if a column is missing, extra,
    of another type, or null where the schema forbids it."""
    spec = tables()[name]
    names = [c.name for c in spec.columns]
    if sorted(table.column_names) != sorted(names):
        raise ValueError(f"{name}: columns {sorted(table.column_names)} != schema {sorted(names)}")
    table = table.select(names)
    for c in spec.columns:
        col = table.column(c.name)
        if col.type != _TYPES[c.type] and not _compatible(col.type, _TYPES[c.type]):
            raise ValueError(f"{name}.{c.name}: type {col.type} != schema {c.type}")
        if not c.nullable and col.null_count:
            raise ValueError(f"{name}.{c.name}: {col.null_count} nulls in a non-null column")
    return table.cast(spec.arrow)


@cache
def polars_schema(name: str) -> dict[str, pl.DataType]:
    """The table's columns as Polars types."""
    empty = pl.from_arrow(tables()[name].arrow.empty_table())
    assert isinstance(empty, pl.DataFrame)
    return dict(empty.schema)


def markdown() -> str:
    lines = [
        "# The dataset: tables and columns",
        "",
        "A dataset is a folder of Parquet files, one per table, plus `manifest.json` (scale, seed,",
        "row counts) and, for simulated data, `model.json` (the true models). The simulator",
        "(`akasse simulate`) writes it; the case database exports the same tables; the statistics",
        "read them. Dates are Parquet dates; codes are lower-case English with the Danish term",
        "beside them. This page is generated from `akasse/dataset/schema.yaml`",
        "(`python -m akasse.dataset.schema > docs/data.md`). How the simulated values arise is in",
        "[simulation.md](simulation.md). A column marked *masked* holds personal data: an",
        "export from a case database leaves it empty (the CPR number keeps its masked",
        "DDMMYY-xxxx form), and loading an empty value leaves the stored one alone.",
        "",
    ]
    for t in tables().values():
        lines += [f"## `{t.name}` ({t.danish})", "", t.description, ""]
        lines += ["| column | type | Danish | description |", "|---|---|---|---|"]
        for c in t.columns:
            kind = (
                c.type + (", may be empty" if c.nullable else "") + (", masked" if c.masked else "")
            )
            lines.append(f"| `{c.name}` | {kind} | {c.danish} | {c.description} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(markdown())
