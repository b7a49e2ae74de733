"""The satisfaction survey: a random sample of new spells per wave, response by a logistic
propensity (older members, women and the higher educated answer more often, so unweighted
shares are biased and raking matters), and answers on the five-point scale plus "don't know".

Each item's answer comes from a latent score ~ N(mu, 1) cut at fixed points; mu is the item's
base, plus its trial effect for trial participants, plus small age and gender effects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akasse.sim.config import Params, day
from akasse.sim.population import Spells

CUTS = np.array([-1.5, -0.8, 0.0, 0.8])  # latent > 0: satisfied or very satisfied
DONT_KNOW = 6  # answers 1-5: very dissatisfied .. very satisfied; 6: don't know


@dataclass(frozen=True)
class Survey:
    spell: np.ndarray
    wave: np.ndarray
    sent: np.ndarray
    answered: np.ndarray
    items: list[str]
    answers: np.ndarray  # [respondent, item], 0 for non-respondents


def survey(params: Params, s: Spells, factor: float, rng: np.random.Generator) -> Survey:
    sv = params.section("survey")
    items = [str(i) for i in sv["items"]]
    base = np.array([float(sv["item_base"][i]) for i in items])
    effect = np.array([float(sv["item_trial_effect"][i]) for i in items])
    rows: list[tuple[np.ndarray, int, int, np.ndarray]] = []
    for wave, w in sv["waves"].items():
        frame = np.flatnonzero(
            (s.first_day >= day(w["sample_from"])) & (s.first_day <= day(w["sample_to"]))
        )
        size = min(frame.size, round(int(w["sent"]) * factor))
        chosen = np.sort(rng.choice(frame, size=size, replace=False))
        rows.append(
            (chosen, int(wave), day(w["sent_on"]), np.full(size, float(w["response_shift"])))
        )
    spell = np.concatenate([r[0] for r in rows])
    wave = np.concatenate([np.full(r[0].size, r[1], np.int16) for r in rows])
    sent = np.concatenate([np.full(r[0].size, r[2], np.int64) for r in rows])
    shift = np.concatenate([r[3] for r in rows])
    age = s.age[spell].astype(float)
    higher = s.education[spell] >= 3
    lin = (
        float(sv["response_intercept"])
        + shift
        + float(sv["response_age_per_10"]) * (age - 40) / 10
        + float(sv["response_woman"]) * s.woman[spell]
        + float(sv["response_higher_education"]) * higher
    )
    answered = rng.random(spell.size) < 1 / (1 + np.exp(-lin))
    trial = s.trial[spell]
    later = wave == max(int(w) for w in sv["waves"])
    mu = (
        base[None, :]
        + trial[:, None] * (effect[None, :] + float(sv["later_wave_trial_shift"]) * later[:, None])
        + float(sv["later_wave_shift"]) * later[:, None]
        + float(sv["age_per_10"]) * ((age - 40) / 10)[:, None]
        + float(sv["woman"]) * s.woman[spell][:, None]
    )
    latent = mu + rng.normal(size=mu.shape)
    answers = (np.searchsorted(CUTS, latent) + 1).astype(np.int8)
    answers[rng.random(answers.shape) < float(sv["dont_know"])] = DONT_KNOW
    answers[~answered] = 0
    return Survey(spell.astype(np.int32), wave, sent, answered, items, answers)
