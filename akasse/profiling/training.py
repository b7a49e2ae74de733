"""Training on a dataset folder: the followed spells' training part, the fit, and the held-out
metrics and metadata written into the model file."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from akasse import __version__
from akasse.profiling.data import ProfilingData, load_data, weeks_needed
from akasse.profiling.metrics import auc, brier, calibration_error
from akasse.profiling.model import ProfilingModel
from akasse.profiling.spec import ProfilingError, load_parameters
from akasse.stats.dataset import Dataset

Progress = Callable[[str], None]
CALIBRATION_DEFINITION = (
    "expected calibration error: spells sorted by predicted risk and cut into 10 equal-sized "
    "bins; the mean over bins of |mean predicted risk - observed long-term share|, weighted by "
    "the bins' sizes"
)


@dataclass(frozen=True)
class Trained:
    model: ProfilingModel
    data: ProfilingData
    seconds: float  # the whole of training: reading, target, fit and held-out metrics


def no_progress(label: str) -> None:
    return None


def held_out_metrics(model: ProfilingModel, data: ProfilingData) -> dict[str, Any]:
    """AUC, Brier score and calibration error on the test part, beside the oracle's AUC (the
    simulator's true risk on the same spells) when the dataset has it."""
    test = data.part(True)
    y = data.y[data.test]
    risk = model.predict_risk(test)
    oracle = test["true_risk"].to_numpy() if data.has_truth else None
    return {
        "test_spells": int(y.size),
        "auc": auc(risk, y),
        "oracle_auc": None if oracle is None else auc(oracle, y),
        "brier": brier(risk, y),
        "oracle_brier": None if oracle is None else brier(oracle, y),
        "calibration_error": calibration_error(risk, y),
        "calibration_error_definition": CALIBRATION_DEFINITION,
    }


def metadata(data: ProfilingData, metrics: dict[str, Any], seconds: float) -> dict[str, Any]:
    params = load_parameters()
    weeks, share = int(params["target"]["weeks"]), float(params["target"]["share"])
    return {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "akasse_version": __version__,
        "target": {
            "definition": f"on dagpenge in at least {weeks_needed(weeks, share)} of weeks "
            f"0-{weeks - 1} after the first day ({share:.0%} of {weeks} weeks)",
            "weeks": weeks,
            "share": share,
        },
        "training_data": {
            "source": data.source,
            "manifest_sha256": data.data_hash,
            "spells": data.spells,
            "followed_52_weeks": data.frame.height,
            "excluded_not_followed": data.excluded,
            "train_spells": int((~data.test).sum()),
            "test_spells": int(data.test.sum()),
            "split": "salted splitmix64 hash of the spell number (akasse.profiling.data.held_out)",
            "split_seed": data.seed,
            "test_share": float(load_parameters()["split"]["test_share"]),
            "long_term_share": float(data.y.mean()),
        },
        "metrics": metrics,
        "fit_seconds": round(seconds, 3),
    }


def train(
    dataset: Dataset,
    features: Sequence[str] | None = None,
    *,
    seed: int | None = None,
    progress: Progress = no_progress,
) -> Trained:
    """Fit the model on the training part of ``dataset`` and record its held-out metrics."""
    started = time.perf_counter()
    progress("Læser datasættet og beregner udfaldet")
    data = load_data(dataset, seed)
    train_rows = int((~data.test).sum())
    if train_rows == 0 or np.all(data.y) or not np.any(data.y):
        raise ProfilingError(
            f"{dataset.path}: {data.frame.height} spells followed for 52 weeks, "
            f"{train_rows} of them for training, with no variation in the outcome possible to "
            "learn from; train on a larger or older dataset"
        )
    progress("Estimerer modellen")
    fit_started = time.perf_counter()
    model = ProfilingModel(features).fit(data.part(False), data.y[~data.test])
    fit_seconds = time.perf_counter() - fit_started
    progress("Måler på testdata")
    model.metadata_ = metadata(data, held_out_metrics(model, data), fit_seconds)
    return Trained(model, data, time.perf_counter() - started)
