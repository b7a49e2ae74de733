"""The target (long-term unemployment from the weekly status) and the held-out split."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import polars as pl

from akasse.profiling.data import (
    _splitmix64,
    held_out,
    load_data,
    long_term_target,
    weeks_needed,
)
from akasse.profiling.training import train
from akasse.stats.dataset import Dataset


def _weeks(spell_id: int, statuses: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {"spell_id": spell_id, "week": list(range(len(statuses))), "status": statuses}
    )


def test_it_needs_42_of_the_52_weeks() -> None:
    assert weeks_needed(52, 0.8) == 42  # 80 % of 52 is 41.6 weeks


def test_it_counts_dagpenge_weeks_in_weeks_0_to_51_only() -> None:
    weekly = pl.concat(
        [
            _weeks(1, ["dagpenge"] * 42 + ["employed"] * 10),  # exactly 42: long-term
            _weeks(2, ["dagpenge"] * 41 + ["other"] * 11 + ["dagpenge"] * 20),  # 41 in 0-51
            _weeks(3, ["dagpenge"] * 30),  # followed 30 weeks only: left out
            _weeks(4, ["employed"] * 10 + ["dagpenge"] * 42),  # late but 42: long-term
        ]
    )
    target = long_term_target(weekly.lazy())
    assert target["spell_id"].to_list() == [1, 2, 4]
    assert target["dagpenge_weeks"].to_list() == [42, 41, 42]
    assert target["long_term"].to_list() == [True, False, True]


def test_it_computes_the_same_target_as_the_simulator(dataset: Path) -> None:
    data = Dataset(dataset)
    target = long_term_target(data.scan("weekly_status", ["spell_id", "week", "status"]))
    truth = data.table("truth", ["spell_id", "long_term"])
    joined = target.join(truth, on="spell_id", how="inner", suffix="_truth")
    assert joined.height == target.height > 10_000
    assert joined.filter(pl.col("long_term") != pl.col("long_term_truth")).is_empty()


def test_it_leaves_out_spells_not_followed_for_52_weeks(dataset: Path, tmp_path: Path) -> None:
    copy = tmp_path / "short"
    shutil.copytree(dataset, copy)
    weekly = pl.read_parquet(copy / "weekly_status.parquet")
    cut = (pl.col("spell_id") % 10 == 0) & (pl.col("week") >= 40)
    weekly.filter(~cut).write_parquet(copy / "weekly_status.parquet")
    spells = pl.read_parquet(copy / "profiling.parquet", columns=["spell_id"])
    expected = spells.filter(pl.col("spell_id") % 10 == 0).height
    trained = train(Dataset(copy))
    assert trained.data.excluded == expected
    assert trained.model.metadata_["training_data"]["excluded_not_followed"] == expected
    assert not (trained.data.frame["spell_id"] % 10 == 0).any()


def test_it_splits_the_same_way_on_every_machine() -> None:
    ids = np.arange(1, 200_001)
    test = held_out(ids, 0, 0.25)
    assert abs(test.mean() - 0.25) < 0.005
    assert np.array_equal(test, held_out(ids, 0, 0.25))
    assert not np.array_equal(test, held_out(ids, 1, 0.25))
    # Pinned: the split must not change between versions, or held-out spells leak into training.
    assert np.flatnonzero(test[:40]).tolist() == PINNED


PINNED = [2, 9, 17, 19, 20, 32, 39]
MASK = (1 << 64) - 1


def _reference_splitmix64(x: int) -> int:
    """splitmix64 (Steele, Lea and Flood 2014) in Python's unbounded integers."""
    z = (x + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def test_it_hashes_as_splitmix64_does() -> None:
    values = [0, 1, 2, 12345, 2**40 + 7, 2**63 + 5]
    ours = _splitmix64(np.array(values, dtype=np.uint64)).tolist()
    assert ours == [_reference_splitmix64(v) for v in values]


def test_it_keeps_a_quarter_of_the_followed_spells_for_testing(dataset: Path) -> None:
    data = load_data(Dataset(dataset))
    assert abs(data.test.mean() - 0.25) < 0.02
    assert data.has_truth
