"""Datasets shared by the tests of the simulator and of the statistics (made once per worker)."""

from __future__ import annotations

from pathlib import Path

import pytest

from akasse.sim.run import simulate_dataset


@pytest.fixture(scope="session")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim") / "small"
    simulate_dataset("small", 1, out)
    return out


@pytest.fixture(scope="session")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim") / "national"
    simulate_dataset("national", 1, out)
    return out
