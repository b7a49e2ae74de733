"""``akasse profile``: train, evaluate (JSON and the HTML model card) and score from the command
line; bad input exits with status 2 and one line."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from akasse.cli import main
from akasse.profiling import SCHEMA_VERSION


def test_it_trains_evaluates_and_scores(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "model.json"
    assert main(["profile", "train", "--data", str(dataset), "--out", str(model), "--quiet"]) == 0
    assert capsys.readouterr().out.startswith(f"Model skrevet: {model}.")
    assert (
        main(["profile", "evaluate", "--data", str(dataset), "--model", str(model), "--quiet"]) == 0
    )
    result = json.loads(capsys.readouterr().out)
    assert {"auc", "oracle_auc", "brier", "calibration_error"} <= set(result)
    assert 0.6 < result["auc"] <= result["oracle_auc"] + 0.03
    assert result["data"]["same_data_as_training"] is True
    assert {r["grouping"] for r in result["by_group"]} == {"gender", "age_group", "origin"}
    assert result["challenger"]["kind"].startswith("HistGradientBoostingClassifier")
    assert result["origin"]["model_includes_origin"] is False
    card = tmp_path / "card.html"
    args = ["--data", str(dataset), "--model", str(model), "--format", "html", "--out", str(card)]
    assert main(["profile", "evaluate", *args, "--quiet"]) == 0
    page = card.read_text(encoding="utf-8")
    for text in (
        "Modelkort",
        "aldrig det sidste ord",
        "Odds ratio",
        "Hvad herkomst i modellen",
        "Gradient boosting (udfordrer)",
        "Kalibrering",
        "udeladt af træning",
    ):
        assert text in page
    scores = tmp_path / "scores.parquet"
    args = ["--data", str(dataset), "--model", str(model), "--out", str(scores), "--quiet"]
    assert main(["profile", "score", *args]) == 0
    scored = pl.read_parquet(scores)
    assert scored.columns == ["spell_id", "risk", "target_group", "missing"]
    assert scored.height == pl.read_parquet(dataset / "profiling.parquet").height


def test_it_counts_without_writing_on_a_dry_run(
    dataset: Path, model_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "scores.parquet"
    args = ["--data", str(dataset), "--model", str(model_file), "--out", str(out)]
    assert main(["profile", "score", *args, "--dry-run", "--quiet"]) == 0
    assert not out.exists()
    assert "(--dry-run)" in capsys.readouterr().out


def _bad_model(model_file: Path, tmp_path: Path) -> Path:
    raw = json.loads(model_file.read_text(encoding="utf-8"))
    path = tmp_path / "old.json"
    path.write_text(json.dumps(raw | {"schema_version": SCHEMA_VERSION + 1}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("no data", "akasse: {tmp}/absent: no such dataset folder"),
        ("unknown feature", "akasse: --features: unknown feature 'ethnicity'; choose from: "),
        ("bad format", "akasse: --format 'pdf': choose one of json, html"),
        ("html without out", "akasse: --format html needs --out FILE"),
        ("other version", "akasse: {tmp}/old.json: model schema version"),
        ("no model", "akasse: {tmp}/absent.json: no such model file"),
        ("negative seed", "akasse: --seed -1: give 0 or more"),
        ("not a dataset", "akasse: {tmp}: table profiling is missing"),
    ],
)
def test_it_exits_2_with_one_line_on_bad_input(
    case: str,
    expected: str,
    dataset: Path,
    model_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data, model = str(dataset), str(model_file)
    train = ["profile", "train", "--data", data, "--out", str(tmp_path / "m.json"), "--quiet"]
    evaluate = ["profile", "evaluate", "--data", data, "--model", model, "--quiet"]
    argv = {
        "no data": ["profile", "train", "--data", str(tmp_path / "absent"), "--out", "m.json"],
        "unknown feature": [*train, "--features", "+ethnicity"],
        "bad format": [*evaluate, "--format", "pdf"],
        "html without out": [*evaluate, "--format", "html"],
        "other version": [
            *evaluate[:4],
            "--model",
            str(_bad_model(model_file, tmp_path)),
            "--quiet",
        ],
        "no model": [*evaluate[:4], "--model", str(tmp_path / "absent.json")],
        "negative seed": [*train, "--seed", "-1"],
        "not a dataset": [
            "profile",
            "score",
            "--data",
            str(tmp_path),
            "--model",
            model,
            "--out",
            str(tmp_path / "s.parquet"),
        ],
    }[case]
    assert main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(expected.format(tmp=tmp_path))
    assert captured.out == ""
