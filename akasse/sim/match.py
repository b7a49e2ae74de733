"""The latent match model: how well an opening suits a member (docs/simulation.md, "The match
model"). Presentations and placements are drawn from it, and ``model.json`` (key ``match``)
states it, so the best achievable ranking of openings for a member is known.

    u = occupation[distance class of the member's and the opening's DISCO codes]
        - skills x (share of the opening's required skills the member lacks)
        - km_per_10 x (km between the two municipalities' centres) / 10
        - hours x (hours do not fit the member's insurance)
        - education x (the member's education is below the one asked for)
        - licence x (a driving licence is asked for and the member has none)

    p_relevant = sigmoid(relevant_intercept + u),  p_hire = sigmoid(hire_intercept + u)

``suitability`` evaluates u for arrays of members and openings paired row by row; the
generator, the tests and any benchmark call the same function.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akasse.dataset.reference import distance_km
from akasse.sim.config import Params
from akasse.sim.occupations import DISTANCES, distance

TERMS = ["occupation", "skills", "distance", "hours", "education", "licence"]


@dataclass(frozen=True)
class MatchModel:
    occupation: tuple[float, ...]  # by DISTANCES: same code ... another major group
    skills: float
    km_per_10: float
    hours: float
    education: float
    licence: float
    hire_intercept: float
    relevant_intercept: float  # set so presentations are relevant at the rate jobs.relevant
    tau: float  # the caseworker's temperature: a candidate is picked with weight exp(u / tau)
    candidates: int
    searched: float  # share of the candidates drawn among the member's occupation group
    reach_km: float

    @classmethod
    def from_params(cls, params: Params) -> MatchModel:
        m = params.section("match")
        occupation = m["occupation"]
        return cls(
            occupation=tuple(float(occupation[d]) for d in DISTANCES),
            skills=float(m["skills"]),
            km_per_10=float(m["km_per_10"]),
            hours=float(m["hours"]),
            education=float(m["education"]),
            licence=float(m["licence"]),
            hire_intercept=float(m["hire_intercept"]),
            relevant_intercept=0.0,
            tau=float(m["caseworker_tau"]),
            candidates=int(m["candidates"]),
            searched=float(m["searched"]),
            reach_km=float(m["reach_km"]),
        )


@dataclass(frozen=True)
class MemberSide:
    """One row per pair: the member's side."""

    disco: np.ndarray  # int, 4-digit code (truth.true_disco)
    skills: np.ndarray  # (n, words) uint64 skill bit sets
    education: np.ndarray  # int, index into EDUCATION
    part_time: np.ndarray  # bool: insured part-time
    licence: np.ndarray  # bool: holds a driving licence
    lat: np.ndarray
    lon: np.ndarray


@dataclass(frozen=True)
class OpeningSide:
    """One row per pair: the opening's side."""

    disco: np.ndarray
    skills: np.ndarray  # (n, words) uint64: the skills asked for
    education: np.ndarray  # int, index into EDUCATION asked for, -1 for none
    hours: np.ndarray  # hours a week
    licence: np.ndarray  # bool: a licence is asked for
    lat: np.ndarray
    lon: np.ndarray


def terms(model: MatchModel, m: MemberSide, o: OpeningSide) -> dict[str, np.ndarray]:
    """Each term of u for each pair (their sum is ``suitability``)."""
    occupation = np.asarray(model.occupation)[distance(m.disco, o.disco)]
    required = np.bitwise_count(o.skills).sum(axis=1).astype(float)
    have = np.bitwise_count(o.skills & m.skills).sum(axis=1).astype(float)
    lacking = np.where(required > 0, (required - have) / np.maximum(required, 1.0), 0.0)
    km = distance_km(m.lat, m.lon, o.lat, o.lon)
    full_time = ~m.part_time.astype(np.bool_)
    hours = (full_time & (o.hours < 30)) | (~full_time & (o.hours >= 37))
    education = (o.education >= 0) & (m.education < o.education)
    licence = o.licence & ~m.licence.astype(np.bool_)
    return {
        "occupation": occupation,
        "skills": -model.skills * lacking,
        "distance": -model.km_per_10 * km / 10.0,
        "hours": -model.hours * hours,
        "education": -model.education * education,
        "licence": -model.licence * licence,
    }


