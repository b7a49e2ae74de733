"""Scoring: one member's assessment with its explanation (``score``), and a whole table at once
(``score_frame``), which gives the same risk, group and missing inputs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import polars as pl
from scipy.special import expit

from akasse.profiling.encode import blank_as_unanswered, member_row
from akasse.profiling.groups import Activity, suggest, target_group, target_group_expr
from akasse.profiling.model import ProfilingModel
from akasse.profiling.spec import QUESTIONNAIRE, Feature


@dataclass(frozen=True)
class Factor:
    """One input's part in this member's risk: log-odds against the training data's average
    member (positive raises the risk), in plain Danish."""

    feature: str
    text: str
    contribution: float

    @property
    def raises(self) -> bool:
        return self.contribution > 0


@dataclass(frozen=True)
class Assessment:
    """The model's view of one member: one input to the caseworker's judgement."""

    risk: float
    target_group: str
    group_text: str
    group_reasons: tuple[str, ...]
    factors: tuple[Factor, ...]
    activities: tuple[Activity, ...]
    missing: tuple[str, ...]  # inputs left unanswered (feature names)
    missing_text: tuple[str, ...]  # the same in Danish
    average_risk: float  # the training data's average member, the factors' zero point
    threshold: float

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["factors"] = [asdict(f) | {"raises": f.raises} for f in self.factors]
        out["activities"] = [{"code": a.code, "title": a.title} for a in self.activities]
        return out


def danish_number(value: float) -> str:
    """12.0 -> '12', 12.5 -> '12,5'."""
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def factor_text(f: Feature, value: str | float | None) -> str:
    if f.kind in ("category", "bins"):
        return f.level_text(str(value))
    if f.kind == "flag":
        return f.text_true if value else f.text_false
    assert isinstance(value, float)
    return f.text.format(value=danish_number(value))


def _factors(
    model: ProfilingModel, row: np.ndarray, values: Mapping[str, str | float | None]
) -> list[Factor]:
    parts = model.coef_ * (row - model.centre_)
    out = []
    for f in model.features_:
        mask = np.array([c.feature == f.name for c in model.columns_])
        if values[f.name] is None or not mask.any():
            continue  # an unanswered item sits at the average: it moves nothing
        out.append(Factor(f.name, factor_text(f, values[f.name]), float(parts[mask].sum())))
    q = [j for j, c in enumerate(model.columns_) if c.feature == QUESTIONNAIRE]
    if q:
        text = model.questionnaire_.text_true if row[q[0]] else model.questionnaire_.text_false
        out.append(Factor(QUESTIONNAIRE, text, float(parts[q[0]])))
    least = float(model.explanation_["min_contribution"])
    chosen = [f for f in out if abs(f.contribution) >= least]
    chosen.sort(key=lambda f: -abs(f.contribution))
    return chosen[: int(model.explanation_["max_factors"])]


def score(
    model: ProfilingModel,
    features: Mapping[str, Any],
    *,
    rules: Mapping[str, Any] | None = None,
    catalogue: Sequence[Activity] | None = None,
) -> Assessment:
    """Risk, target group, the factors that raised or lowered it, suggested activities and the
    inputs left unanswered, for one member's ``features`` (keys as the dataset's ``profiling``
    columns; None or absent for an unanswered questionnaire item). ``rules`` overrides the
    model's target-group thresholds. Raises FeatureError for an input it cannot score."""
    rules = rules or model.target_groups_
    row, values = member_row(model.features_, model.columns_, model.impute_, features)
    x = np.asarray(row)
    risk = float(expit(model.intercept_ + x @ model.coef_))
    group, reasons = target_group(risk, features, rules)
    missing = tuple(name for name, value in values.items() if value is None)
    labels = {f.name: f.label for f in model.features_}
    return Assessment(
        risk=risk,
        target_group=group,
        group_text=str(rules["labels"][group]),
        group_reasons=tuple(reasons),
        factors=tuple(_factors(model, x, values)),
        activities=tuple(suggest(group, features, catalogue)),
        missing=missing,
        missing_text=tuple(labels[name] for name in missing),
        average_risk=float(expit(model.baseline_logit)),
        threshold=float(rules["threshold"]),
    )


def score_frame(
    model: ProfilingModel, frame: pl.DataFrame, *, rules: Mapping[str, Any] | None = None
) -> pl.DataFrame:
    """Every row of ``frame`` scored: ``spell_id`` (when given), ``risk``, ``target_group`` and
    ``missing`` (the unanswered inputs), as ``score`` gives them one by one."""
    rules = rules or model.target_groups_
    frame = blank_as_unanswered(model.features_, frame)
    risk = model.predict_risk(frame)
    asked = [f.name for f in model.features_ if f.questionnaire]
    missing = (
        pl.concat_list([pl.when(pl.col(n).is_null()).then(pl.lit(n)) for n in asked])
        .list.drop_nulls()
        .cast(pl.List(pl.String))
        if asked
        else pl.lit([], dtype=pl.List(pl.String))
    )
    keep = ["spell_id"] if "spell_id" in frame.columns else []
    return frame.with_columns(risk=pl.Series(risk, dtype=pl.Float64)).select(
        *keep,
        "risk",
        target_group_expr(pl.col("risk"), frame.columns, rules).alias("target_group"),
        missing.alias("missing"),
    )
