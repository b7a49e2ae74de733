"""Small helpers shared by tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def copy_dataset(source: Path, target: Path, without: tuple[str, ...] = ()) -> Path:
    """A copy of a dataset folder, leaving out the named files, to damage in a test."""
    target.mkdir()
    for item in source.iterdir():
        if item.name not in without:
            shutil.copyfile(item, target / item.name)
    return target


def run_bench(module: str, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """``python -m <module> <args>`` from the project root, without the test run's settings
    (the benchmark brings its own server and settings)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AKASSE_", "DJANGO_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )
