"""Writing a dataset so that it is either complete or absent: everything goes to a hidden
temporary folder beside the target, ``manifest.json`` last, then one rename."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from akasse.dataset.read import DatasetError
from akasse.dataset.schema import conform
from akasse.dataset.schema import tables as schema_tables

MANIFEST = "manifest.json"
_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


def check_target(out: Path) -> None:
    """The target must be new or an empty folder, in a folder that can be created."""
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise DatasetError(f"output {out}: {parent} is a file, not a folder")
            break
    if out.exists() and not out.is_dir():
        raise DatasetError(f"output {out} is a file; give a new or empty folder")
    if out.is_dir() and any(out.iterdir()):
        raise DatasetError(
            f"output folder {out} holds other files; give a new or empty folder "
            "(nothing was written)"
        )


class DatasetWriter:
    """Use as a context manager; on any error the partial folder is removed."""

    def __init__(self, out: Path, tables: Iterable[str] | None = None) -> None:
        """``tables``: those the dataset must hold when committed (default: every table of
        the schema)."""
        check_target(out)
        self.out = out
        self.expected = set(tables) if tables is not None else set(schema_tables())
        self.tmp = out.parent / f".{out.name}.partial-{os.getpid()}"
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if self.tmp.exists():
                shutil.rmtree(self.tmp)
            self.tmp.mkdir()
        except OSError as exc:
            raise DatasetError(f"cannot write to {out.parent}: {exc.strerror or exc}") from exc
        self.rows: dict[str, int] = {}
        self._open: dict[str, pq.ParquetWriter] = {}
        self._current = ""

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            return
        for w in self._open.values():
            with contextlib.suppress(OSError):
                w.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        if isinstance(exc, OSError) and exc.errno in _FULL:
            raise DatasetError(
                f"the disk filled while writing {self._current or 'the dataset'} "
                f"({exc.strerror}); nothing was written to {self.out}"
            ) from exc

    def write(self, name: str, table: pa.Table) -> None:
        """Write a whole table, or append a chunk to a table opened by ``append``."""
        self._current = name
        table = conform(name, table)
        if name in self._open:
            self._open[name].write_table(table)
        else:
            pq.write_table(table, self.tmp / f"{name}.parquet", compression="zstd")
        self.rows[name] = self.rows.get(name, 0) + table.num_rows

    def append(self, name: str) -> None:
        """Start a table that is written in chunks by repeated ``write`` calls."""
        self._open[name] = pq.ParquetWriter(
            self.tmp / f"{name}.parquet", schema_tables()[name].arrow, compression="zstd"
        )

    def close_table(self, name: str) -> None:
        self._open.pop(name).close()

    def write_json(self, name: str, content: dict[str, Any]) -> None:
        self._current = name
        text = json.dumps(content, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
        (self.tmp / name).write_text(text, encoding="utf-8")

    def commit(self, manifest: dict[str, Any]) -> None:
        missing = sorted(self.expected - set(self.rows))
        if missing:
            raise DatasetError(f"internal error: tables not written: {', '.join(missing)}")
        self.write_json(MANIFEST, {**manifest, "tables": dict(sorted(self.rows.items()))})
        check_target(self.out)
        if self.out.exists():
            self.out.rmdir()
        os.replace(self.tmp, self.out)
