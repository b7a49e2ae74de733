"""Evaluation of a trained model on a dataset's held-out spells: accuracy and calibration beside
the oracle, by gender, age group and origin, target-group shares, the gradient-boosted
challenger, and what including ethnic origin would change."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from akasse.profiling.challenger import fit_challenger
from akasse.profiling.data import ProfilingData, load_data
from akasse.profiling.metrics import (
    auc,
    brier,
    calibration_error,
    calibration_table,
    group_metrics,
)
from akasse.profiling.model import ProfilingModel
from akasse.profiling.scoring import score_frame
from akasse.profiling.spec import ProfilingError, load_spec
from akasse.profiling.training import CALIBRATION_DEFINITION, no_progress
from akasse.stats.dataset import Dataset

ORIGIN = "origin"


@dataclass
class Evaluation:
    model: ProfilingModel
    data: ProfilingData
    same_data: bool  # the dataset the model was trained on: the test part is truly held out
    metrics: dict[str, Any]
    calibration: pl.DataFrame
    by_group: pl.DataFrame
    target_groups: pl.DataFrame
    challenger: dict[str, Any] | None = None
    challenger_calibration: pl.DataFrame | None = None
    oracle_calibration: pl.DataFrame | None = None
    origin: dict[str, Any] = field(default_factory=dict)
    origin_groups: pl.DataFrame | None = None

    def to_json(self) -> dict[str, Any]:
        """The evaluation as JSON: the headline metrics at the top level; a metric that cannot
        be computed (an AUC in a group with one outcome only) is null."""
        content: dict[str, Any] = _finite(self._content())
        return content

    def _content(self) -> dict[str, Any]:
        training = self.model.metadata_.get("training_data", {})
        return {
            **self.metrics,
            "data": {
                "source": self.data.source,
                "manifest_sha256": self.data.data_hash,
                "same_data_as_training": self.same_data,
                "spells": self.data.spells,
                "followed_52_weeks": self.data.frame.height,
                "excluded_not_followed": self.data.excluded,
                "split_seed": self.data.seed,
            },
            "model": {
                "features": [f.name for f in self.model.features_],
                "threshold": self.model.target_groups_["threshold"],
                "created": self.model.metadata_.get("created"),
                "trained_on": training.get("source"),
            },
            "calibration": self.calibration.to_dicts(),
            "by_group": self.by_group.to_dicts(),
            "target_groups": self.target_groups.to_dicts(),
            "challenger": self.challenger,
            "origin": {
                **self.origin,
                "by_origin": None if self.origin_groups is None else self.origin_groups.to_dicts(),
            },
        }


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def age_groups(ages: np.ndarray) -> np.ndarray:
    """Age groups as features.yaml's age feature draws them."""
    f = load_spec().features["age"]
    index = np.searchsorted(np.asarray(f.edges), ages, side="right")
    return np.asarray(f.codes, dtype=object)[index]


def _headline(risk: np.ndarray, y: np.ndarray, oracle: np.ndarray | None) -> dict[str, Any]:
    return {
        "test_spells": int(y.size),
        "auc": auc(risk, y),
        "oracle_auc": None if oracle is None else auc(oracle, y),
        "brier": brier(risk, y),
        "oracle_brier": None if oracle is None else brier(oracle, y),
        "calibration_error": calibration_error(risk, y),
        "oracle_calibration_error": None if oracle is None else calibration_error(oracle, y),
        "calibration_error_definition": CALIBRATION_DEFINITION,
        "long_term_share": float(y.mean()),
        "mean_risk": float(risk.mean()),
    }


def _groupings(test: pl.DataFrame) -> dict[str, np.ndarray]:
    return {
        "gender": test["gender"].to_numpy(),
        "age_group": age_groups(test["age"].to_numpy()),
        "origin": test["origin"].to_numpy(),
    }


def _target_groups(scored: pl.DataFrame, y: np.ndarray) -> pl.DataFrame:
    return (
        scored.with_columns(long_term=pl.Series(y))
        .group_by("target_group")
        .agg(
            spells=pl.len(),
            mean_risk=pl.col("risk").mean(),
            observed=pl.col("long_term").mean(),
        )
        .with_columns(share=pl.col("spells") / pl.col("spells").sum())
        .sort("target_group")
    )


