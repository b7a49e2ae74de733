"""A model trained once per worker on the small simulated dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from akasse.profiling.training import Trained, train
from akasse.stats.dataset import Dataset


@pytest.fixture(scope="session")
def trained(dataset: Path) -> Trained:
    return train(Dataset(dataset))


@pytest.fixture(scope="session")
def model_file(trained: Trained, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("profiling") / "model.json"
    trained.model.save(path)
    return path
