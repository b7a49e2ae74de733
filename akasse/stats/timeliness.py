"""Timeliness: the share of the fund's obligations met on time, by kind, fund, branch and
caseworker, computed with the rules engine's batch path (``plan_frame``) from the dataset's
spells, hours, held conversations and the job starts in the weekly status."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from akasse.rules.frame import plan_frame
from akasse.rules.frame_tables import as_table, job_events
from akasse.stats.dataset import Dataset, Selection

# Statuses that count: met on time, held late, or not held by a passed deadline. Obligations
# still due or lapsed (the member was in work, or the spell ended) are left out.
JUDGED = ["met", "late", "overdue"]


@dataclass(frozen=True)
class Timeliness:
    obligations: (
        pl.DataFrame
    )  # spell_id, fund, branch_id, kind, number, due_by, status, caseworker_id
    by_kind: pl.DataFrame
    by_fund: pl.DataFrame
    by_branch: pl.DataFrame
    by_caseworker: pl.DataFrame


def _events(data: Dataset, spells: pl.DataFrame) -> pl.DataFrame:
    """The rules engine's events from the jobs taken during the selected spells
    (``employment``)."""
    jobs = data.table("employment", ["spell_id", "kind", "start_date", "end_date"]).filter(
        pl.col("kind") == "during_spell"
    )
    return job_events(jobs.join(spells.select("spell_id"), on="spell_id"))


def obligations(data: Dataset, selection: Selection) -> pl.DataFrame:
    """Every a-kasse obligation of the selected spells with its status on the data's last day
    and the caseworker who held the conversation that met it (if any)."""
    columns = ["insurance", "municipality", "trial", "branch_id"]
    spells = data.spells(selection, columns)
    ids = spells["spell_id"].implode()
    # Every spell selected: no need to filter the large tables by spell.
    everyone = spells.height == data.table("spells", ["spell_id"]).height
    selected = pl.lit(True) if everyone else pl.col("spell_id").is_in(ids)
    hours = as_table("hours", data.table("hours").filter(selected))
    held = data.table(
        "conversations",
        ["spell_id", "kinds", "owner", "channel", "status", "held_on", "caseworker_id"],
        # A conversation meets only its own owner's obligations (docs/rules.md), so the
        # jobcentre's conversations cannot change the fund's statuses: they are left out.
    ).filter((pl.col("status") == "held") & (pl.col("owner") == "akasse") & selected)
    plan = plan_frame(
        as_table("spells", spells.with_columns(as_of=pl.lit(data.as_of))),
        hours,
        as_table("conversations", held.rename({"held_on": "date"})),
        _events(data, spells),
    )
    # The caseworker who held the fund's conversation on the day an obligation was met.
    who = (
        held.filter(pl.col("owner") == "akasse")
        .select("spell_id", "held_on", "caseworker_id")
        .unique(subset=["spell_id", "held_on"], keep="first", maintain_order=False)
    )
    return (
        plan.obligations.filter(pl.col("owner") == "akasse")
        .join(spells.select("spell_id", "fund", "branch_id"), on="spell_id")
        .join(who, on=["spell_id", "held_on"], how="left")
        .select(
            "spell_id",
            "fund",
            "branch_id",
            "kind",
            "number",
            "due_by",
            "status",
            "held_on",
            "caseworker_id",
        )
    )


def _share(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    judged = frame.filter(pl.col("status").is_in(JUDGED)).with_columns(
        pl.col(c).cast(pl.String) for c in by if frame.schema[c] == pl.Enum
    )
    return (
        judged.group_by(by)
        .agg(
            judged=pl.len(),
            met=(pl.col("status") == "met").sum(),
            late=(pl.col("status") == "late").sum(),
            overdue=(pl.col("status") == "overdue").sum(),
        )
        .with_columns(on_time=pl.col("met") / pl.col("judged"))
        .sort(by)
    )


def timeliness(data: Dataset, selection: Selection) -> Timeliness:
    rows = obligations(data, selection)
    return Timeliness(
        obligations=rows,
        by_kind=_share(rows, ["kind"]),
        by_fund=_share(rows, ["fund", "kind"]),
        by_branch=_share(rows, ["fund", "branch_id"]),
        by_caseworker=_share(
            rows.filter(pl.col("caseworker_id").is_not_null()), ["fund", "caseworker_id"]
        ),
    )
