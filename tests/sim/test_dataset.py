"""The simulated dataset: schema, documentation, determinism and internal consistency."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow.parquet as pq

from akasse.dataset.schema import markdown, tables
from akasse.rules.frame import plan_frame
from akasse.sim.run import simulate_dataset

ROOT = Path(__file__).resolve().parents[2]


def test_it_writes_every_table_in_the_documented_schema(dataset: Path) -> None:
    for name, spec in tables().items():
        schema = pq.read_schema(dataset / f"{name}.parquet")
        assert schema.names == [c.name for c in spec.columns], name
        # Parquet names a list's items "element", Arrow "item": the same type.
        written = [str(t).replace("<element:", "<item:") for t in schema.types]
        assert written == [str(t) for t in spec.arrow.types], name


def test_it_keeps_docs_data_md_in_step_with_the_schema() -> None:
    assert (ROOT / "docs" / "data.md").read_text(encoding="utf-8") == markdown()


def test_it_is_deterministic_for_a_seed(dataset: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    simulate_dataset("small", 1, again)
    other = tmp_path / "other"
    simulate_dataset("small", 2, other)

    def digest(folder: Path) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}

    assert digest(again) == digest(dataset)
    assert digest(other)["spells.parquet"] != digest(dataset)["spells.parquet"]


def test_it_gives_synthetic_cpr_numbers_with_valid_dates(dataset: Path) -> None:
    members = pl.read_parquet(dataset / "members.parquet")
    assert members["cpr"].n_unique() == members.height
    for cpr, birth, gender in members.select("cpr", "birth_date", "gender").head(5000).iter_rows():
        day, month, year2 = int(cpr[0:2]), int(cpr[2:4]), int(cpr[4:6])
        century = int(cpr[7])
        full_year = (1900 if century <= 3 else 2000) + year2
        assert dt.date(full_year, month, day) == birth
        assert (int(cpr[10]) % 2 == 1) == (gender == "man")


def test_it_pays_hours_for_exactly_the_weeks_on_dagpenge(dataset: Path) -> None:
    spells = pl.read_parquet(dataset / "spells.parquet")
    # Spells whose 104 weeks all end before the data's end have complete records.
    complete = spells.filter(pl.col("first_day") <= dt.date(2022, 12, 1))
    weeks = (
        pl.read_parquet(dataset / "weekly_status.parquet")
        .filter(pl.col("status") == "dagpenge")
        .group_by("spell_id")
        .agg(weeks=pl.len())
    )
    hours = (
        pl.read_parquet(dataset / "hours.parquet").group_by("spell_id").agg(pl.col("hours").sum())
    )
    joined = complete.join(weeks, on="spell_id", how="left").join(hours, on="spell_id", how="left")
    per_week = pl.when(pl.col("insurance") == "full_time").then(37.0).otherwise(30.0)
    diff = joined.select(
        (pl.col("hours").fill_null(0) - pl.col("weeks").fill_null(0) * per_week).abs().max()
    )
    assert diff.item() < 1e-6
    assert joined.height > 10_000


def test_it_takes_the_transfer_dates_from_the_rules_engine(dataset: Path) -> None:
    spells = pl.read_parquet(dataset / "spells.parquet")
    hours = pl.read_parquet(dataset / "hours.parquet")
    trial = spells.filter(pl.col("trial")).head(3000)
    frame = trial.select(
        "spell_id",
        pl.lit(dt.date(2024, 12, 31)).alias("as_of"),
        "first_day",
        pl.col("insurance"),
        "fund",
        "municipality",
        "trial",
    )
    plan = plan_frame(frame, hours.filter(pl.col("spell_id").is_in(trial["spell_id"].implode())))
    expected = plan.spells.select(
        "spell_id", pl.when(~pl.col("projected")).then(pl.col("transfer_date")).alias("expected")
    )
    joined = trial.join(expected, on="spell_id")
    assert (joined["transfer_date"].eq_missing(joined["expected"])).all()
    visits = pl.read_parquet(dataset / "visitations.parquet").join(spells, on="spell_id")
    used = visits.filter(pl.col("exit_reason") == "period_used")
    assert (used["exit_on"] == used["transfer_date"]).all()
    assert used.height > 500


def test_it_marks_long_term_unemployment_by_the_weekly_status(dataset: Path) -> None:
    weekly = pl.read_parquet(dataset / "weekly_status.parquet")
    long_term = (
        weekly.filter((pl.col("week") < 52) & (pl.col("status") == "dagpenge"))
        .group_by("spell_id")
        .agg((pl.len() >= 42).alias("derived"))
    )
    truth = pl.read_parquet(dataset / "truth.parquet").join(long_term, on="spell_id", how="left")
    assert (truth["long_term"] == truth["derived"].fill_null(False)).all()
    share = truth["long_term"].mean()
    assert isinstance(share, float) and 0.15 < share < 0.35


def test_it_documents_the_true_risk_model_beside_the_data(dataset: Path) -> None:
    """Recompute each answered member's risk from model.json and the profiling table alone."""
    card = json.loads((dataset / "model.json").read_text())["risk_model"]
    coef = card["coefficients"]
    p = pl.read_parquet(dataset / "profiling.parquet").filter(pl.col("expect_job").is_not_null())
    age = pl.col("age")
    terms = {
        "age_25_29": age.is_between(25, 29),
        "age_30_39": age.is_between(30, 39),
        "age_40_49": age.is_between(40, 49),
        "age_50_59": age.is_between(50, 59),
        "age_60_plus": age >= 60,
        "woman": pl.col("gender") == "woman",
        "from_sickness_benefit": pl.col("from_sickness_benefit"),
        "prior_dagpenge_weeks": pl.col("prior_dagpenge_weeks"),
        "prior_spells": pl.min_horizontal(pl.col("prior_spells"), pl.lit(5)),
        "new_graduate": pl.col("new_graduate"),
        "work_experience_years_per_10": pl.col("work_experience_years") / 10,
        "children_at_home": pl.col("children_at_home"),
        "income_below_250k": pl.col("previous_income") < 250,
        "region_nordjylland": pl.col("region") == "Nordjylland",
        "region_hovedstaden": pl.col("region") == "Hovedstaden",
    }
    for name in coef:
        for prefix, column in (
            ("education_", "education"),
            ("origin_", "origin"),
            ("expect_", "expect_job"),
        ):
            if name.startswith(prefix):
                terms[name] = pl.col(column) == name.removeprefix(prefix)
        if name.startswith("barrier_"):
            terms[name] = pl.col(name)
    assert set(terms) == set(coef)
    linear = pl.lit(card["intercept"]) + pl.sum_horizontal(
        [terms[k].cast(pl.Float64) * v for k, v in coef.items()]
    )
    risk = p.select("spell_id", (1 / (1 + (-linear).exp())).alias("risk"))
    truth = pl.read_parquet(dataset / "truth.parquet").join(risk, on="spell_id")
    assert (truth["risk"] - truth["true_risk"]).abs().max() < 1e-9
    assert 0.6 < card["oracle_auc_all_spells"] < 0.9


