"""Small helpers shared by tests."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_dataset(source: Path, target: Path, without: tuple[str, ...] = ()) -> Path:
    """A copy of a dataset folder, leaving out the named files, to damage in a test."""
    target.mkdir()
    for item in source.iterdir():
        if item.name not in without:
            shutil.copyfile(item, target / item.name)
    return target
