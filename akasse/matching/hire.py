"""The learned hire model: the chance that presenting an opening to a member ends in a hire,
a LightGBM classifier on the explicit score's terms, trained on logged presentations (a hire
when the fund placed the member in that opening) and on openings open at the time that were not
presented (sampled, as non-hires).

Its features are the pair's fit only: occupation digits shared, distance and its ratio to the
member's limit, skills held and required, education, hours, licence, whether the member has a
CV, the opening's hours. Nothing about the member's gender, age, origin or health enters, so
the model cannot learn them; the model card reports hire-rate parity by gender and age group to
show what it does with the groups all the same."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np

from akasse.matching.explicit import Terms, terms
from akasse.matching.features import Members, Openings

FEATURES = (
    "own_level",
    "level",
    "km",
    "km_ratio",
    "met",
    "need",
    "missing",
    "education",
    "hours",
    "licence",
    "has_cv",
    "full_time",
    "explicit",
)
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "deterministic": True,
    "force_row_wise": True,
    "num_threads": 2,
    "verbose": -1,
}
ROUNDS = 200


def pair_features(m: Members, o: Openings, t: Terms | None = None) -> np.ndarray:
    """(pairs x FEATURES) float32 for row i of ``m`` with row i of ``o``."""
    t = t if t is not None else terms(m, o)
    km = t.km.astype(np.float32)
    return np.column_stack(
        [
            t.own_level.astype(np.float32),
            t.level.astype(np.float32),
            km,
            km / m.max_km,
            t.met,
            t.need,
            t.need - t.met,
            t.education,
            t.hours,
            t.licence,
            m.has_cv,
            o.full_time,
            t.score(),
        ]
    ).astype(np.float32)


@dataclass
class HireModel:
    booster: lgb.Booster

    def predict(self, m: Members, o: Openings) -> np.ndarray:
        """Chance of a hire per pair (row i of ``m`` with row i of ``o``)."""
        if m.size == 0:
            return np.zeros(0, dtype=np.float64)
        return np.asarray(self.booster.predict(pair_features(m, o)), dtype=np.float64)

    def save(self) -> str:
        return str(self.booster.model_to_string())

    @classmethod
    def load(cls, text: str) -> HireModel:
        return cls(lgb.Booster(model_str=text))


def train(m: Members, o: Openings, hired: np.ndarray, seed: int = 0) -> HireModel:
    """Fit on pairs (row i of ``m`` with row i of ``o``) labelled ``hired``; raises ValueError
    when the labels hold no hire or no non-hire."""
    y = np.asarray(hired, dtype=np.float64)
    if y.size == 0 or y.min() == y.max():
        raise ValueError("the hire model needs both hires and non-hires to learn from")
    data = lgb.Dataset(
        pair_features(m, o), label=y, feature_name=list(FEATURES), free_raw_data=True
    )
    booster = lgb.train({**PARAMS, "seed": seed}, data, num_boost_round=ROUNDS)
    return HireModel(booster)
