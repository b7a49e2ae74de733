"""Occupations (DISCO-08) as the simulator uses them: the reference list as arrays, adjacent
occupations (the same 3-digit or 2-digit group), the occupation distance of the match model,
and each spell's true occupation (``truth.true_disco``).

The list in ``akasse/dataset/reference/occupations.yaml`` may hold any number of occupations;
the code never assumes one is there. Occupations are kept sorted by code, so the members of a
group (the codes sharing their first 1, 2 or 3 digits) are one contiguous range.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from akasse.dataset import reference
from akasse.sim.config import Params, SimError
from akasse.sim.population import EDUCATION, Spells

# Occupation distance classes of the match model, from the same code to another major group.
DISTANCES = ["same_code", "same_3_digit", "same_2_digit", "same_major_group", "other"]


@dataclass(frozen=True)
class Occupations:
    """The reference occupations sorted by code; ``skills`` index into ``skill_codes``."""

    disco: list[str]
    code: np.ndarray  # int32, the 4-digit code as a number
    title: list[str]
    field: list[str | None]
    education: np.ndarray  # int8, index into EDUCATION: the occupation's usual level
    skill_codes: list[str]
    skills: list[tuple[int, ...]]

    @property
    def size(self) -> int:
        return len(self.disco)

    @property
    def major(self) -> np.ndarray:
        return np.asarray(self.code // 1000, dtype=np.int8)

    def group(self, digits: int) -> tuple[np.ndarray, np.ndarray]:
        """Per occupation, the range [lo, hi) of the occupations sharing its first ``digits``."""
        prefix = self.code // 10 ** (4 - digits)
        lo = np.searchsorted(prefix, prefix, side="left")
        hi = np.searchsorted(prefix, prefix, side="right")
        return lo.astype(np.int64), hi.astype(np.int64)

    def skill_mask(self) -> np.ndarray:
        """Skills as bit sets, one row of uint64 words per occupation."""
        return skill_bits(self.skills, len(self.skill_codes))


def skill_bits(rows: list[tuple[int, ...]] | list[list[int]], count: int) -> np.ndarray:
    """Bit sets (rows x words of uint64) of lists of skill indices below ``count``."""
    width = max([len(r) for r in rows] + [1])
    padded = np.full((len(rows), width), -1, dtype=np.int64)
    for i, r in enumerate(rows):
        padded[i, : len(r)] = r
    return padded_bits(padded, count)


def padded_bits(matrix: np.ndarray, count: int) -> np.ndarray:
    """Bit sets of rows of distinct skill indices, padded with -1."""
    out = np.zeros((matrix.shape[0], max(1, (count + 63) // 64)), dtype=np.uint64)
    for column in np.asarray(matrix, dtype=np.int64).T:
        rows = np.flatnonzero(column >= 0)
        set_bits(out, rows, column[rows])
    return out


def set_bits(bits: np.ndarray, rows: np.ndarray, skill: np.ndarray) -> None:
    """Set bit ``skill[k]`` of row ``rows[k]`` (rows distinct)."""
    shift = (skill % 64).astype(np.uint64)
    bits[rows, skill // 64] |= np.left_shift(np.uint64(1), shift)


def from_frame(frame: pl.DataFrame, skill_codes: list[str]) -> Occupations:
    """Occupations from a frame shaped as ``reference.occupations()``; skills not in
    ``skill_codes`` are added after them."""
    if frame.is_empty():
        raise SimError(f"{reference.OCCUPATIONS}: the list of occupations is empty")
    frame = frame.sort("disco")
    codes = list(skill_codes)
    where = {c: i for i, c in enumerate(codes)}
    skills: list[tuple[int, ...]] = []
    for row in frame["skills"].to_list():
        for code in row:
            if code not in where:
                where[code] = len(codes)
                codes.append(code)
        skills.append(tuple(sorted({where[c] for c in row})))
    levels = []
    for disco, level in zip(frame["disco"], frame["education"], strict=True):
        if level not in EDUCATION:
            raise SimError(
                f"{reference.OCCUPATIONS}: occupation {disco}: education {level!r} is not one "
                f"of {', '.join(EDUCATION)}"
            )
        levels.append(EDUCATION.index(level))
    return Occupations(
        disco=frame["disco"].to_list(),
        code=frame["disco"].cast(pl.Int32).to_numpy(),
        title=frame["title"].to_list(),
        field=frame["field"].to_list(),
        education=np.array(levels, dtype=np.int8),
        skill_codes=codes,
        skills=skills,
    )


def load_occupations() -> Occupations:
    return from_frame(reference.occupations(), list(reference.skills()))


def distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The occupation distance class (index into DISTANCES) between 4-digit codes."""
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    out = np.full(np.broadcast(a, b).shape, 4, dtype=np.int8)
    for k, div in ((3, 1000), (2, 100), (1, 10), (0, 1)):
        out[a // div == b // div] = k
    return out


def other_in_group(
    occ: Occupations, index: np.ndarray, digits: int, u: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Another occupation of the same ``digits``-digit group, chosen by the uniforms ``u``, and
    whether there is one (else the occupation itself)."""
    lo, hi = occ.group(digits)
    lo, hi = lo[index], hi[index]
    size = hi - lo
    pick = lo + np.floor(u * np.maximum(size - 1, 0)).astype(np.int64)
    pick = pick + (pick >= index)
    found = size > 1
    return np.where(found, pick, index), found


def adjacent(
    occ: Occupations, index: np.ndarray, rng: np.random.Generator, same3: float, same2: float
) -> np.ndarray:
    """Each occupation, or with chance ``same3`` another of its 3-digit group and with chance
    ``same2`` another of its 2-digit group; a group without another falls to the wider one
    (3-digit, 2-digit, major group), and an occupation alone in its major group stays."""
    index = np.asarray(index, dtype=np.int64)
    u = rng.random(index.size)
    pick = rng.random(index.size)
    want = np.where(u < same3, 3, np.where(u < same3 + same2, 2, 0))
    out = index.copy()
    todo = want > 0
    for digits in (3, 2, 1):
        other, found = other_in_group(occ, index, digits, pick)
        take = todo & (want >= digits) & found
        out[take] = other[take]
        todo &= ~take
    return out


def _nearest_major(occ: Occupations) -> np.ndarray:
    """For each major group 1-9, the nearest that has an occupation (ties to the lower)."""
    present = np.unique(occ.major)
    groups = np.arange(1, 10)
    gap = np.abs(groups[:, None] - present[None, :])
    return np.asarray(present[np.argmin(gap, axis=1)], dtype=np.int8)


def true_occupations(
    params: Params, occ: Occupations, s: Spells, rng: np.random.Generator
) -> np.ndarray:
    """Each spell's occupation (index into ``occ``), in its profiling DISCO major group and
    weighted by exp(-education_fit x |the member's education - the occupation's usual level|);
    a member's later spell keeps the earlier occupation with chance ``keep_on_new_spell``.
    A major group without occupations in the list falls back to the nearest that has one, and
    ``s.features['disco_major']`` is set to the occupation's group, so the two always agree."""
    p = params.section("occupations")
    fit = float(p["education_fit"])
    major = _nearest_major(occ)[s.features["disco_major"].astype(np.int64) - 1]
    out = np.zeros(s.size, dtype=np.int64)
    u = rng.random(s.size)
    _, hi1 = occ.group(1)
    for g in np.unique(major):
        rows = np.flatnonzero(major == g)
        first = int(np.searchsorted(occ.major, g))
        span = np.arange(first, int(hi1[first]))
        gap = np.abs(s.education[rows, None].astype(float) - occ.education[None, span])
        weights = np.exp(-fit * gap)
        cum = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
        choice = (u[rows, None] > cum).sum(axis=1)
        out[rows] = span[np.minimum(choice, span.size - 1)]
    keep = (s.previous >= 0) & (rng.random(s.size) < float(p["keep_on_new_spell"]))
    later = np.flatnonzero(keep)
    while True:  # a chain of spells settles in as many rounds as it is long
        moved = out[s.previous[later]]
        if np.array_equal(moved, out[later]):
            break
        out[later] = moved
    s.features["disco_major"] = occ.major[out].astype(np.int8)
    return out


def industry_weights(params: Params, occ: Occupations, industries: list[str]) -> np.ndarray:
    """(occupations, industries): where each occupation works, from ``occupations.industries``
    by its 2-digit group, else its major group; uniform where neither is given."""
    table = params.section("occupations")["industries"]
    out = np.ones((occ.size, len(industries)))
    for i, disco in enumerate(occ.disco):
        given = table.get(disco[:2], table.get(disco[:1]))
        if given:
            unknown = set(given) - set(industries)
            if unknown:
                raise SimError(
                    f"{params.source}: occupations.industries names unknown industries "
                    f"{', '.join(sorted(unknown))}"
                )
            out[i] = [float(given.get(name, 0.0)) for name in industries]
    out[out.sum(axis=1) <= 0] = 1.0
    return out


def draw_rows(weights: np.ndarray, rows: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One column per row from the categorical distribution ``weights[rows]`` (rows of
    ``weights`` not all zero)."""
    k = weights.shape[1]
    cum = np.cumsum(weights, axis=1)
    cum = np.minimum(cum / cum[:, -1:], 1.0)
    # Row r's cumulative weights shifted by r: one sorted array for every row at once.
    flat = (cum + np.arange(weights.shape[0])[:, None]).ravel()
    rows = np.asarray(rows, dtype=np.int64)
    at = np.searchsorted(flat, rows + rng.random(rows.size), side="right") - rows * k
    return np.asarray(np.clip(at, 0, k - 1))


def spell_industries(
    params: Params,
    occ: Occupations,
    s: Spells,
    occupation: np.ndarray,
    fund_codes: list[str],
    rng: np.random.Generator,
) -> None:
    """Each spell's industry (``profiling.industry``, the job before the spell) from its
    occupation's industries times the fund profile's industry weights (the occupation's alone
    where the two share none)."""
    members = params.section("members")
    industries = [str(x) for x in members["industries"]]
    profiles = members["profiles"]
    names = list(profiles)
    funds = params.section("funds")
    profile = np.array([names.index(str(funds[f]["profile"])) for f in fund_codes])[s.fund]
    by_profile = np.array([profiles[p]["industry"] for p in names], dtype=float)
    affinity = industry_weights(params, occ, industries)
    # One weight row per (occupation, profile) pair, the occupation's alone where they share none.
    pairs = affinity[:, None, :] * by_profile[None, :, :]
    pairs = np.where(pairs.sum(axis=2, keepdims=True) > 0, pairs, affinity[:, None, :])
    row = occupation * len(names) + profile
    table = pairs.reshape(-1, len(industries))
    s.features["industry"] = draw_rows(table, row, rng).astype(np.int8)
