"""The explicit score: how well an opening fits a member by criteria a caseworker would name.

score = 0.40 occupation + 0.25 distance + 0.15 skills + 0.10 education + 0.05 hours
        + 0.05 licence, every term in [0, 1]:

- occupation: the closer of the member's own occupation (latest CV job) and their wished
  ones to the opening's, by the DISCO-08 digits they share: 4 (the same) 1.0, 3 (minor group)
  0.7, 2 (sub-major group) 0.4, 1 (major group) 0.15, none 0; 0.25 when either side is unknown;
- distance: r = km between the municipality centres / the member's travel limit; 1 - r/2 up to
  the limit, falling to 0 at 1.5 times it; 0.5 when a place is unknown;
- skills: the share of the opening's required skills the member's CV holds (1 when none);
- education: the requirement met (1), not met (0), the member's level unknown (0.5);
- hours: full or part time as wished (1), else 0; licence: required and missing 0, else 1.

``terms`` computes the terms for pairs (equal-length arrays) or for a block of members against
every opening (broadcast), so the ranking, the reasons and the hire model's features agree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from akasse.matching.features import Members, Openings, disco_levels, place_km, vocabulary

WEIGHTS = {
    "occupation": 0.40,
    "distance": 0.25,
    "skills": 0.15,
    "education": 0.10,
    "hours": 0.05,
    "licence": 0.05,
}
# Occupation term by shared DISCO digits; index 0 is "unknown" (-1).
OCCUPATION_SCORE = np.array([0.25, 0.0, 0.15, 0.4, 0.7, 1.0], dtype=np.float32)
UNKNOWN_DISTANCE = np.float32(0.5)
UNKNOWN_EDUCATION = np.float32(0.5)
BLOCK = 512  # members scored against every opening at a time


def occupation_level(m: Members, o: Openings, dense: bool) -> tuple[np.ndarray, np.ndarray]:
    """Shared DISCO digits between the member and the opening: (own occupation's, the closer
    of own and wished)."""
    levels = disco_levels(vocabulary().discos)
    md, od = _pair(m.disco, o.disco, dense)
    own = levels[md, od]
    best = own
    for k in range(m.wished.shape[1]):
        wk, _ = _pair(m.wished[:, k], o.disco, dense)
        best = np.maximum(best, np.where(wk >= 0, levels[wk, od], -1))
    return np.asarray(own), np.asarray(best)


def distance_km(m: Members, o: Openings, dense: bool) -> np.ndarray:
    km = place_km(vocabulary().places)
    mp, op = _pair(m.place, o.place, dense)
    return np.asarray(km[mp, op])


def skills_met(m: Members, o: Openings, dense: bool) -> tuple[np.ndarray, np.ndarray]:
    """(required skills the member holds, required skills) per pair."""
    have, need = _pair_rows(m.skills, o.skills, dense)
    met = np.zeros(np.broadcast_shapes(have.shape[:-1], need.shape[:-1]), dtype=np.int16)
    count = np.zeros(need.shape[:-1], dtype=np.int16)
    for w in range(need.shape[-1]):
        met += np.bitwise_count(have[..., w] & need[..., w]).astype(np.int16)
        count += np.bitwise_count(need[..., w]).astype(np.int16)
    return met, np.broadcast_to(count, met.shape)


def distance_term(km: np.ndarray, max_km: np.ndarray) -> np.ndarray:
    r = km / max_km
    near = 1.0 - 0.5 * r
    far = np.clip(0.5 - (r - 1.0), 0.0, None)
    out = np.where(r <= 1.0, near, far).astype(np.float32)
    return np.where(np.isnan(km), UNKNOWN_DISTANCE, out)


def education_term(member_level: np.ndarray, required: np.ndarray) -> np.ndarray:
    met = (required < 0) | (member_level >= required)
    return np.where((member_level < 0) & (required >= 0), UNKNOWN_EDUCATION, met.astype(np.float32))


def hours_term(wished: np.ndarray, full_time: np.ndarray) -> np.ndarray:
    fits = (wished == 2) | ((wished == 0) & full_time) | ((wished == 1) & ~full_time)
    return np.asarray(fits, dtype=np.float32)


def licence_term(has: np.ndarray, required: np.ndarray) -> np.ndarray:
    return np.asarray(~required | has, dtype=np.float32)


@dataclass(frozen=True)
class Terms:
    own_level: np.ndarray  # shared DISCO digits of the member's own occupation, -1 unknown
    level: np.ndarray  # the same, the closer of own and wished
    km: np.ndarray  # NaN unknown
    met: np.ndarray
    need: np.ndarray
    occupation: np.ndarray
    distance: np.ndarray
    skills: np.ndarray
    education: np.ndarray
    hours: np.ndarray
    licence: np.ndarray

    def score(self) -> np.ndarray:
        total = np.zeros(self.occupation.shape, dtype=np.float32)
        for name, weight in WEIGHTS.items():
            total += np.float32(weight) * getattr(self, name)
        return total


def terms(m: Members, o: Openings, dense: bool = False) -> Terms:
    """The terms for pairs (row i of ``m`` with row i of ``o``) or, with ``dense``, for every
    member of ``m`` against every opening of ``o`` (shape members x openings)."""
    own_level, level = occupation_level(m, o, dense)
    km = distance_km(m, o, dense)
    met, need = skills_met(m, o, dense)
    mx = m.max_km[:, None] if dense else m.max_km
    share = np.where(need > 0, met / np.maximum(need, 1), 1.0).astype(np.float32)
    me, oe = _pair(m.education, o.education, dense)
    mh, of = _pair(m.hours, o.full_time, dense)
    ml, ol = _pair(m.licence, o.licence, dense)
    return Terms(
        own_level=own_level,
        level=level,
        km=km,
        met=met,
        need=need,
        occupation=OCCUPATION_SCORE[level + 1],
        distance=distance_term(km, mx),
        skills=share,
        education=education_term(me, oe),
        hours=hours_term(mh, of),
        licence=licence_term(ml, ol),
    )


def scores(m: Members, o: Openings) -> np.ndarray:
    """The explicit score of every member against every opening, (members x openings)."""
    return (
        np.concatenate([block for _, block in score_blocks(m, o)])
        if m.size
        else (np.zeros((0, o.size), np.float32))
    )


def score_blocks(m: Members, o: Openings, block: int = BLOCK) -> Iterator[tuple[slice, np.ndarray]]:
    """The dense scores a block of members at a time: the work is gathers from small tables
    (per member a row over occupations, over places, over requirement classes and over the
    openings' distinct sets of required skills), so a block costs a few passes over its
    members x openings matrix."""
    levels = disco_levels(vocabulary().discos)
    km = place_km(vocabulary().places)
    occupation_rows = OCCUPATION_SCORE[levels + 1]  # (occupations+1)^2, unknown last
    skill_sets, skill_set_of = np.unique(o.skills, axis=0, return_inverse=True)
    skill_set_of = skill_set_of.reshape(-1)
    need = np.zeros(skill_sets.shape[0], dtype=np.int16)
    for w in range(skill_sets.shape[1]):
        need += np.bitwise_count(skill_sets[:, w]).astype(np.int16)
    share_of = np.float32(1.0) / np.maximum(need, 1).astype(np.float32)
    small = _requirement_table()
    o_class = _opening_class(o)
    for start in range(0, m.size, block):
        part = m.take(np.arange(start, min(start + block, m.size)))
        # The closest of the known occupations; "unknown" only when none is known.
        rows = np.where((part.disco >= 0)[:, None], occupation_rows[part.disco], -1.0)
        for k in range(part.wished.shape[1]):
            wk = part.wished[:, k]
            rows = np.where((wk >= 0)[:, None], np.maximum(rows, occupation_rows[wk]), rows)
        rows = np.where(rows < 0, occupation_rows[-1], rows).astype(np.float32)
        rows *= np.float32(WEIGHTS["occupation"])
        rows_km = distance_term(km[part.place], part.max_km[:, None])
        rows_km *= np.float32(WEIGHTS["distance"])
        met = np.zeros((part.size, skill_sets.shape[0]), dtype=np.int16)
        for w in range(skill_sets.shape[1]):
            met += np.bitwise_count(part.skills[:, w, None] & skill_sets[None, :, w])
        rows_skills = np.where(need > 0, met * share_of, np.float32(1.0)).astype(np.float32)
        rows_skills *= np.float32(WEIGHTS["skills"])
        total = np.take(rows, o.disco, axis=1)
        total += np.take(rows_km, o.place, axis=1)
        total += np.take(small[_member_class(part)], o_class, axis=1)
        total += np.take(rows_skills, skill_set_of, axis=1)
        yield slice(start, start + part.size), total


def top_k(m: Members, o: Openings, k: int) -> tuple[np.ndarray, np.ndarray]:
    """For every member the ``k`` best openings by the explicit score: (indices, scores),
    each (members x k), best first. Equal scores are ordered by the openings' order, the later
    first (a tie-break of under 1e-4, which also keeps the selection fast on the many ties)."""
    k = min(k, o.size)
    index = np.zeros((m.size, k), dtype=np.int64)
    value = np.zeros((m.size, k), dtype=np.float32)
    if k == 0:
        return index, value
    tie = np.arange(o.size, dtype=np.float32) * np.float32(1e-4 / max(o.size, 1))
    for rows, block in score_blocks(m, o):
        broken = block + tie
        part = np.argpartition(broken, o.size - k, axis=1)[:, o.size - k :]
        order = np.argsort(-np.take_along_axis(broken, part, axis=1), axis=1, kind="stable")
        index[rows] = np.take_along_axis(part, order, axis=1)
        value[rows] = np.take_along_axis(block, index[rows], axis=1)
    return index, value


# Education (-1..5), licence, hours as one member class; required education (-1..5), licence
# required, full time as one opening class; the three small terms as one table between them.
def _member_class(m: Members) -> np.ndarray:
    return np.asarray(((m.education.astype(np.int64) + 1) * 2 + m.licence) * 3 + m.hours)


def _opening_class(o: Openings) -> np.ndarray:
    return np.asarray(((o.education.astype(np.int64) + 1) * 2 + o.licence) * 2 + o.full_time)


def _requirement_table() -> np.ndarray:
    grid_m = np.meshgrid(np.arange(-1, 6), [False, True], np.arange(3), indexing="ij")
    grid_o = np.meshgrid(np.arange(-1, 6), [False, True], [False, True], indexing="ij")
    me, ml, mh = (a.reshape(-1, 1) for a in grid_m)
    oe, ol, of = (a.reshape(1, -1) for a in grid_o)
    return (
        np.float32(WEIGHTS["education"]) * education_term(me, oe)
        + np.float32(WEIGHTS["hours"]) * hours_term(mh, of)
        + np.float32(WEIGHTS["licence"]) * licence_term(ml, ol)
    ).astype(np.float32)


def _pair(a: np.ndarray, b: np.ndarray, dense: bool) -> tuple[np.ndarray, np.ndarray]:
    return (a[:, None], b[None, :]) if dense else (a, b)


def _pair_rows(a: np.ndarray, b: np.ndarray, dense: bool) -> tuple[np.ndarray, np.ndarray]:
    return (a[:, None, :], b[None, :, :]) if dense else (a, b)