def test_it_states_the_true_trial_effect_on_the_treated(dataset: Path) -> None:
    effect = json.loads((dataset / "model.json").read_text())["trial_effect"]
    truth = pl.read_parquet(dataset / "truth.parquet").join(
        pl.read_parquet(dataset / "spells.parquet").select("spell_id", "trial"), on="spell_id"
    )
    treated = truth.filter(pl.col("trial"))
    att = (
        treated["dagpenge_weeks_26"].cast(pl.Float64) - treated["dagpenge_weeks_26_without_trial"]
    ).mean()
    assert isinstance(att, float) and math.isclose(att, effect["att_dagpenge_weeks_26"])
    assert att < 0  # the trial shortens time on dagpenge
    untreated = truth.filter(~pl.col("trial"))
    assert (untreated["dagpenge_weeks_26"] == untreated["dagpenge_weeks_26_without_trial"]).all()
    assert np.isfinite(effect["att_employed_week_26"])


def test_it_never_overlaps_two_spells_of_one_member(dataset: Path) -> None:
    spells = pl.read_parquet(dataset / "spells.parquet").sort("member_id", "first_day")
    gaps = spells.with_columns(
        gap=(pl.col("first_day") - pl.col("first_day").shift(1)).over("member_id").dt.total_days()
    ).filter(pl.col("gap").is_not_null())
    assert gaps.height > 100  # there are repeat members
    assert gaps["gap"].min() >= 728  # the 104 weeks followed never overlap
    assert spells["age"].min() >= 18 and spells["age"].max() <= 66


def test_it_books_conversations_before_they_are_held_on_working_days(dataset: Path) -> None:
    conv = pl.read_parquet(dataset / "conversations.parquet")
    assert (conv["booked_on"] <= conv["planned_for"]).all()
    held = conv.filter(pl.col("status") == "held")
    assert (held["held_on"] == held["planned_for"]).all()
    assert (conv["planned_for"].dt.weekday() <= 5).all()
    assert (
        conv.filter(pl.col("status") != "held")["held_on"].null_count() == conv.height - held.height
    )


def test_it_presents_jobs_only_to_members_in_the_trial_and_on_dagpenge(dataset: Path) -> None:
    spells = pl.read_parquet(dataset / "spells.parquet").select("spell_id", "first_day", "trial")
    visits = pl.read_parquet(dataset / "visitations.parquet").select("spell_id", "exit_on")
    weekly = pl.read_parquet(dataset / "weekly_status.parquet")
    for table, day in (("job_presentations", "presented_on"), ("placements", "placed_on")):
        rows = (
            pl.read_parquet(dataset / f"{table}.parquet")
            .join(spells, on="spell_id")
            .join(visits, on="spell_id")
            .with_columns(
                week=((pl.col(day) - pl.col("first_day")).dt.total_days() // 7).cast(pl.Int16)
            )
        )
        assert rows.height > 100 and rows["trial"].all()
        assert (rows[day] < rows["exit_on"]).all()
        if table == "job_presentations":
            status = rows.join(weekly, on=["spell_id", "week"], how="left")["status"]
            assert (status == "dagpenge").all()
