"""The challenger: gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier) on the
same inputs, to show what a more flexible model would gain over the logistic regression."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from sklearn.ensemble import HistGradientBoostingClassifier

from akasse.profiling.spec import Feature, load_parameters


def tree_inputs(features: Sequence[Feature], frame: pl.DataFrame) -> np.ndarray:
    """One column per input: a category's position among its codes, numbers as they are (the
    trees find their own cut points), flags 0/1; NaN for an unanswered item."""
    columns = []
    for f in features:
        if f.kind == "category":
            codes = frame[f.name].cast(pl.String)
            position = codes.replace_strict(
                list(f.codes), list(range(len(f.codes))), default=None, return_dtype=pl.Float64
            )
            columns.append(position)
        else:
            columns.append(frame[f.name].cast(pl.Float64))
    return pl.DataFrame(columns).to_numpy().astype(np.float64, copy=False)


@dataclass(frozen=True)
class Challenger:
    classifier: HistGradientBoostingClassifier
    features: tuple[Feature, ...]
    seconds: float

    def predict_risk(self, frame: pl.DataFrame) -> np.ndarray:
        x = tree_inputs(self.features, frame)
        return np.asarray(self.classifier.predict_proba(x)[:, 1])

    def describe(self) -> dict[str, Any]:
        return {
            "kind": "HistGradientBoostingClassifier (scikit-learn)",
            "iterations": int(self.classifier.n_iter_),
            "fit_seconds": round(self.seconds, 2),
        }


def fit_challenger(
    features: Sequence[Feature], frame: pl.DataFrame, y: np.ndarray, seed: int
) -> Challenger:
    """Boosted trees with parameters.yaml's settings, categories declared as categorical."""
    settings = dict(load_parameters()["challenger"])
    classifier = HistGradientBoostingClassifier(
        categorical_features=np.array([f.kind == "category" for f in features]),
        random_state=seed,
        **settings,
    )
    started = time.perf_counter()
    classifier.fit(tree_inputs(features, frame), np.asarray(y, dtype=int))
    return Challenger(classifier, tuple(features), time.perf_counter() - started)
