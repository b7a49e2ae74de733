"""``akasse simulate`` as a real process: bad input gives one clear line and writes nothing."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

AKASSE = [sys.executable, "-m", "akasse.cli", "simulate"]


def run(*args: str, limit_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        # A file-size limit makes writes fail as on a full disk (EFBIG instead of ENOSPC).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run(
        [*AKASSE, *args], capture_output=True, text=True, check=False, preexec_fn=limit
    )


def test_it_makes_a_dataset_and_checks_it(tmp_path: Path) -> None:
    out = tmp_path / "data"
    made = run("--scale", "small", "--seed", "3", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert "weekly_status" in made.stdout
    checked = run("--check", str(out))
    assert checked.returncode == 0, checked.stdout
    assert "Alle 46 tal er inden for tolerancen." in checked.stdout


def test_it_rejects_an_unknown_scale(tmp_path: Path) -> None:
    result = run("--scale", "huge", "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert result.stderr == "akasse: unknown scale 'huge'; choose one of: national, fund, small\n"
    assert not (tmp_path / "x").exists()


def test_it_rejects_a_negative_seed(tmp_path: Path) -> None:
    result = run("--seed", "-4", "--out", str(tmp_path / "x"))
    assert result.returncode == 2
    assert result.stderr == "akasse: seed must be 0 or more, not -4\n"


def test_it_refuses_a_folder_that_holds_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    result = run("--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == (
        f"akasse: output folder {tmp_path} holds other files; give a new or empty folder "
        "(nothing was written)\n"
    )
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]


def test_it_leaves_nothing_behind_when_the_disk_fills(tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = run("--out", str(out), "--quiet", limit_bytes=300_000)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("akasse: the disk filled while writing ")
    assert result.stderr.endswith(f"; nothing was written to {out}\n")
    assert os.listdir(tmp_path) == []


def test_it_needs_an_output_folder() -> None:
    result = run("--scale", "small")
    assert result.returncode == 2
    assert (
        result.stderr == "akasse: --out DIR is required (a new or empty folder for the dataset)\n"
    )


def test_it_fails_the_check_for_a_folder_without_a_dataset(tmp_path: Path) -> None:
    result = run("--check", str(tmp_path))
    assert result.returncode == 2
    assert "not a dataset (manifest.json cannot be read" in result.stderr


def test_it_refuses_an_output_folder_inside_a_file(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    result = run("--out", str(afile / "data"))
    assert result.returncode == 2
    assert result.stderr == f"akasse: output {afile / 'data'}: {afile} is a file, not a folder\n"
