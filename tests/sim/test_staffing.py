"""Caseworkers follow the spells: no branch has far more spells per caseworker than its fund."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from akasse.sim.run import simulate_dataset
from akasse.sim.world import _staffing

# Placing caseworkers by expected spells leaves only the draw of where members live and the
# rounding to whole caseworkers (a branch served by one or two sees Poisson noise of about
# 10 %); a branch at 1.5 times its fund's average is one the placement has starved.
MAX_FACTOR = 1.5


@pytest.fixture(scope="module")
def fund_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim") / "fund"
    simulate_dataset("fund", 1, out)
    return out


def _load(folder: Path) -> pl.DataFrame:
    """Spells per caseworker of every branch beside its fund's."""
    spells = pl.read_parquet(folder / "spells.parquet").group_by("branch_id").agg(spells=pl.len())
    staff = (
        pl.read_parquet(folder / "caseworkers.parquet")
        .group_by("fund", "branch_id")
        .agg(caseworkers=pl.len())
    )
    return (
        staff.join(spells, on="branch_id", how="left")
        .with_columns(pl.col("spells").fill_null(0))
        .with_columns(
            load=pl.col("spells") / pl.col("caseworkers"),
            fund_load=pl.col("spells").sum().over("fund")
            / pl.col("caseworkers").sum().over("fund"),
        )
    )


def _assert_nobody_starved(folder: Path) -> None:
    branches = _load(folder)
    worst = branches.sort(pl.col("load") / pl.col("fund_load"), descending=True).row(0, named=True)
    assert worst["load"] <= MAX_FACTOR * worst["fund_load"], worst


def test_it_staffs_no_branch_far_below_its_spells_at_small_scale(dataset: Path) -> None:
    _assert_nobody_starved(dataset)


def test_it_staffs_no_branch_far_below_its_spells_at_fund_scale(fund_dataset: Path) -> None:
    _assert_nobody_starved(fund_dataset)
    branches = pl.read_parquet(fund_dataset / "branches.parquet")
    staffed = _load(fund_dataset)
    assert staffed.height == branches.height
    assert staffed["caseworkers"].sum() == 232


def test_it_gives_every_branch_one_and_the_rest_by_expected_spells() -> None:
    demand = np.array([1000.0, 100.0, 3000.0, 10.0])
    staff = _staffing(demand, 12)
    assert staff.tolist() == [3, 1, 7, 1]
    assert _staffing(demand, 4).tolist() == [1, 1, 1, 1]