def evaluate(
    dataset: Dataset,
    model: ProfilingModel,
    *,
    challenger: bool = True,
    progress: Callable[[str], None] = no_progress,
) -> Evaluation:
    """Evaluate ``model`` on the held-out part of ``dataset`` (split with the model's seed)."""
    progress("Læser datasættet og beregner udfaldet")
    seed = model.metadata_.get("training_data", {}).get("split_seed")
    data = load_data(dataset, None if seed is None else int(seed))
    trained_on = model.metadata_.get("training_data", {}).get("manifest_sha256")
    test = data.part(True)
    y = data.y[data.test]
    if y.size == 0 or y.all() or not y.any():
        raise ProfilingError(
            f"{dataset.path}: {y.size} held-out spells followed for 52 weeks, too few (or all "
            "alike) to evaluate on; use a larger or older dataset"
        )
    progress("Scorer testdata")
    scored = score_frame(model, test)
    risk = scored["risk"].to_numpy()
    flagged = scored["target_group"].to_numpy() != "1"
    oracle = test["true_risk"].to_numpy() if data.has_truth else None
    evaluation = Evaluation(
        model=model,
        data=data,
        same_data=trained_on == data.data_hash,
        metrics=_headline(risk, y, oracle) | {"flagged_share": float(flagged.mean())},
        calibration=calibration_table(risk, y),
        by_group=group_metrics(_groupings(test), risk, y, flagged),
        target_groups=_target_groups(scored, y),
        oracle_calibration=None if oracle is None else calibration_table(oracle, y),
    )
    train = data.part(False)
    y_train = data.y[~data.test]
    if challenger:
        progress("Træner udfordreren (gradient boosting)")
        boosted = fit_challenger(model.features_, train, y_train, data.seed)
        boosted_risk = boosted.predict_risk(test)
        evaluation.challenger = boosted.describe() | _headline(boosted_risk, y, None)
        evaluation.challenger_calibration = calibration_table(boosted_risk, y)
    progress("Sammenligner med og uden herkomst")
    _compare_origin(evaluation, train, y_train, test, y)
    return evaluation


Scored = tuple[np.ndarray, np.ndarray]  # risk, and whether in target group 2


def _compare_origin(
    e: Evaluation, train: pl.DataFrame, y_train: np.ndarray, test: pl.DataFrame, y: np.ndarray
) -> None:
    """Refit with origin added (or taken out, if the model has it) on the same training part,
    and compare accuracy and who gets flagged, overall and by origin group."""
    names = [f.name for f in e.model.features_]
    has_origin = ORIGIN in names
    spec_names = [n for n in load_spec().features if n in names or n == ORIGIN]
    other_names = [n for n in spec_names if n != ORIGIN] if has_origin else spec_names
    other = ProfilingModel(other_names).fit(train, y_train)
    other.target_groups_ = e.model.target_groups_
    ours, theirs = _scored(e.model, test), _scored(other, test)
    without, with_ = (theirs, ours) if has_origin else (ours, theirs)
    e.origin = _origin_overall(has_origin, y, without, with_)
    e.origin_groups = _origin_groups(test[ORIGIN].to_numpy(), y, without, with_)


def _scored(model: ProfilingModel, frame: pl.DataFrame) -> Scored:
    scored = score_frame(model, frame)
    return scored["risk"].to_numpy(), scored["target_group"].to_numpy() != "1"


def _origin_overall(
    has_origin: bool, y: np.ndarray, without_origin: Scored, with_origin: Scored
) -> dict[str, Any]:
    (risk_without, without), (risk_with, with_) = without_origin, with_origin
    either = without | with_
    return {
        "model_includes_origin": has_origin,
        "auc_without_origin": auc(risk_without, y),
        "auc_with_origin": auc(risk_with, y),
        "brier_without_origin": brier(risk_without, y),
        "brier_with_origin": brier(risk_with, y),
        "flagged_without_origin": float(without.mean()),
        "flagged_with_origin": float(with_.mean()),
        "flagged_by_both": int((without & with_).sum()),
        "flagged_overlap": float((without & with_).sum() / either.sum()) if either.any() else None,
        "group_changed_share": float((without != with_).mean()),
    }


def _origin_groups(
    origin: np.ndarray, y: np.ndarray, without_origin: Scored, with_origin: Scored
) -> pl.DataFrame:
    (risk_without, without), (risk_with, with_) = without_origin, with_origin
    rows = []
    for value in sorted(set(origin.tolist())):
        m = origin == value
        rows.append(
            {
                "origin": value,
                "spells": int(m.sum()),
                "observed": float(y[m].mean()),
                "risk_without_origin": float(risk_without[m].mean()),
                "risk_with_origin": float(risk_with[m].mean()),
                "flagged_without_origin": float(without[m].mean()),
                "flagged_with_origin": float(with_[m].mean()),
                "group_changed": float((without[m] != with_[m]).mean()),
            }
        )
    return pl.DataFrame(rows)
