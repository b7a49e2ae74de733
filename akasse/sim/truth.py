"""What the generating model knew: the true risk model (so the best achievable AUC is known)
and the trial's true effect on the treated (from the counterfactual trajectories)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from akasse.sim.config import Params
from akasse.sim.population import EDUCATION, ORIGIN, Spells
from akasse.sim.tables import spell_ids
from akasse.sim.trajectory import EMPLOYED, Trajectories

SURVIVAL_WEEKS = 26


def auc(score: np.ndarray, label: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney, ties counted as one half)."""
    order = np.argsort(score, kind="stable")
    sorted_score = score[order]
    ranks = np.empty(score.size)
    starts = np.flatnonzero(np.concatenate([[True], sorted_score[1:] != sorted_score[:-1]]))
    ends = np.concatenate([starts[1:], [score.size]])
    average = (starts + ends + 1) / 2.0  # 1-based average rank of each tie group
    ranks[order] = np.repeat(average, ends - starts)
    positives = int(label.sum())
    negatives = label.size - positives
    if positives == 0 or negatives == 0:
        return float("nan")
    total = ranks[label].sum() - positives * (positives + 1) / 2
    return float(total / (positives * negatives))


def _nullable(values: np.ndarray) -> pa.Array:
    return pa.array(np.nan_to_num(values), mask=np.isnan(values))


def covariates(params: Params) -> dict[str, str]:
    """Each true-model covariate as an expression over the ``profiling`` table."""
    q = params.section("questionnaire")
    out = {
        "age_25_29": "25 <= age <= 29",
        "age_30_39": "30 <= age <= 39",
        "age_40_49": "40 <= age <= 49",
        "age_50_59": "50 <= age <= 59",
        "age_60_plus": "age >= 60",
        "woman": "gender == 'woman'",
        "from_sickness_benefit": "from_sickness_benefit",
        "prior_dagpenge_weeks": "prior_dagpenge_weeks",
        "prior_spells": "min(prior_spells, 5)",
        "new_graduate": "new_graduate",
        "work_experience_years_per_10": "work_experience_years / 10",
        "children_at_home": "children_at_home",
        "income_below_250k": "previous_income < 250",
        "region_nordjylland": "region == 'Nordjylland'",
        "region_hovedstaden": "region == 'Hovedstaden'",
    }
    out |= {f"education_{e}": f"education == '{e}'" for e in EDUCATION if e != "vocational"}
    out |= {f"origin_{o}": f"origin == '{o}'" for o in ORIGIN if o != "danish"}
    out |= {
        f"expect_{a}": f"expect_job == '{a}' (the true answer; missing in the data for some)"
        for a in q["expect_job"]
        if a != "within_3_months"
    }
    out |= {f"barrier_{b}": f"barrier_{b} (the true answer)" for b in q["barriers"]}
    return out


def model_card(
    params: Params,
    s: Spells,
    observed: Trajectories,
    counterfactual: Trajectories,
    expected: dict[str, np.ndarray],
    true_disco: pa.Array,
) -> tuple[dict[str, Any], pa.Table]:
    model = params.section("risk_model")
    effect = params.section("durations")["trial_effect"]
    n = s.size
    weeks_obs = observed.dagpenge_weeks(n, SURVIVAL_WEEKS)
    weeks_cf = counterfactual.dagpenge_weeks(n, SURVIVAL_WEEKS)
    at = np.full(n, SURVIVAL_WEEKS)
    emp_obs = observed.status_at(np.arange(n), at) == EMPLOYED
    emp_cf = counterfactual.status_at(np.arange(n), at) == EMPLOYED
    trial = s.trial
    card = {
        "description": "The true models behind this simulated dataset (see docs/simulation.md).",
        "risk_model": {
            "target": "long_term: at least 42 of the 52 weeks after the first day on dagpenge",
            "link": "logistic",
            "intercept": float(model["intercept"]),
            "coefficients": {k: float(v) for k, v in model["coefficients"].items()},
            "covariates": covariates(params),
            "reference_levels": {
                "age": "18-24",
                "education": "vocational",
                "origin": "danish",
                "expect_job": "within_3_months",
                "region": "the other three regions",
            },
            "oracle_auc_all_spells": auc(s.risk, s.long_term),
            "long_term_share": float(s.long_term.mean()),
        },
        "trial_effect": {
            "hazard_ratio": float(effect["hazard_ratio"]),
            "weeks_from": int(effect["weeks"][0]),
            "weeks_before": int(effect["weeks"][1]),
            "applies_to": "members of the trial who do not become long-term unemployed",
            "trial_spells": int(trial.sum()),
            "att_dagpenge_weeks_26": float((weeks_obs - weeks_cf)[trial].mean()),
            "att_employed_week_26": float((emp_obs.astype(float) - emp_cf)[trial].mean()),
            "expected_att_dagpenge_weeks_26": float(expected["weeks_effect"][trial].mean()),
            "expected_att_employed_week_26": float(expected["employed_effect"][trial].mean()),
            "replicates": int(effect["replicates"]),
        },
    }
    truth = pa.table(
        {
            "spell_id": spell_ids(np.arange(n)),
            "true_disco": true_disco,
            "true_risk": pa.array(s.risk.astype(np.float64)),
            "long_term": pa.array(s.long_term),
            "dagpenge_weeks_26": pa.array(weeks_obs.astype(np.int16)),
            "dagpenge_weeks_26_without_trial": pa.array(weeks_cf.astype(np.int16)),
            "employed_week_26": pa.array(emp_obs),
            "employed_week_26_without_trial": pa.array(emp_cf),
            "expected_dagpenge_weeks_26_without_trial": _nullable(expected["weeks"]),
            "expected_employed_week_26_without_trial": _nullable(expected["employed"]),
            "expected_effect_dagpenge_weeks_26": _nullable(expected["weeks_effect"]),
            "expected_effect_employed_week_26": _nullable(expected["employed_effect"]),
        }
    )
    return card, truth
