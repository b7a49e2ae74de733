"""The job market: openings (portal ads and job orders) over the whole period, each anchored on
a random spell so that the mix of occupations and places follows the unemployed
(docs/simulation.md, "Job openings")."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from akasse.sim.config import Params
from akasse.sim.employers import Employers, pick
from akasse.sim.occupations import Occupations, adjacent, draw_rows
from akasse.sim.places import Geography
from akasse.sim.population import Spells

NO_SKILL = -1


@dataclass(frozen=True)
class Openings:
    occupation: np.ndarray  # index into Occupations
    municipality: np.ndarray  # index into the world's municipalities
    employer: np.ndarray  # index into Employers (also where the ad does not name it)
    named: np.ndarray  # bool: the ad gives the employer (employer_cvr filled in)
    fund: np.ndarray  # int16: the fund of a job order, -1 for a portal ad
    posted: np.ndarray  # day
    closes: np.ndarray  # day
    hours: np.ndarray  # int8 hours a week
    permanent: np.ndarray
    education: np.ndarray  # int8 index into EDUCATION asked for, -1 for none
    skills: np.ndarray  # (n, max_skills) skill indices, NO_SKILL for none
    licence: np.ndarray  # bool: a driving licence is required

    @property
    def size(self) -> int:
        return int(self.posted.size)

    def take(self, index: np.ndarray) -> Openings:
        return Openings(*(getattr(self, f.name)[index] for f in fields(self)))

    def concat(self, other: Openings) -> Openings:
        return Openings(
            *(np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self))
        )


def _by_major(values: list[float], major: np.ndarray) -> np.ndarray:
    return np.asarray(np.array(values, dtype=float)[major.astype(np.int64) - 1])


def _skills(
    occ: Occupations, occupation: np.ndarray, k: np.ndarray, rng: np.random.Generator, width: int
) -> np.ndarray:
    """``k`` distinct skills of each opening's occupation, at random (padded with NO_SKILL)."""
    longest = max([len(x) for x in occ.skills] + [1])
    table = np.full((occ.size, longest), NO_SKILL, dtype=np.int64)
    for i, row in enumerate(occ.skills):
        table[i, : len(row)] = row
    own = table[occupation]
    keys = np.where(own >= 0, rng.random(own.shape), 2.0)
    shuffled = np.take_along_axis(own, np.argsort(keys, axis=1, kind="stable"), axis=1)
    out = np.full((occupation.size, width), NO_SKILL, dtype=np.int64)
    cols = min(width, longest)
    out[:, :cols] = shuffled[:, :cols]
    out[np.arange(width)[None, :] >= k[:, None]] = NO_SKILL
    return out


def attributes(
    params: Params,
    occ: Occupations,
    geo: Geography,
    emp: Employers,
    occupation: np.ndarray,
    municipality: np.ndarray,
    industry: np.ndarray,
    fund: np.ndarray,
    posted: np.ndarray,
    rng: np.random.Generator,
) -> Openings:
    """Openings of the given occupations, places, funds (-1: portal) and posting days, with
    the rest drawn: closing day, employer, hours, permanence and requirements."""
    p = params.section("openings")
    n = occupation.size
    major = occ.major[occupation]
    lo, hi = (int(x) for x in p["open_days"])
    closes = posted + rng.integers(lo, hi + 1, n)
    employer = pick(emp, geo, municipality, industry, float(p["public_share"]), rng)
    named = (fund >= 0) | (rng.random(n) >= float(p["no_employer"]))
    part = rng.random(n) < _by_major(p["part_time_by_major"], major)
    part_hours = np.array(p["part_time_hours"], dtype=np.int8)
    hours = np.where(part, part_hours[rng.integers(0, part_hours.size, n)], 37).astype(np.int8)
    permanent = rng.random(n) < _by_major(p["permanent_by_major"], major)
    level = occ.education[occupation]
    asks = (rng.random(n) < float(p["requires_education"])) & (level > 0)
    width = int(p["max_skills"])
    count = np.array([len(x) for x in occ.skills], dtype=np.int64)[occupation]
    k = np.floor(rng.random(n) * (np.minimum(count, width) + 1)).astype(np.int64)
    return Openings(
        occupation=occupation.astype(np.int64),
        municipality=municipality.astype(np.int64),
        employer=employer,
        named=named,
        fund=fund.astype(np.int16),
        posted=posted.astype(np.int64),
        closes=closes.astype(np.int64),
        hours=hours,
        permanent=permanent,
        education=np.where(asks, level, -1).astype(np.int8),
        skills=_skills(occ, occupation, k, rng, width),
        licence=rng.random(n) < _by_major(p["licence_by_major"], major),
    )


def _neighbours(
    geo: Geography, municipality: np.ndarray, p: dict[str, Any], rng: np.random.Generator
) -> np.ndarray:
    """With chance ``neighbour``, another municipality within ``neighbour_km``, nearer ones more
    likely (weight exp(-km / neighbour_km_scale)); else the same."""
    weights = np.where(
        geo.km <= float(p["neighbour_km"]), np.exp(-geo.km / float(p["neighbour_km_scale"])), 0.0
    )
    np.fill_diagonal(weights, 0.0)
    total = weights.sum(axis=1)
    cum = np.cumsum(weights / np.maximum(total, 1e-300)[:, None], axis=1)
    m = len(geo.codes)
    flat = (np.minimum(cum, 1.0) + np.arange(m)[:, None]).ravel()
    u = rng.random(municipality.size)
    move = (rng.random(municipality.size) < float(p["neighbour"])) & (total[municipality] > 0)
    other = np.searchsorted(flat, municipality + u, side="right") - municipality * m
    return np.where(move, np.clip(other, 0, m - 1), municipality)


def market(
    params: Params,
    occ: Occupations,
    geo: Geography,
    emp: Employers,
    s: Spells,
    true_occupation: np.ndarray,
    affinity: np.ndarray,
    fund_codes: list[str],
    rng: np.random.Generator,
) -> Openings:
    """``per_spell`` openings per spell over the period, each anchored on a random spell:
    its occupation (sometimes an adjacent one), municipality (sometimes a neighbouring one),
    a posting day from ``posted_days`` after its first day, and
    with its fund's ``job_order`` rate a job order of that fund. The employer is one of an
    industry drawn from the occupation's ``affinity`` (occupations.industries)."""
    p = params.section("openings")
    n = round(float(p["per_spell"]) * s.size)
    anchor = rng.integers(0, s.size, n)
    occupation = adjacent(
        occ, true_occupation[anchor], rng, float(p["same_3_digit"]), float(p["same_2_digit"])
    )
    municipality = _neighbours(geo, s.municipality[anchor].astype(np.int64), p, rng)
    lo, hi = (int(x) for x in p["posted_days"])
    posted = s.first_day[anchor].astype(np.int64) + rng.integers(lo, hi + 1, n)
    posted = np.clip(posted, params.day("first_day"), params.day("as_of"))
    rates = p["job_order"]
    rate = np.array([float(rates.get(f, rates["default"])) for f in fund_codes])
    fund = np.where(rng.random(n) < rate[s.fund[anchor]], s.fund[anchor], -1)
    industry = draw_rows(affinity, occupation, rng)
    return attributes(params, occ, geo, emp, occupation, municipality, industry, fund, posted, rng)
