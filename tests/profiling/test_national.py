"""On the national simulated dataset: training in under a minute, held-out AUC within 0.02 of
the simulator's true model on the same spells, and calibration error under 0.02."""

from __future__ import annotations

from pathlib import Path

from akasse.profiling.training import train
from akasse.stats.dataset import Dataset


def test_it_comes_within_002_of_the_oracle_and_is_calibrated(national: Path) -> None:
    # One test on purpose: the national dataset is simulated once per worker that asks for it.
    trained = train(Dataset(national))
    metrics = trained.model.metadata_["metrics"]
    assert metrics["test_spells"] > 100_000
    assert metrics["oracle_auc"] - metrics["auc"] < 0.02
    assert metrics["calibration_error"] < 0.02
    assert trained.seconds < 60
