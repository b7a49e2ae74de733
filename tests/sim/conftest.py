"""One small simulated dataset shared by the simulator's tests (made once per test session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from akasse.sim.run import simulate_dataset


@pytest.fixture(scope="session")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim") / "small"
    simulate_dataset("small", 1, out)
    return out
