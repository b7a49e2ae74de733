"""The design matrix: inputs checked and encoded, for a whole table (Polars and NumPy) and for
one member (plain Python, used for the explanation). Both give the same numbers.

Encoding: a category or group of a binned number becomes one 0/1 column per level seen in
training other than the reference; a flag one 0/1 column; a number its (capped) value per
``per`` units. An unanswered questionnaire item takes the average of those who answered it, and
the column ``questionnaire`` is 1 when any item is unanswered."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from akasse.profiling.spec import QUESTIONNAIRE, Feature, ProfilingError


class FeatureError(ProfilingError):
    """An input value the model cannot score: missing, of the wrong type, or unknown."""


@dataclass(frozen=True)
class Column:
    feature: str
    level: str | None = None  # the category's or group's code; None for flags and numbers

    @property
    def name(self) -> str:
        return self.feature if self.level is None else f"{self.feature}={self.level}"


def level_index(feature: Feature, value: float) -> int:
    """The group of a binned number: how many edges are at or below the value."""
    return sum(value >= edge for edge in feature.edges)


def columns_for(features: Sequence[Feature], frame: pl.DataFrame) -> list[Column]:
    """The design's columns: levels other than the reference that occur in ``frame``."""
    out: list[Column] = []
    for f in features:
        if f.kind in ("flag", "number"):
            out.append(Column(f.name))
            continue
        seen = set(_codes(f, frame).drop_nulls().unique().to_list())
        if f.reference not in seen:
            raise FeatureError(
                f"feature {f.name!r}: the reference level {f.reference!r} does not occur in the "
                "training data; choose another reference in features.yaml"
            )
        out += [Column(f.name, c) for c in f.codes if c in seen and c != f.reference]
    if any(f.questionnaire for f in features):
        out.append(Column(QUESTIONNAIRE))
    return out


def _codes(f: Feature, frame: pl.DataFrame) -> pl.Series:
    """A category's or binned number's level code per row (null where unanswered)."""
    col = frame[f.name]
    if f.kind == "bins":
        values = col.cast(pl.Float64).to_numpy()
        index = np.searchsorted(np.asarray(f.edges), values, side="right")
        codes = np.asarray(f.codes, dtype=object)[np.minimum(index, len(f.codes) - 1)]
        return pl.Series(f.name, codes, dtype=pl.String).set(col.is_null(), None)
    return col.cast(pl.String)


def _where(frame: pl.DataFrame, row: int) -> str:
    if "spell_id" in frame.columns:
        return f" (row {row + 1}, spell {frame['spell_id'][row]})"
    return f" (row {row + 1})"


def check_frame(
    features: Sequence[Feature], frame: pl.DataFrame, columns: Sequence[Column] | None = None
) -> None:
    """Every input present with a usable type, no value missing outside the questionnaire, and
    (given the model's ``columns``) every value one the model knows; the first problem raises
    FeatureError naming it."""
    for f in features:
        if f.name not in frame.columns:
            raise FeatureError(f"feature {f.name!r}: column missing from the table")
        col = frame[f.name]
        _check_dtype(f, col)
        if not f.questionnaire and col.null_count():
            row = int(col.is_null().arg_max() or 0)
            raise FeatureError(missing_message(f, _where(frame, row)))
        if f.kind in ("number", "bins"):
            values = col.cast(pl.Float64)
            bad = ~values.is_finite()
            if f.range:
                bad = bad | (values < f.range[0]) | (values > f.range[1])
            if bad.any():
                row = int(bad.arg_max() or 0)
                raise FeatureError(range_message(f, values[row], _where(frame, row)))
        if f.kind in ("category", "bins"):
            codes = _codes(f, frame)
            if columns is None:
                allowed: set[str | None] = set(f.codes)
            else:
                allowed = {c.level for c in columns if c.feature == f.name} | {f.reference}
            bad = codes.is_not_null() & ~codes.is_in(list(allowed))
            if bad.any():
                row = int(bad.arg_max() or 0)
                raise FeatureError(level_message(f, str(codes[row]), _where(frame, row)))


def _check_dtype(f: Feature, col: pl.Series) -> None:
    ok = {
        "flag": col.dtype == pl.Boolean,
        "number": col.dtype.is_numeric(),
        "bins": col.dtype.is_numeric(),
        "category": col.dtype.is_integer()
        if f.int_codes
        else col.dtype == pl.String or isinstance(col.dtype, pl.Categorical | pl.Enum),
    }[f.kind]
    if not ok and col.dtype != pl.Null:
        wanted = {"flag": "true/false", "number": "numbers", "bins": "numbers"}.get(
            f.kind, "whole numbers" if f.int_codes else "text"
        )
        raise FeatureError(f"feature {f.name!r}: column of type {col.dtype}; expected {wanted}")


def missing_message(f: Feature, where: str = "") -> str:
    return (
        f"feature {f.name!r}{where}: missing; only the questionnaire answers may be left unanswered"
    )


def range_message(f: Feature, value: object, where: str = "") -> str:
    low, high = f.range or (-math.inf, math.inf)
    return f"feature {f.name!r}{where}: {value!r} is not a number from {low:g} to {high:g}"


def level_message(f: Feature, code: str, where: str = "") -> str:
    if code in f.codes:
        return (
            f"feature {f.name!r}{where}: level {code!r} was not seen in training, so the model "
            "cannot score it; retrain on data that has it"
        )
    codes = ", ".join(f.codes)
    return f"feature {f.name!r}{where}: unknown value {code!r}; expected one of: {codes}"


