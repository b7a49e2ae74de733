"""What the repository itself holds: sources, not files a run makes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MADE_BY_RUNS = ("*.sqlite3", "*.sqlite3-*", "*.parquet", "*.pyc", "profilmodel.json")


def test_it_tracks_no_database_or_other_file_a_run_makes() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "--", *MADE_BY_RUNS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert tracked == []
