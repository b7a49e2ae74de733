"""Training and evaluation data from a dataset folder: the profiling inputs per spell, the
long-term target computed from the weekly status, the held-out split, and (for simulated data)
the true risk."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from akasse.profiling.spec import load_parameters
from akasse.stats.dataset import Dataset

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def weeks_needed(weeks: int, share: float) -> int:
    """Whole weeks on dagpenge that make a spell long-term: 80 % of 52 weeks is 41.6, so 42."""
    return math.ceil(share * weeks - 1e-9)


def long_term_target(weekly: pl.LazyFrame, weeks: int = 52, share: float = 0.8) -> pl.DataFrame:
    """Per spell followed for all of weeks 0..weeks-1: ``dagpenge_weeks`` among them and
    ``long_term`` (at least ``weeks_needed`` of them on dagpenge). Spells with fewer weeks in
    ``weekly_status`` (begun too close to the data's end) are left out."""
    return (
        weekly.filter(pl.col("week").is_between(0, weeks - 1))
        .group_by("spell_id")
        .agg(
            followed=pl.col("week").n_unique(),
            dagpenge_weeks=(pl.col("status") == "dagpenge").sum(),
        )
        .filter(pl.col("followed") == weeks)
        .select(
            "spell_id",
            pl.col("dagpenge_weeks").cast(pl.Int16),
            long_term=pl.col("dagpenge_weeks") >= weeks_needed(weeks, share),
        )
        .collect()
        .sort("spell_id")
    )


def _splitmix64(x: np.ndarray) -> np.ndarray:
    """A fixed integer hash (splitmix64's finaliser): the same on every machine and version,
    unlike Polars' hash."""
    x = x.astype(np.uint64)
    with np.errstate(over="ignore"):
        x = x + _GOLDEN
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return np.asarray(x ^ (x >> np.uint64(31)))


def held_out(spell_id: np.ndarray, seed: int, share: float) -> np.ndarray:
    """Whether each spell is in the held-out test set: its salted hash in the lowest ``share``
    of the hash range."""
    with np.errstate(over="ignore"):
        salted = spell_id.astype(np.uint64) + np.uint64(seed) * _GOLDEN
    unit = (_splitmix64(salted) >> np.uint64(11)).astype(np.float64) / float(2**53)
    return np.asarray(unit < share)


def data_hash(path: Path) -> str:
    """The dataset's identity: the SHA-256 of its manifest.json, else of its profiling table."""
    source = path / "manifest.json"
    if not source.exists():
        source = path / "profiling.parquet"
    return hashlib.sha256(source.read_bytes()).hexdigest()


@dataclass(frozen=True)
class ProfilingData:
    """The followed spells with inputs and target (and ``true_risk`` for simulated data)."""

    frame: pl.DataFrame
    test: np.ndarray  # bool per row of frame
    spells: int  # spells in the profiling table
    source: str
    data_hash: str
    seed: int

    @property
    def excluded(self) -> int:
        """Spells left out because they were not followed for 52 weeks."""
        return self.spells - self.frame.height

    @property
    def y(self) -> np.ndarray:
        return self.frame["long_term"].to_numpy()

    @property
    def has_truth(self) -> bool:
        return "true_risk" in self.frame.columns

    def part(self, test: bool) -> pl.DataFrame:
        return self.frame.filter(pl.Series(self.test if test else ~self.test))


def load_data(data: Dataset, seed: int | None = None) -> ProfilingData:
    """Profiling inputs joined with the target (and truth when the dataset has it), split."""
    params = load_parameters()
    seed = int(params["split"]["seed"]) if seed is None else seed
    inputs = data.table("profiling")
    weekly = data.scan("weekly_status", ["spell_id", "week", "status"])
    target = long_term_target(weekly, int(params["target"]["weeks"]), params["target"]["share"])
    frame = inputs.join(target, on="spell_id", how="inner").sort("spell_id")
    if (data.path / "truth.parquet").exists():
        truth = data.table("truth", ["spell_id", "true_risk"])
        frame = frame.join(truth, on="spell_id", how="left")
    test = held_out(frame["spell_id"].to_numpy(), seed, float(params["split"]["test_share"]))
    return ProfilingData(frame, test, inputs.height, str(data.path), data_hash(data.path), seed)
