"""The effect study (as Metrica's, seed 000): trial vs non-trial on weeks on dagpenge in the
first 26 weeks and on being employed 26 weeks after the first day, adjusted for member
characteristics two ways - regression adjustment and propensity-score matching - with a
balance table and 95 % confidence intervals. The estimand is the average effect on the
treated (the trial participants)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
import statsmodels.api as sm
from scipy.stats import norm

from akasse.stats.dataset import Dataset, Selection, SelectionError

WEEKS = 26
OUTCOMES = {"dagpenge_weeks": "Uger på dagpenge i uge 0-25", "employed_26": "Beskæftiget i uge 26"}
CALIPER = 0.2  # in standard deviations of the logit of the propensity score


@dataclass(frozen=True)
class Effect:
    estimates: pl.DataFrame  # outcome, method, estimate, se, lower, upper, treated, controls
    balance: pl.DataFrame  # covariate, treated, controls, smd_before, smd_after


def _covariates(data: Dataset, ids: pl.Series) -> pl.DataFrame:
    """The design: member characteristics known at the first day (docs/data.md, profiling)."""
    p = data.table("profiling").filter(pl.col("spell_id").is_in(ids.implode()))
    age = pl.col("age")
    cols: list[pl.Expr] = [
        age.is_between(25, 29).alias("age_25_29"),
        age.is_between(30, 39).alias("age_30_39"),
        age.is_between(40, 49).alias("age_40_49"),
        age.is_between(50, 59).alias("age_50_59"),
        (age >= 60).alias("age_60_plus"),
        (pl.col("gender") == "woman").alias("woman"),
        pl.col("work_experience_years"),
        pl.col("from_sickness_benefit"),
        pl.col("prior_dagpenge_weeks"),
        pl.min_horizontal(pl.col("prior_spells"), pl.lit(5)).alias("prior_spells"),
        pl.col("new_graduate"),
        (pl.col("previous_income") < 250).alias("income_below_250k"),
        pl.col("children_at_home"),
        pl.col("expect_job").is_null().alias("questionnaire_missing"),
    ]
    for column, reference in (
        ("education", "vocational"),
        ("origin", "danish"),
        ("region", "Midtjylland"),
        ("expect_job", "within_3_months"),
    ):
        for level in sorted(set(p[column].drop_nulls()) - {reference}):
            cols.append((pl.col(column) == level).fill_null(False).alias(f"{column}_{level}"))
    barriers = [c for c in p.columns if c.startswith("barrier_")]
    cols += [pl.col(c).fill_null(False) for c in barriers]
    return p.select("spell_id", *[c.cast(pl.Float64) for c in cols])


def _outcomes(data: Dataset, spells: pl.DataFrame) -> pl.DataFrame:
    weekly = (
        data.scan("weekly_status", ["spell_id", "week", "status"])
        .filter(pl.col("week") <= WEEKS)
        .join(spells.lazy().select("spell_id"), on="spell_id")
        .group_by("spell_id")
        .agg(
            followed=pl.col("week").max(),
            dagpenge_weeks=((pl.col("status") == "dagpenge") & (pl.col("week") < WEEKS)).sum(),
            employed_26=((pl.col("status") == "employed") & (pl.col("week") == WEEKS)).any(),
        )
        .filter(pl.col("followed") == WEEKS)
        .collect()
    )
    return weekly.select("spell_id", pl.col("dagpenge_weeks", "employed_26").cast(pl.Float64))


def effect(data: Dataset, selection: Selection) -> Effect:
    if data.without_comparison(selection.fund):
        raise SelectionError(
            f"no comparison group: {selection.fund} ran the trial in every municipality outside "
            "the free municipalities, so its effect cannot be estimated on its own"
        )
    # Only spells that began while the trial ran can be compared.
    period = data.table("trial_participation", ["from_date", "to_date"])
    spells = data.spells(selection, ["trial"]).filter(
        pl.col("first_day").is_between(period["from_date"].min(), period["to_date"].max())
    )
    frame = (
        spells.select("spell_id", "trial", quarter=pl.col("first_day").dt.truncate("3mo"))
        .join(_outcomes(data, spells), on="spell_id")
        .join(_covariates(data, spells["spell_id"]), on="spell_id")
    )
    treated = int(frame["trial"].sum())
    if treated in (0, frame.height):
        raise SelectionError(
            f"no comparison group: the selection ({selection.describe()}) holds only "
            f"{'trial participants' if treated else 'non-participants'} followed 26 weeks"
        )
    # Calendar quarter of the first day: both groups face the same labour market.
    quarters = frame.select(pl.col("quarter").cast(pl.String)).to_dummies(drop_first=True)
    names = [c for c in frame.columns if c not in {"spell_id", "trial", "quarter", *OUTCOMES}]
    x = np.column_stack([frame.select(names).to_numpy(), quarters.to_numpy()]).astype(float)
    t = frame["trial"].to_numpy()
    x, t, frame, labels = _common_support(x, t, frame, [*names, *quarters.columns])
    score = _propensity(x, t)
    matched = _match(score, t)
    rows = []
    for outcome, label in OUTCOMES.items():
        y = frame[outcome].to_numpy()
        rows.append(_regression(y, x, t) | {"outcome": label, "method": "regressionsjustering"})
        rows.append(
            _matched(y, t, matched, score)
            | {"outcome": label, "method": "propensity score matching"}
        )
    estimates = pl.DataFrame(rows).with_columns(
        treated=pl.lit(treated), controls=pl.lit(frame.height - treated)
    )
    return Effect(
        estimates.select(
            "outcome", "method", "estimate", "se", "lower", "upper", "treated", "controls"
        ),
        _balance(x, labels, t, matched),
    )


def _common_support(
    x: np.ndarray, t: np.ndarray, frame: pl.DataFrame, labels: list[str]
) -> tuple[np.ndarray, np.ndarray, pl.DataFrame, list[str]]:
    """Drop controls with a characteristic no trial participant has (e.g. living in a region
    without the trial), then the columns that no longer vary."""
    binary = ((x == 0) | (x == 1)).all(axis=0)
    absent = binary & (x[t].sum(axis=0) == 0)
    keep_rows = ~(x[:, absent] == 1).any(axis=1)
    x, t, frame = x[keep_rows], t[keep_rows], frame.filter(pl.Series(keep_rows))
    varies = x.std(axis=0) > 0
    return x[:, varies], t, frame, [n for n, v in zip(labels, varies, strict=True) if v]


def _ci(estimate: float, se: float) -> dict[str, float]:
    z = float(norm.ppf(0.975))
    return {"estimate": estimate, "se": se, "lower": estimate - z * se, "upper": estimate + z * se}


def _regression(y: np.ndarray, x: np.ndarray, t: np.ndarray) -> dict[str, float]:
    """ATT by regression adjustment: an outcome model fitted on the controls predicts the
    treated's outcomes without the trial; the variance adds the model's uncertainty at the
    treated's mean covariates to the treated outcomes' sampling variance."""
    design = sm.add_constant(x, has_constant="add")
    fit = sm.OLS(y[~t], design[~t]).fit(cov_type="HC1")
    centre = design[t].mean(axis=0)
    counterfactual = design[t] @ fit.params
    estimate = float(y[t].mean() - counterfactual.mean())
    variance = np.var(y[t] - counterfactual, ddof=1) / t.sum() + centre @ fit.cov_params() @ centre
    return _ci(estimate, float(np.sqrt(variance)))


def _propensity(x: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The logit of the estimated probability of being in the trial."""
    design = sm.add_constant(x, has_constant="add")
    fit = sm.Logit(t.astype(float), design).fit(disp=0, maxiter=100)
    return np.asarray(design @ fit.params)


