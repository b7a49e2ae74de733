"""STAR's monitoring of the trial by fund and month (seeds 000/001, "Monitoreringsdata"):
referred, covered at month end, exited by reason, conversations per participant who used the
full period, LAB offers started by type, and placements against each fund's target."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from akasse.stats.dataset import Dataset, Selection, SelectionError

EXIT_REASONS = ["period_used", "left_fund", "moved_out", "early_jobcentre", "trial_ended"]
OFFER_TYPES = [
    "guidance_upskilling",
    "job_education_6w",
    "internship",
    "wage_subsidy",
    "availability_test",
]


@dataclass(frozen=True)
class Monitoring:
    monthly: pl.DataFrame  # fund, month, referred, exited_<reason>..., covered (month end)
    conversations: pl.DataFrame  # fund, participants, share_0, share_1, share_2, share_3_plus
    offers: pl.DataFrame  # fund, offer_type, started, share
    placements: pl.DataFrame  # fund, year, presentations, relevant, placements, permanent, target


def _visits(data: Dataset, selection: Selection) -> pl.DataFrame:
    spells = data.spells(selection, ["trial"])
    visits = data.table("visitations").join(spells.select("spell_id", "fund"), on="spell_id")
    if visits.is_empty():
        raise SelectionError(
            f"no spells referred to the trial in the selection: {selection.describe()}"
        )
    return visits


def monthly(visits: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """Referred and exited (by reason) in each month, and covered at each month's end
    (referred by then and not yet exited), per fund."""
    first, last = visits["referred_on"].min(), visits["exit_on"].max()
    assert isinstance(first, dt.date) and isinstance(last, dt.date)
    end = min(as_of, max(last, first))
    months = pl.date_range(first.replace(day=1), end.replace(day=1), interval="1mo", eager=True)
    grid = pl.DataFrame({"fund": visits["fund"].unique().sort()}).join(
        pl.DataFrame({"month": months}), how="cross"
    )
    referred = visits.group_by("fund", month=pl.col("referred_on").dt.truncate("1mo")).agg(
        referred=pl.len()
    )
    exited = (
        visits.filter(pl.col("exit_on") <= as_of)
        .group_by("fund", month=pl.col("exit_on").dt.truncate("1mo"))
        .agg(
            exited=pl.len(),
            **{f"exited_{r}": (pl.col("exit_reason") == r).sum() for r in EXIT_REASONS},
        )
    )
    table = (
        grid.join(referred, on=["fund", "month"], how="left")
        .join(exited, on=["fund", "month"], how="left")
        .fill_null(0)
        .sort("fund", "month")
    )
    return table.with_columns(
        covered=(pl.col("referred").cum_sum() - pl.col("exited").cum_sum()).over("fund")
    )


def conversations_per_participant(data: Dataset, visits: pl.DataFrame) -> pl.DataFrame:
    """Among participants who used the full period: shares with 0, 1, 2 and 3+ conversations
    held by the fund between referral and exit."""
    held = data.table("conversations", ["spell_id", "owner", "status", "held_on"]).filter(
        (pl.col("status") == "held") & (pl.col("owner") == "akasse")
    )
    full = visits.filter(pl.col("exit_reason") == "period_used")
    counts = (
        full.join(held, on="spell_id", how="left")
        .group_by("fund", "spell_id")
        .agg(
            n=(
                pl.col("held_on").is_not_null()
                & (pl.col("held_on") >= pl.col("referred_on"))
                & (pl.col("held_on") <= pl.col("exit_on"))
            ).sum()
        )
    )
    return _shares(counts, "fund").sort("fund")


def _shares(counts: pl.DataFrame, by: str) -> pl.DataFrame:
    def share(cond: pl.Expr) -> pl.Expr:
        return cond.mean()

    both = pl.concat([counts, counts.with_columns(pl.lit("I alt").alias(by))])
    return both.group_by(by).agg(
        participants=pl.len(),
        share_0=share(pl.col("n") == 0),
        share_1=share(pl.col("n") == 1),
        share_2=share(pl.col("n") == 2),
        share_3_plus=share(pl.col("n") >= 3),
    )


def offers_started(
    data: Dataset, visits: pl.DataFrame, until: dt.date | None = None
) -> pl.DataFrame:
    """LAB offers started by trial participants (by ``until`` if given), by fund and type, with
    each type's share."""
    offers = data.table("lab_offers", ["spell_id", "offer_type", "started_on"]).filter(
        pl.col("started_on").is_not_null()
        & (pl.col("started_on") <= until if until is not None else pl.lit(True))
    )
    started = offers.join(visits.select("spell_id", "fund"), on="spell_id")
    both = pl.concat([started, started.with_columns(pl.lit("I alt").alias("fund"))])
    counts = both.group_by("fund", "offer_type").agg(started=pl.len())
    return counts.with_columns(share=pl.col("started") / pl.col("started").sum().over("fund")).sort(
        "fund", "offer_type"
    )


def placements(data: Dataset, selection: Selection) -> pl.DataFrame:
    """Job presentations (and how many were relevant) and placements per fund and year,
    beside the fund's placement target where one is published."""
    spells = data.spells(selection, [])
    funds = spells.select("spell_id", "fund")
    shown = (
        data.table("job_presentations", ["spell_id", "presented_on", "relevant"])
        .join(funds, on="spell_id")
        .group_by("fund", year=pl.col("presented_on").dt.year())
        .agg(presentations=pl.len(), relevant=pl.col("relevant").sum())
    )
    rows = data.table("placements").join(funds, on="spell_id")
    per_year = rows.group_by("fund", year=pl.col("placed_on").dt.year()).agg(
        placements=pl.len(), permanent=pl.col("permanent").sum()
    )
    targets = data.table("funds", ["fund", "placement_target_2021"])
    return (
        shown.join(per_year, on=["fund", "year"], how="full", coalesce=True)
        .with_columns(pl.col("presentations", "relevant", "placements", "permanent").fill_null(0))
        .join(targets, on="fund", how="left")
        .with_columns(target=pl.when(pl.col("year") == 2021).then(pl.col("placement_target_2021")))
        .drop("placement_target_2021")
        .sort("fund", "year")
    )


def monitoring(data: Dataset, selection: Selection) -> Monitoring:
    visits = _visits(data, selection)
    return Monitoring(
        monthly=monthly(visits, data.as_of),
        conversations=conversations_per_participant(data, visits),
        offers=offers_started(data, visits),
        placements=placements(data, selection),
    )
