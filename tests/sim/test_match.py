"""The latent match model: u evaluated term by term, presentations of open openings in reach,
relevance and hiring drawn from u, and model.json enough to recompute u from the dataset."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import polars as pl
import pytest
import statsmodels.api as sm

from akasse.dataset.reference import distance_km
from akasse.sim.match import MatchModel, MemberSide, OpeningSide, suitability, terms
from akasse.sim.oracle import Oracle, oracle

MODEL = MatchModel(
    occupation=(0.0, -0.5, -1.0, -2.0, -4.0),
    skills=1.0,
    km_per_10=0.2,
    hours=0.7,
    education=1.1,
    licence=1.3,
    hire_intercept=-2.0,
    relevant_intercept=1.0,
    tau=2.0,
    candidates=20,
    searched=0.5,
    reach_km=60.0,
)


@pytest.fixture(scope="module")
def card(dataset: Path) -> dict[str, object]:
    found = json.loads((dataset / "model.json").read_text(encoding="utf-8"))["match"]
    assert isinstance(found, dict)
    return found


@pytest.fixture(scope="module")
def truth(dataset: Path) -> Oracle:
    return oracle(dataset)


def _u(o: Oracle, frame: pl.DataFrame) -> np.ndarray:
    return o.u(frame["spell_id"].to_numpy(), frame["opening_id"].to_numpy())


def test_it_adds_up_the_terms_of_u_by_hand() -> None:
    bits = np.array([[0b011], [0b001], [0b111], [0]], dtype=np.uint64)
    member = MemberSide(
        disco=np.array([5322, 5322, 5322, 5322]),
        skills=bits,
        education=np.array([2, 2, 1, 5]),
        part_time=np.array([False, True, False, False]),
        licence=np.array([True, False, False, True]),
        lat=np.array([55.0, 55.0, 55.0, 55.0]),
        lon=np.array([10.0, 10.0, 10.0, 10.0]),
    )
    opening = OpeningSide(
        disco=np.array([5322, 5321, 5311, 7115]),
        skills=np.array([[0b011], [0b110], [0b100], [0]], dtype=np.uint64),
        education=np.array([-1, 2, 2, 4]),
        hours=np.array([37, 37, 25, 37]),
        licence=np.array([True, True, True, False]),
        lat=np.array([55.0, 56.0, 55.0, 55.0]),
        lon=np.array([10.0, 10.0, 10.0, 10.0]),
    )
    one_degree = 2 * np.pi * 6371.0 / 360  # km along a meridian
    expected = np.array(
        [
            0.0,
            -0.5 - 1.0 * 2 / 2 - 0.2 * one_degree / 10 - 0.7 - 1.3,
            -1.0 - 1.0 * 0 / 1 - 0.7 - 1.1 - 1.3,
            -4.0,
        ]
    )
    assert suitability(MODEL, member, opening) == pytest.approx(expected)
    parts = terms(MODEL, member, opening)
    assert sum(parts.values()) == pytest.approx(expected)
    assert distance_km(55.0, 10.0, 56.0, 10.0) == pytest.approx(one_degree)


def test_it_presents_openings_open_on_the_day_and_within_reach(
    dataset: Path, card: dict[str, object]
) -> None:
    spells = pl.read_parquet(dataset / "spells.parquet").select(
        "spell_id", member_fund="fund", home="municipality"
    )
    places = pl.read_parquet(dataset / "municipalities.parquet").select("municipality", "region")
    openings = pl.read_parquet(dataset / "job_openings.parquet")
    rows = (
        pl.read_parquet(dataset / "job_presentations.parquet")
        .join(spells, on="spell_id")
        .join(openings, on="opening_id")
        .join(places.rename({"municipality": "home", "region": "home_region"}), on="home")
        .join(places, on="municipality")
    )
    assert (rows["posted_on"] <= rows["presented_on"]).all()
    assert (rows["presented_on"] <= rows["closes_on"]).all()
    assert (rows["fund"].is_null() | (rows["fund"] == rows["member_fund"])).all()
    centres = card["centres"]
    assert isinstance(centres, dict)
    a = np.array([centres[m] for m in rows["home"]])
    b = np.array([centres[m] for m in rows["municipality"]])
    km = distance_km(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    same_region = (rows["home_region"] == rows["region"]).to_numpy()
    assert (same_region | (km <= 60.0)).all()
    assert (rows["source"] == "job_order").mean() > 0.02  # type: ignore[operator]


def test_it_writes_the_model_so_u_can_be_recomputed_from_the_dataset(
    dataset: Path, card: dict[str, object], truth: Oracle
) -> None:
    realised = card["realised"]
    assert isinstance(realised, dict)
    shown = pl.read_parquet(dataset / "job_presentations.parquet")
    placed = pl.read_parquet(dataset / "placements.parquet")
    n_shown, n_placed = realised["presentations"], realised["placements"]
    assert (n_shown + n_placed, n_placed) == (shown.height, placed.height)
    assert _u(truth, placed).mean() == pytest.approx(realised["mean_u_placed"], abs=1e-9)
    overall = (n_shown * realised["mean_u_presented"] + n_placed * realised["mean_u_placed"]) / (
        n_shown + n_placed
    )
    assert _u(truth, shown).mean() == pytest.approx(overall, abs=1e-9)
    assert set(card["inputs"]) == {  # type: ignore[arg-type]
        "occupation",
        "skills",
        "distance",
        "hours",
        "education",
        "licence",
    }


def test_it_draws_relevance_from_u_with_the_stated_intercept(
    dataset: Path, card: dict[str, object], truth: Oracle
) -> None:
    placed = pl.read_parquet(dataset / "placements.parquet").select("spell_id", "opening_id")
    shown = pl.read_parquet(dataset / "job_presentations.parquet").join(
        placed, on=["spell_id", "opening_id"], how="anti"
    )
    u = _u(truth, shown)
    relevant = shown["relevant"].to_numpy().astype(float)
    assert relevant.mean() == pytest.approx(0.7, abs=0.03)
    fit = sm.Logit(relevant, sm.add_constant(u)).fit(disp=0)
    intercept, slope = fit.params
    assert slope == pytest.approx(1.0, abs=3 * fit.bse[1])
    stated = card["intercepts"]
    assert isinstance(stated, dict)
    assert intercept == pytest.approx(stated["relevant"], abs=3 * fit.bse[0] + 0.05)
    objections = shown.filter(~pl.col("relevant"))["objection"].mean()
    assert isinstance(objections, float) and 0.15 < objections < 0.4


def test_it_hires_into_openings_that_suit_the_member_better_than_those_shown(
    dataset: Path, truth: Oracle
) -> None:
    shown = pl.read_parquet(dataset / "job_presentations.parquet")
    placed = pl.read_parquet(dataset / "placements.parquet")
    assert _u(truth, placed).mean() > _u(truth, shown).mean() + 0.4
    openings = pl.read_parquet(dataset / "job_openings.parquet").select("opening_id", "permanent")
    joined = placed.join(openings, on="opening_id", suffix="_opening")
    assert (joined["permanent"] == joined["permanent_opening"]).all()


def test_it_ranks_the_hired_opening_high_among_those_open_to_the_member(
    dataset: Path, card: dict[str, object], truth: Oracle
) -> None:
    """The oracle: of the openings the member could have been shown that day (open, in
    reach, a portal ad or the fund's job order), the one they were hired into ranks high by u."""
    spells = pl.read_parquet(dataset / "spells.parquet").select("spell_id", "fund", "municipality")
    places = pl.read_parquet(dataset / "municipalities.parquet").select("municipality", "region")
    openings = pl.read_parquet(dataset / "job_openings.parquet").join(places, on="municipality")
    shown = pl.read_parquet(dataset / "job_presentations.parquet")
    hired = (
        pl.read_parquet(dataset / "placements.parquet")
        .join(shown, on=["spell_id", "opening_id"])
        .filter((pl.col("placed_on") - pl.col("presented_on")).dt.total_days().is_between(0, 30))
        .unique("placement_id")
        .join(spells, on="spell_id")
        .join(places, on="municipality")
    )
    centres = card["centres"]
    assert isinstance(centres, dict)
    ranks = []
    for row in hired.head(300).iter_rows(named=True):
        day = row["presented_on"]
        open_ = openings.filter(
            (pl.col("posted_on") <= day)
            & (pl.col("closes_on") >= day)
            & (pl.col("fund").is_null() | (pl.col("fund") == row["fund"]))
        )
        home = centres[row["municipality"]]
        there = np.array([centres[m] for m in open_["municipality"]])
        km = distance_km(home[0], home[1], there[:, 0], there[:, 1])
        reach = (open_["region"] == row["region"]).to_numpy() | (km <= 60.0)
        ids = open_["opening_id"].to_numpy()[reach]
        u = truth.u(np.full(ids.size, row["spell_id"]), ids)
        mine = truth.u(np.array([row["spell_id"]]), np.array([row["opening_id"]]))[0]
        ranks.append(float((u < mine).mean()))
    assert len(ranks) > 200
    assert np.median(ranks) > 0.9
