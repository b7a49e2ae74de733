"""A smaller dataset cut from a simulated one, for tests that run the real commands on a whole
database: every ``every``-th spell with its member and every row about either (the member's
CV and its jobs too); the tables that are about neither (funds, branches, caseworkers,
employers, job openings, ...) stay whole."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

MANIFEST = "manifest.json"


def subset(source: Path, out: Path, every: int) -> Path:
    """Write to ``out`` (new) the spells of ``source`` whose id is a multiple of ``every``."""
    out.mkdir(parents=True)
    spells = pl.read_parquet(source / "spells.parquet").filter(pl.col("spell_id") % every == 0)
    members = spells["member_id"].unique()
    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    for file in sorted(source.glob("*.parquet")):
        frame = pl.read_parquet(file)
        if "spell_id" in frame.columns:
            frame = frame.filter(pl.col("spell_id").is_in(spells["spell_id"].implode()))
        elif "member_id" in frame.columns:  # members, their CVs and the CVs' jobs
            frame = frame.filter(pl.col("member_id").is_in(members.implode()))
        frame.write_parquet(out / file.name)
        manifest["tables"][file.stem] = frame.height
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return out
