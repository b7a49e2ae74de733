"""Timeliness: the share of the fund's obligations met on time, by kind, fund, branch and
caseworker, computed with the rules engine's batch path (``plan_frame``) from the dataset's
spells, hours, held conversations and the job starts in the weekly status."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from akasse.rules.frame import plan_frame
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
    """The rules engine's events from the jobs taken during each spell (``employment``):
    job_start on a job's first day, reregistered the day after it ended."""
    jobs = data.table("employment", ["spell_id", "kind", "start_date", "end_date"]).filter(
        pl.col("kind") == "during_spell"
    )
    jobs = jobs.join(spells.select("spell_id", "first_day"), on="spell_id")
    starts = jobs.select("spell_id", date=pl.col("start_date"), kind=pl.lit("job_start"))
    ends = jobs.filter(pl.col("end_date").is_not_null()).select(
        "spell_id", date=pl.col("end_date") + pl.duration(days=1), kind=pl.lit("reregistered")
    )
    return pl.concat([starts, ends])


def obligations(data: Dataset, selection: Selection) -> pl.DataFrame:
    """Every a-kasse obligation of the selected spells with its status on the data's last day
    and the caseworker who held the conversation that met it (if any)."""
    columns = ["insurance", "municipality", "trial", "branch_id"]
    spells = data.spells(selection, columns)
    ids = spells["spell_id"].implode()
    # Every spell selected: no need to filter the large tables by spell.
    everyone = spells.height == data.table("spells", ["spell_id"]).height
    selected = pl.lit(True) if everyone else pl.col("spell_id").is_in(ids)
    hours = data.table("hours").filter(selected)
    held = data.table(
        "conversations",
        ["spell_id", "kinds", "owner", "channel", "status", "held_on", "caseworker_id"],
        # A conversation meets only its own owner's obligations (docs/rules.md), so the
        # jobcentre's conversations cannot change the fund's statuses: they are left out.
    ).filter((pl.col("status") == "held") & (pl.col("owner") == "akasse") & selected)
    frame = spells.with_columns(as_of=pl.lit(data.as_of)).select(
        "spell_id", "as_of", "first_day", "insurance", "fund", "municipality", "trial"
    )
    plan = plan_frame(
        frame,
        hours,
        held.select("spell_id", pl.col("held_on").alias("date"), "kinds", "channel", "owner"),
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