def raw_matrix(
    features: Sequence[Feature], columns: Sequence[Column], frame: pl.DataFrame
) -> np.ndarray:
    """The design (without intercept) with NaN for unanswered questionnaire items and the
    ``questionnaire`` column still empty; inputs must have passed ``check_frame``."""
    by_name = {f.name: f for f in features}
    exprs: list[pl.Series] = []
    codes = {f.name: _codes(f, frame) for f in features if f.kind in ("category", "bins")}
    for c in columns:
        if c.feature == QUESTIONNAIRE:
            exprs.append(pl.Series(c.name, np.zeros(frame.height)))
            continue
        f = by_name[c.feature]
        if c.level is not None:
            exprs.append((codes[f.name] == c.level).cast(pl.Float64).alias(c.name))
        elif f.kind == "flag":
            exprs.append(frame[f.name].cast(pl.Float64).alias(c.name))
        else:
            value = frame[f.name].cast(pl.Float64)
            if f.cap is not None:
                value = value.clip(upper_bound=f.cap)
            exprs.append((value / f.per).alias(c.name))
    return pl.DataFrame(exprs).to_numpy().astype(np.float64, copy=False)


def fill(columns: Sequence[Column], raw: np.ndarray, impute: Mapping[str, float]) -> np.ndarray:
    """Unanswered items at the answerers' average, and the questionnaire indicator set."""
    unanswered = np.isnan(raw)
    out = np.where(unanswered, 0.0, raw)
    for j, c in enumerate(columns):
        if c.name in impute:
            out[:, j] = np.where(unanswered[:, j], impute[c.name], raw[:, j])
        if c.feature == QUESTIONNAIRE:
            out[:, j] = unanswered.any(axis=1)
    return out


def answer_means(
    columns: Sequence[Column], features: Sequence[Feature], raw: np.ndarray
) -> dict[str, float]:
    """Each questionnaire column's average among those who answered (the imputed value)."""
    asked = {f.name for f in features if f.questionnaire}
    return {
        c.name: float(np.nanmean(raw[:, j]))
        for j, c in enumerate(columns)
        if c.feature in asked and not np.isnan(raw[:, j]).all()
    }


def blank_as_unanswered(features: Sequence[Feature], frame: pl.DataFrame) -> pl.DataFrame:
    """An empty text in a questionnaire answer (a form's blank choice) is no answer."""
    blanks = [
        pl.when(pl.col(f.name) == "").then(None).otherwise(pl.col(f.name)).alias(f.name)
        for f in features
        if f.questionnaire and f.name in frame.columns and frame[f.name].dtype == pl.String
    ]
    return frame.with_columns(blanks) if blanks else frame


def member_value(f: Feature, value: Any) -> str | float | None:
    """One member's input checked: the level code (category, bins), 1.0/0.0 (flag), the number,
    or None when an answer is left out (None, or an empty text); FeatureError otherwise."""
    if f.questionnaire and isinstance(value, str) and value == "":
        value = None
    if value is None:
        if f.questionnaire:
            return None
        raise FeatureError(missing_message(f))
    if f.kind == "flag":
        if not isinstance(value, bool | np.bool_):
            raise FeatureError(f"feature {f.name!r}: expected true or false, got {_shown(value)}")
        return 1.0 if value else 0.0
    if f.kind == "category":
        if f.int_codes:
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                raise FeatureError(
                    f"feature {f.name!r}: expected a whole number, got {_shown(value)}"
                )
            return str(int(value))
        if not isinstance(value, str):
            raise FeatureError(f"feature {f.name!r}: expected text, got {_shown(value)}")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise FeatureError(f"feature {f.name!r}: expected a number, got {_shown(value)}")
    number = float(value)
    low, high = f.range or (-math.inf, math.inf)
    if not (math.isfinite(number) and low <= number <= high):
        raise FeatureError(range_message(f, value))
    return f.codes[level_index(f, number)] if f.kind == "bins" else number


def _shown(value: Any) -> str:
    return f"{value!r} ({type(value).__name__})"


def member_row(
    features: Sequence[Feature],
    columns: Sequence[Column],
    impute: Mapping[str, float],
    inputs: Mapping[str, Any],
) -> tuple[list[float], dict[str, str | float | None]]:
    """One member's design row (without intercept) and their checked values by feature."""
    values = {f.name: member_value(f, inputs.get(f.name)) for f in features}
    by_name = {f.name: f for f in features}
    for name, value in values.items():
        f = by_name[name]
        if isinstance(value, str) and value != f.reference and Column(name, value) not in columns:
            raise FeatureError(level_message(f, value))
    unanswered = any(v is None for v in values.values())
    row: list[float] = []
    for c in columns:
        if c.feature == QUESTIONNAIRE:
            row.append(1.0 if unanswered else 0.0)
            continue
        value = values[c.feature]
        f = by_name[c.feature]
        if value is None:
            row.append(impute[c.name])
        elif c.level is not None:
            row.append(1.0 if value == c.level else 0.0)
        elif f.kind == "number":
            assert isinstance(value, float)
            row.append((min(value, f.cap) if f.cap is not None else value) / f.per)
        else:
            row.append(float(value))
    return row, values
