"""Datasets shared by the tests of the simulator and of the statistics (made once per worker)."""

from __future__ import annotations

from pathlib import Path

import pytest

from akasse.sim.run import simulate_dataset
from tests.demo import prepared_home


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


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> tuple[Path, str]:
    """The demo prepared once per test run (``akasse demo --no-serve``) in a folder the test
    workers share; its folder and what the command printed. Serve a copy
    (``tests.demo.copy_home``) in a test that changes it."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # each worker's base folder is inside the run's
    return prepared_home(shared)
