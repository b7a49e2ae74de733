"""The profiling model: a logistic regression of long-term unemployment on the inputs, shaped
like a scikit-learn/lifelines estimator (configure in ``__init__``, ``fit`` returns the model,
fitted attributes end in ``_``, ``summary``, ``plot``), saved as a versioned JSON file that holds
coefficients, definitions, thresholds and metadata and never a member's data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import polars as pl
from scipy.special import expit, ndtr, ndtri

from akasse.profiling.encode import (
    Column,
    answer_means,
    blank_as_unanswered,
    check_frame,
    columns_for,
    fill,
    raw_matrix,
)
from akasse.profiling.logit import fit_logit
from akasse.profiling.spec import (
    QUESTIONNAIRE,
    Feature,
    ProfilingError,
    Spec,
    SpecError,
    load_parameters,
    load_spec,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FORMAT = "akasse-profiling-model"
SCHEMA_VERSION = 1
Z95 = float(ndtri(0.975))
ODDS_TICKS = (0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


class ModelFileError(ProfilingError):
    """A model file that cannot be read: not JSON, not a model, or another schema version."""


class ProfilingModel:
    """Logistic regression of long-term unemployment on the chosen ``features`` (the default
    set of features.yaml when None)."""

    def __init__(
        self,
        features: Sequence[str] | None = None,
        *,
        spec: Spec | None = None,
        tol: float = 1e-10,
        max_iter: int = 50,
    ) -> None:
        self.features = None if features is None else list(features)
        self.spec = spec
        self.tol = tol
        self.max_iter = max_iter

    def fit(self, frame: pl.DataFrame, y: np.ndarray) -> ProfilingModel:
        """Fit on a table of inputs (columns named as the features) and 0/1 outcomes."""
        spec = self.spec or load_spec()
        names = self.features if self.features is not None else spec.defaults
        unknown = [n for n in names if n not in spec.features]
        if unknown:
            raise SpecError(
                f"unknown feature {unknown[0]!r}; choose from: {', '.join(spec.features)}"
            )
        features = spec.select(names)
        frame = blank_as_unanswered(features, frame)
        check_frame(features, frame)
        columns = columns_for(features, frame)
        raw = raw_matrix(features, columns, frame)
        if not np.isnan(raw).any() and columns and columns[-1].feature == QUESTIONNAIRE:
            columns, raw = columns[:-1], raw[:, :-1]
        impute = answer_means(columns, features, raw)
        x = fill(columns, raw, impute)
        design = np.column_stack([np.ones(x.shape[0]), x])
        names_ = ["intercept", *(c.name for c in columns)]
        result = fit_logit(
            design, np.asarray(y, dtype=float), tol=self.tol, max_iter=self.max_iter, names=names_
        )
        params = load_parameters()
        self.features_: list[Feature] = features
        self.questionnaire_: Feature = spec.questionnaire
        self.columns_: list[Column] = columns
        self.impute_: dict[str, float] = impute
        self.centre_: np.ndarray = x.mean(axis=0)
        self.intercept_: float = float(result.coef[0])
        self.coef_: np.ndarray = result.coef[1:]
        self.se_: np.ndarray = result.se  # intercept first
        self.n_iter_: int = result.iterations
        self.log_likelihood_: float = result.log_likelihood
        self.n_train_: int = int(x.shape[0])
        self.target_groups_: dict[str, Any] = dict(params["target_groups"])
        self.explanation_: dict[str, Any] = dict(params["explanation"])
        self.metadata_: dict[str, Any] = {}
        return self

    def design(self, frame: pl.DataFrame) -> np.ndarray:
        """The checked, encoded inputs of a table (without the intercept column)."""
        frame = blank_as_unanswered(self.features_, frame)
        check_frame(self.features_, frame, self.columns_)
        return fill(self.columns_, raw_matrix(self.features_, self.columns_, frame), self.impute_)

    def linear_predictor(self, frame: pl.DataFrame) -> np.ndarray:
        return np.asarray(self.intercept_ + self.design(frame) @ self.coef_)

    def predict_risk(self, frame: pl.DataFrame) -> np.ndarray:
        """The risk of long-term unemployment for every row of ``frame``."""
        return np.asarray(expit(self.linear_predictor(frame)))

    @property
    def baseline_logit(self) -> float:
        """The log-odds of the training data's average member (the explanation's zero point)."""
        return float(self.intercept_ + self.centre_ @ self.coef_)

    def column_text(self, column: Column) -> str:
        """A column in Danish words, for the coefficient table."""
        if column.feature == QUESTIONNAIRE:
            return self.questionnaire_.text_true
        f = next(f for f in self.features_ if f.name == column.feature)
        if column.level is not None:
            return f.level_text(column.level)
        return f.text_true if f.kind == "flag" else f"pr. {f.unit or f.label}"

    @property
    def summary(self) -> pl.DataFrame:
        """Coefficients with standard errors, odds ratios and 95 % confidence intervals."""
        coef = np.concatenate([[self.intercept_], self.coef_])
        z = coef / self.se_
        return pl.DataFrame(
            {
                "column": ["intercept", *(c.name for c in self.columns_)],
                "feature": ["intercept", *(c.feature for c in self.columns_)],
                "text": ["konstantled", *(self.column_text(c) for c in self.columns_)],
                "coef": coef,
                "se": self.se_,
                "z": z,
                "p_value": 2 * ndtr(-np.abs(z)),
                "odds_ratio": np.exp(coef),
                "lower": np.exp(coef - Z95 * self.se_),
                "upper": np.exp(coef + Z95 * self.se_),
            }
        )

    def plot(self, ax: Axes | None = None) -> Axes:
        """Odds ratios with 95 % intervals on a log scale, one row per column."""
        import matplotlib.pyplot as plt  # noqa: PLC0415 - only when a figure is asked for

        rows = self.summary.filter(pl.col("column") != "intercept").reverse()
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 0.22 * rows.height + 1))
        y = np.arange(rows.height)
        ratio = rows["odds_ratio"].to_numpy()
        ax.errorbar(
            ratio,
            y,
            xerr=[ratio - rows["lower"].to_numpy(), rows["upper"].to_numpy() - ratio],
            fmt="o",
            color="#1f5fa8",
            markersize=3,
        )
        ax.axvline(1.0, color="#999999", linewidth=0.8)
        ax.set_xscale("log")
        ticks = [t for t in ODDS_TICKS if ratio.min() / 2 < t < ratio.max() * 2]
        ax.set_xticks(ticks, [f"{t:g}".replace(".", ",") for t in ticks])
        ax.minorticks_off()
        ax.set_yticks(y, rows["text"].to_list(), fontsize=7)
        ax.set_xlabel("Odds ratio (95 %-interval)")
        return ax

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "schema_version": SCHEMA_VERSION,
            "kind": "logistic regression (IRLS)",
            "features": [f.to_dict() for f in self.features_],
            "questionnaire": self.questionnaire_.to_dict(),
            "columns": [{"feature": c.feature, "level": c.level} for c in self.columns_],
            "intercept": self.intercept_,
            "coefficients": self.coef_.tolist(),
            "standard_errors": self.se_.tolist(),
            "impute": self.impute_,
            "centre": self.centre_.tolist(),
            "n_iter": self.n_iter_,
            "log_likelihood": self.log_likelihood_,
            "n_train": self.n_train_,
            "target_groups": self.target_groups_,
            "explanation": self.explanation_,
            "metadata": self.metadata_,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ProfilingModel:
        features = [Feature.from_dict(f) for f in raw["features"]]
        model = cls([f.name for f in features])
        model.features_ = features
        model.questionnaire_ = Feature.from_dict(raw["questionnaire"])
        model.columns_ = [Column(str(c["feature"]), c["level"]) for c in raw["columns"]]
        model.intercept_ = float(raw["intercept"])
        model.coef_ = np.asarray(raw["coefficients"], dtype=float)
        model.se_ = np.asarray(raw["standard_errors"], dtype=float)
        model.impute_ = {str(k): float(v) for k, v in raw["impute"].items()}
        model.centre_ = np.asarray(raw["centre"], dtype=float)
        model.n_iter_ = int(raw["n_iter"])
        model.log_likelihood_ = float(raw["log_likelihood"])
        model.n_train_ = int(raw["n_train"])
        model.target_groups_ = dict(raw["target_groups"])
        model.explanation_ = dict(raw["explanation"])
        model.metadata_ = dict(raw["metadata"])
        if not len(model.coef_) == len(model.columns_) == len(model.centre_):
            raise ModelFileError("coefficients, columns and centre differ in length")
        return model

    def save(self, path: Path) -> None:
        """Write the model file whole or not at all."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.partial")
        try:
            text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1)
            tmp.write_text(text + "\n", encoding="utf-8")
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)


def load_model(path: Path) -> ProfilingModel:
    """A model file written by ``save``; ModelFileError if it is not one of this version."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFileError(f"{path}: no such model file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path}: not a model file (not readable as JSON: {exc})") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ModelFileError(f"{path}: not a profiling model file (format is not {FORMAT!r})")
    version = raw.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ModelFileError(
            f"{path}: model schema version {version}, but this akasse reads version "
            f"{SCHEMA_VERSION}; train the model again with `akasse profile train`"
        )
    try:
        return ProfilingModel.from_dict(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"{path}: damaged model file ({type(exc).__name__}: {exc})") from None
