"""Occupations, employers and job openings: codes from the reference lists, valid CVR numbers,
and a market whose mix follows the unemployed."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl

from akasse.dataset import reference
from akasse.sim.config import load_params
from akasse.sim.employers import cvr_numbers
from akasse.sim.occupations import DISTANCES, _nearest_major, adjacent, distance, from_frame

EDUCATION = ["none", "upper_secondary", "vocational", "short", "medium", "long"]


def _table(dataset: Path, name: str) -> pl.DataFrame:
    return pl.read_parquet(dataset / f"{name}.parquet")


def test_it_gives_each_spell_a_true_occupation_in_its_major_group(dataset: Path) -> None:
    truth = _table(dataset, "truth").join(_table(dataset, "profiling"), on="spell_id")
    assert truth["true_disco"].is_in(list(reference.disco_codes())).all()
    major = truth["true_disco"].str.slice(0, 1).cast(pl.Int8)
    assert (major == truth["disco_major"]).all()


def test_it_fits_occupations_to_the_members_education(dataset: Path) -> None:
    usual = reference.occupations().select(
        true_disco="disco", usual=pl.col("education").replace_strict(EDUCATION, range(6))
    )
    rows = (
        _table(dataset, "truth")
        .join(_table(dataset, "profiling").select("spell_id", "education"), on="spell_id")
        .join(usual, on="true_disco")
        .with_columns(level=pl.col("education").replace_strict(EDUCATION, range(6)))
    )
    academic = rows.filter(pl.col("level") == 5)
    unskilled = rows.filter(pl.col("level") == 0)
    assert academic["usual"].mean() > unskilled["usual"].mean() + 1.5  # type: ignore[operator]
    spells = _table(dataset, "spells").join(_table(dataset, "truth"), on="spell_id")
    aak = spells.filter(pl.col("fund") == "AAK").join(usual, on="true_disco")
    assert (aak["usual"] >= 4).mean() > 0.7  # type: ignore[operator]


def test_it_mostly_keeps_a_members_occupation_on_a_later_spell(dataset: Path) -> None:
    spells = _table(dataset, "spells").join(_table(dataset, "truth"), on="spell_id")
    pairs = spells.sort("first_day").group_by("member_id").agg(pl.col("true_disco"), n=pl.len())
    repeat = pairs.filter(pl.col("n") == 2)
    assert repeat.height > 500
    kept = (repeat["true_disco"].list.first() == repeat["true_disco"].list.last()).mean()
    assert isinstance(kept, float) and 0.85 <= kept < 0.95  # keep_on_new_spell 0.85


def test_it_falls_back_to_the_nearest_major_group_a_short_list_has() -> None:
    frame = pl.DataFrame(
        {
            "disco": ["2341", "2342", "5322", "9313"],
            "major": [2, 2, 5, 9],
            "title": ["Lærer", "Pædagog", "Social- og sundhedshjælper", "Byggearbejder"],
            "field": ["pedagogy", None, "health", None],
            "education": ["medium", "medium", "vocational", "none"],
            "skills": [["childcare"], ["childcare", "play"], ["personal_care"], []],
        }
    )
    occ = from_frame(frame, ["childcare"])
    assert occ.skill_codes == ["childcare", "play", "personal_care"]
    assert _nearest_major(occ).tolist() == [2, 2, 2, 5, 5, 5, 5, 9, 9]
    rng = np.random.default_rng(1)
    moved = adjacent(occ, np.array([0, 2, 3] * 100), rng, 0.3, 0.3)
    assert set(moved[0::3]) == {0, 1}  # another of 234x, or itself
    assert set(moved[1::3]) == {2} and set(moved[2::3]) == {3}  # alone in their group


def test_it_measures_the_occupation_distance_by_shared_digits() -> None:
    a = np.array([5322, 5322, 5322, 5322, 5322])
    b = np.array([5322, 5321, 5311, 5411, 7115])
    assert [DISTANCES[k] for k in distance(a, b)] == DISTANCES


def test_it_makes_distinct_valid_cvr_numbers_beginning_with_9() -> None:
    numbers = cvr_numbers(np.random.default_rng(3), 20_000)
    assert len(set(numbers)) == 20_000
    assert all(n[0] == "9" and reference.cvr_valid(n) for n in numbers)
    assert numbers == cvr_numbers(np.random.default_rng(3), 20_000)


def test_it_registers_employers_with_valid_cvr_numbers_where_members_live(dataset: Path) -> None:
    employers = _table(dataset, "employers")
    assert employers["cvr"].n_unique() == employers.height
    assert all(reference.cvr_valid(c) for c in employers["cvr"])
    municipalities = _table(dataset, "municipalities").select("municipality", "name")
    lived = _table(dataset, "spells")["municipality"].unique()
    own = municipalities.filter(pl.col("municipality").is_in(lived.implode())).with_columns(
        name=pl.col("name") + " Kommune"
    )
    assert own.join(employers, on=["municipality", "name"], how="anti").is_empty()
    industries = load_params().section("members")["industries"]
    assert employers["industry"].is_in(industries).all()
    assert employers["name"].str.contains(r"\{|\}").sum() == 0


def test_it_posts_openings_of_reference_occupations_that_close_after_they_open(
    dataset: Path,
) -> None:
    openings = _table(dataset, "job_openings")
    assert openings["disco"].is_in(list(reference.disco_codes())).all()
    assert (openings["disco"].str.slice(0, 1).cast(pl.Int8) == openings["disco_major"]).all()
    assert openings.select("disco", "municipality", "disco_major").null_count().row(0) == (0, 0, 0)
    open_days = (openings["closes_on"] - openings["posted_on"]).dt.total_days()
    assert open_days.min() >= 0 and open_days.max() <= 42
    titles = reference.disco_titles()
    assert (openings["title"] == openings["disco"].replace_strict(titles)).all()
    skills = reference.occupations().select("disco", own="skills")
    asked = openings.join(skills, on="disco").select(
        extra=pl.col("requires_skills").list.set_difference("own").list.len()
    )
    assert asked["extra"].sum() == 0


def test_it_takes_job_orders_only_for_the_funds_that_work_with_them(dataset: Path) -> None:
    openings = _table(dataset, "job_openings")
    assert ((openings["source"] == "portal") == openings["fund"].is_null()).all()
    rates = load_params().section("openings")["job_order"]
    ordered = set(openings.filter(pl.col("source") == "job_order")["fund"])
    assert ordered == {f for f, r in rates.items() if f != "default" and r > 0}
    portal = openings.filter(pl.col("source") == "portal")
    hidden = portal["employer_cvr"].null_count() / portal.height
    assert 0.04 < hidden < 0.06  # no_employer 0.05
    named = openings.filter(pl.col("employer_cvr").is_not_null())
    employers = _table(dataset, "employers")
    assert named.join(employers, left_on="employer_cvr", right_on="cvr", how="anti").is_empty()


def test_it_builds_the_market_from_the_occupations_of_the_unemployed(dataset: Path) -> None:
    openings = _table(dataset, "job_openings")["disco_major"].value_counts(normalize=True)
    spells = _table(dataset, "profiling")["disco_major"].value_counts(normalize=True)
    both = openings.join(spells, on="disco_major", suffix="_spells")
    assert (both["proportion"] - both["proportion_spells"]).abs().max() < 0.03  # type: ignore[operator]
    care = _table(dataset, "job_openings").filter(pl.col("disco").str.starts_with("53"))
    full = _table(dataset, "job_openings").filter(pl.col("disco").str.starts_with("7"))
    assert (care["hours_per_week"] < 37).mean() > 3 * (full["hours_per_week"] < 37).mean()  # type: ignore[operator]