def _match(score: np.ndarray, t: np.ndarray) -> np.ndarray:
    """For each treated spell, the control with the nearest score (with replacement) within the
    caliper; -1 where none is close enough."""
    controls = np.flatnonzero(~t)
    order = controls[np.argsort(score[controls], kind="stable")]
    sorted_scores = score[order]
    treated = np.flatnonzero(t)
    at = np.searchsorted(sorted_scores, score[treated])
    left = np.clip(at - 1, 0, order.size - 1)
    right = np.clip(at, 0, order.size - 1)
    pick = np.where(
        np.abs(sorted_scores[left] - score[treated])
        <= np.abs(sorted_scores[right] - score[treated]),
        left,
        right,
    )
    distance = np.abs(sorted_scores[pick] - score[treated])
    match = np.full(t.size, -1)
    match[treated] = np.where(distance <= CALIPER * score.std(), order[pick], -1)
    return match


def _matched(
    y: np.ndarray, t: np.ndarray, match: np.ndarray, score: np.ndarray
) -> dict[str, float]:
    """ATT over matched treated spells, with Abadie and Imbens' (2006) standard error for
    matching with replacement: a control matched K times adds K(K-1) times its outcome's
    conditional variance, estimated from its nearest other control by score. It leaves out
    the uncertainty of the estimated score."""
    pairs = np.flatnonzero(t & (match >= 0))
    diff = y[pairs] - y[match[pairs]]
    att = float(diff.mean())
    used, times = np.unique(match[pairs], return_counts=True)
    reuse = (times * (times - 1)).astype(float)
    variance = ((diff - att) ** 2).sum() + (reuse * _control_variance(y, t, score, used)).sum()
    return _ci(att, float(np.sqrt(variance) / pairs.size))


def _control_variance(
    y: np.ndarray, t: np.ndarray, score: np.ndarray, units: np.ndarray
) -> np.ndarray:
    """sigma^2(X_j) for each control j in ``units``: half the squared outcome difference to
    the nearest other control by score (Abadie and Imbens, with one match)."""
    controls = np.flatnonzero(~t)
    order = controls[np.argsort(score[controls], kind="stable")]
    if order.size < 2:
        return np.zeros(units.size)
    rank = np.empty(t.size, np.int64)
    rank[order] = np.arange(order.size)
    at = rank[units]
    below, above = np.maximum(at - 1, 0), np.minimum(at + 1, order.size - 1)
    gap_below = np.where(at > 0, score[units] - score[order[below]], np.inf)
    gap_above = np.where(at < order.size - 1, score[order[above]] - score[units], np.inf)
    nearest = order[np.where(gap_below <= gap_above, below, above)]
    return np.asarray((y[units] - y[nearest]) ** 2 / 2)


def _balance(x: np.ndarray, labels: list[str], t: np.ndarray, match: np.ndarray) -> pl.DataFrame:
    """Standardised mean differences before and after matching (|SMD| < 0.1 is balanced)."""
    pairs = np.flatnonzero(t & (match >= 0))
    pooled = np.sqrt((x[t].var(axis=0) + x[~t].var(axis=0)) / 2)
    pooled = np.where(pooled > 0, pooled, 1.0)
    before = (x[t].mean(axis=0) - x[~t].mean(axis=0)) / pooled
    after = (x[pairs].mean(axis=0) - x[match[pairs]].mean(axis=0)) / pooled
    return pl.DataFrame(
        {
            "covariate": labels,
            "treated": x[t].mean(axis=0),
            "controls": x[~t].mean(axis=0),
            "smd_before": before,
            "smd_after": after,
        }
    )