def suitability(model: MatchModel, m: MemberSide, o: OpeningSide) -> np.ndarray:
    """u for each (member, opening) pair."""
    parts = terms(model, m, o)
    return np.asarray(sum(parts[t] for t in TERMS), dtype=float)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-x)))


def intercept_for(u: np.ndarray, share: float) -> float:
    """The intercept a with mean(sigmoid(a + u)) = share (bisection; deterministic)."""
    if u.size == 0:
        return 0.0
    lo, hi = -30.0, 30.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if float(sigmoid(mid + u).mean()) < share:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


# The dataset columns behind each term (documented in model.json and docs/simulation.md).
INPUTS = {
    "occupation": (
        "truth.true_disco of the spell against job_openings.disco: same_code if equal, "
        "same_3_digit if the first three digits are, same_2_digit if the first two, "
        "same_major_group if the first, else other"
    ),
    "skills": (
        "job_openings.requires_skills against cvs.skills of the spell's member (the CV as of "
        "the data's end), or occupation_skills[truth.true_disco] where the member has no CV: "
        "the share of the required skills the member lacks, 0 if none are required"
    ),
    "distance": (
        "km (haversine, earth radius 6371 km) between centres[spells.municipality] and "
        "centres[job_openings.municipality]"
    ),
    "hours": (
        "1 if spells.insurance is full_time and job_openings.hours_per_week < 30, or part_time "
        "and hours_per_week >= 37; else 0"
    ),
    "education": (
        "1 if job_openings.requires_education is set and members.education comes before it in "
        "education_order; else 0"
    ),
    "licence": (
        "1 if job_openings.requires_licence and cvs.driving_licence is false; a member without "
        "a CV counts as holding one; else 0"
    ),
}


def card(
    model: MatchModel,
    stats: dict[str, float | int | None],
    centres: dict[str, list[float]],
    occupation_skills: dict[str, list[str]],
    education_order: list[str],
) -> dict[str, object]:
    """The match model as written to model.json under ``match``."""
    return {
        "description": (
            "The latent suitability u of an opening for a member, from which presentations, "
            "their relevance and placements were drawn (docs/simulation.md, The match model)."
        ),
        "formula": (
            "u = occupation_distance[class] - skills * lacking_share - km_per_10 * km / 10 "
            "- hours * hours_mismatch - education * below_requirement - licence * no_licence; "
            "p_relevant = sigmoid(intercepts.relevant + u); p_hire = sigmoid(intercepts.hire + u)"
        ),
        "occupation_distance": dict(zip(DISTANCES, model.occupation, strict=True)),
        "coefficients": {
            "skills": model.skills,
            "km_per_10": model.km_per_10,
            "hours": model.hours,
            "education": model.education,
            "licence": model.licence,
        },
        "intercepts": {"relevant": model.relevant_intercept, "hire": model.hire_intercept},
        "inputs": INPUTS,
        "caseworker": {
            "tau": model.tau,
            "candidates": model.candidates,
            "searched": model.searched,
            "reach_km": model.reach_km,
            "rule": (
                "for each presentation, up to `candidates` openings open on the day (posted_on "
                "<= day <= closes_on) within reach (the member's region, or centres at most "
                "reach_km apart), portal ads or the member's fund's job orders, drawn at random: "
                "a share `searched` among the openings of the member's DISCO 2-digit group, "
                "the rest among all; one is presented with weight exp(u / tau); a placement's "
                "opening is chosen among its candidates with weight p_hire"
            ),
        },
        "oracle": (
            "the best achievable ranking of the openings open to a member on a day is by u "
            "(equivalently p_hire), computed from the dataset with this card alone"
        ),
        "education_order": education_order,
        "centres": centres,
        "occupation_skills": occupation_skills,
        "realised": stats,
    }
