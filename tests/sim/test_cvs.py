"""CVs and the jobs on them: one CV per member around the latest spell, missing and stale at
their documented rates, and a work history that ends where the latest spell begins."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import polars as pl

from akasse.dataset import reference
from akasse.sim.config import load_params

AS_OF = dt.date(2024, 12, 31)


def _latest(dataset: Path) -> pl.DataFrame:
    spells = pl.read_parquet(dataset / "spells.parquet").join(
        pl.read_parquet(dataset / "truth.parquet").select("spell_id", "true_disco", "true_risk"),
        on="spell_id",
    )
    return spells.sort("first_day", "spell_id").group_by("member_id").agg(pl.all().last())


def _cvs(dataset: Path) -> pl.DataFrame:
    cvs = pl.read_parquet(dataset / "cvs.parquet")
    return _latest(dataset).join(cvs, on="member_id", how="left")


def _within(share: float, target: float, n: int) -> bool:
    return abs(share - target) <= 3 * math.sqrt(target * (1 - target) / n)


def test_it_leaves_out_the_cv_of_a_share_of_members_more_often_at_high_risk(
    dataset: Path,
) -> None:
    p = load_params().section("cvs")
    rows = _cvs(dataset).with_columns(missing=pl.col("updated_on").is_null())
    share = rows["missing"].mean()
    assert isinstance(share, float) and _within(share, float(p["missing"]), rows.height)
    by_risk = rows.group_by(pl.col("true_risk").qcut(4, labels=list("1234"))).agg(
        pl.col("missing").mean()
    )
    low = by_risk.filter(pl.col("true_risk") == "1")["missing"].item()
    high = by_risk.filter(pl.col("true_risk") == "4")["missing"].item()
    assert high > 2 * low


def test_it_dates_cvs_around_the_latest_spell_some_of_them_stale(dataset: Path) -> None:
    p = load_params().section("cvs")
    rows = _cvs(dataset).filter(pl.col("updated_on").is_not_null())
    lag = (rows["updated_on"] - rows["first_day"]).dt.total_days()
    stale = lag < -int(p["stale_days"][0]) + 1
    assert _within(float(stale.mean()), float(p["stale"]), rows.height)  # type: ignore[arg-type]
    assert lag.filter(stale).min() >= -int(p["stale_days"][1])  # type: ignore[operator]
    fresh = lag.filter(~stale)
    assert fresh.min() == 0 and fresh.max() == int(p["fresh_days"][1])
    assert rows["updated_on"].max() <= AS_OF  # type: ignore[operator]


def test_it_writes_the_cv_from_the_members_occupation_and_education(dataset: Path) -> None:
    members = pl.read_parquet(dataset / "members.parquet").select("member_id", "education")
    rows = _cvs(dataset).filter(pl.col("updated_on").is_not_null()).join(members, on="member_id")
    assert (rows["education_level"] == rows["education"]).all()
    assert (rows["wished_disco"].list.first() == rows["true_disco"]).all()
    assert rows["wished_disco"].list.len().max() <= 3  # type: ignore[operator]
    wished = rows["wished_disco"].explode(empty_as_null=False)
    assert wished.is_in(list(reference.disco_codes())).all()
    assert rows["wish_text"].str.starts_with("Jeg søger job som ").all()
    assert rows["wish_text"].str.ends_with(".").all()
    assert rows["languages"].list.first().eq("da").all()
    occupations = reference.occupations().select(true_disco="disco", own="skills", field="field")
    rows = rows.join(occupations, on="true_disco")
    kept = rows.select(pl.col("skills").list.set_intersection(pl.col("own")).list.len())
    assert (kept.to_series() == rows["own"].list.len()).all()
    skilled = rows.filter(pl.col("education").is_in(["vocational", "short", "medium", "long"]))
    assert skilled["education_field"].eq_missing(skilled["field"]).all()
    assert rows.filter(pl.col("education") == "none")["education_field"].is_null().all()
    part = rows.filter(pl.col("insurance") == "part_time")["hours_wished"]
    assert (part == "part_time").mean() > 0.7  # type: ignore[operator]
    km = rows["max_travel_km"]
    assert km.min() >= 10 and km.max() <= 80 and 25 <= km.median() <= 40  # type: ignore[operator]


def test_it_lists_the_job_the_latest_spell_follows_and_earlier_ones(dataset: Path) -> None:
    jobs = pl.read_parquet(dataset / "cv_jobs.parquet")
    cvs = pl.read_parquet(dataset / "cvs.parquet").select("member_id", "updated_on")
    assert jobs.join(cvs, on="member_id", how="anti").is_empty()
    ended = jobs.filter(pl.col("to_date").is_not_null())
    assert (ended["from_date"] < ended["to_date"]).all()
    assert jobs["disco"].is_in(list(reference.disco_codes())).all()
    dated = jobs.join(cvs, on="member_id")
    assert (dated["from_date"] <= dated["updated_on"]).all()
    assert dated.filter(pl.col("to_date") > pl.col("updated_on")).is_empty()
    # A fresh CV ends with the job before the latest spell: its last day is the day before.
    latest = _latest(dataset).join(cvs, on="member_id")
    fresh = latest.filter(pl.col("updated_on") >= pl.col("first_day"))
    last = jobs.group_by("member_id").agg(pl.col("to_date").max(), pl.col("disco").first())
    ends = fresh.join(last, on="member_id")
    assert ends.height > 0.9 * fresh.height
    assert ((ends["first_day"] - ends["to_date"]).dt.total_days() == 1).all()
    assert (ends["disco"] == ends["true_disco"]).all()
    # Stale CVs can show the job as current: no end yet when the CV was written.
    assert jobs["to_date"].null_count() > 0
    per_member = jobs.group_by("member_id").len()["len"]
    assert per_member.max() <= 4 and 1.5 < per_member.mean() < 3.5  # type: ignore[operator]
