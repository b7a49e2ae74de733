"""The model file: versioned JSON with coefficients, definitions, thresholds and metadata, and
no member's data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from akasse.profiling import SCHEMA_VERSION, ModelFileError, load_model
from akasse.profiling.spec import SpecError, choose_features, load_spec
from akasse.profiling.training import Trained


def test_it_reads_back_the_model_it_wrote(trained: Trained, model_file: Path) -> None:
    loaded = load_model(model_file)
    frame = trained.data.part(True)
    assert np.array_equal(loaded.predict_risk(frame), trained.model.predict_risk(frame))
    assert loaded.summary.equals(trained.model.summary)
    assert loaded.target_groups_ == trained.model.target_groups_


def test_it_records_the_training_data_and_metrics(model_file: Path) -> None:
    raw = json.loads(model_file.read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION
    meta = raw["metadata"]
    assert len(meta["training_data"]["manifest_sha256"]) == 64
    assert meta["target"]["definition"].startswith("on dagpenge in at least 42 of weeks 0-51")
    assert {"auc", "oracle_auc", "brier", "calibration_error"} <= set(meta["metrics"])
    assert raw["target_groups"]["threshold"] == 0.35


def _lists(value: Any) -> list[list[Any]]:
    if isinstance(value, list):
        return [value, *(inner for item in value for inner in _lists(item))]
    if isinstance(value, dict):
        return [inner for item in value.values() for inner in _lists(item)]
    return []


def test_it_keeps_no_personal_data(trained: Trained, model_file: Path) -> None:
    raw = json.loads(model_file.read_text(encoding="utf-8"))
    longest = max(len(values) for values in _lists(raw))
    # Nothing per member: no list is longer than the design's columns.
    assert longest <= len(trained.model.columns_) + 1 < 100
    text = model_file.read_text(encoding="utf-8")
    for word in ("spell_id", "member_id", "cpr", "birth"):
        assert word not in text


def _rewrite(model_file: Path, tmp_path: Path, **changes: Any) -> Path:
    raw = json.loads(model_file.read_text(encoding="utf-8")) | changes
    out = tmp_path / "changed.json"
    out.write_text(json.dumps(raw), encoding="utf-8")
    return out


def test_it_refuses_a_model_of_another_schema_version(model_file: Path, tmp_path: Path) -> None:
    path = _rewrite(model_file, tmp_path, schema_version=SCHEMA_VERSION + 1)
    with pytest.raises(ModelFileError) as error:
        load_model(path)
    assert str(error.value) == (
        f"{path}: model schema version {SCHEMA_VERSION + 1}, but this akasse reads version "
        f"{SCHEMA_VERSION}; train the model again with `akasse profile train`"
    )


def test_it_refuses_files_that_are_not_models(model_file: Path, tmp_path: Path) -> None:
    path = _rewrite(model_file, tmp_path, format="something-else")
    with pytest.raises(ModelFileError, match="not a profiling model file"):
        load_model(path)
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelFileError, match="not readable as JSON"):
        load_model(garbage)
    damaged = _rewrite(model_file, tmp_path, coefficients=[1.0])
    with pytest.raises(ModelFileError, match="damaged model file"):
        load_model(damaged)
    with pytest.raises(ModelFileError, match="no such model file"):
        load_model(tmp_path / "absent.json")


def test_it_leaves_origin_out_by_default() -> None:
    spec = load_spec()
    assert "origin" in spec.features
    assert "origin" not in spec.defaults
    assert "origin" not in choose_features(None)
    with_origin = choose_features("+origin")
    assert with_origin == [*spec.defaults, "origin"]
    assert choose_features("-children_at_home,+origin") == [
        n for n in with_origin if n != "children_at_home"
    ]
    assert choose_features("age,gender") == ["age", "gender"]


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("+ethnicity", "--features: unknown feature 'ethnicity'; choose from: age, gender"),
        ("age,+origin", "--features 'age,+origin': either list the features, or change"),
    ],
)
def test_it_refuses_a_bad_feature_list(option: str, message: str) -> None:
    with pytest.raises(SpecError) as error:
        choose_features(option)
    assert str(error.value).startswith(message)
