"""Employers behind the openings, the CVs and the joblog: synthetic CVR numbers, Danish names
from templates by industry, and where they are (docs/simulation.md, "Employers").

Private employers are placed like the spells: each takes the municipality and industry of a
random spell, so employers are where the unemployed are and in their industries. Every
municipality where a spell lives also has its own employer, the municipality itself
("Vejle Kommune").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akasse.dataset.reference import CVR_WEIGHTS
from akasse.sim.config import Params, SimError
from akasse.sim.people import lists
from akasse.sim.places import Geography, postcodes
from akasse.sim.population import Spells

PUBLIC = "public_administration_education"
CVR_SPACE = 1_000_000  # seven-digit prefixes 9000000-9999999
CELLS = 64  # industries per municipality in the lookup (more than members.industries holds)


def cvr_numbers(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` distinct eight-digit numbers beginning with 9 whose digits weighted by 2, 7, 6,
    5, 4, 3, 2, 1 sum to a multiple of 11 (the last digit is the check digit; a prefix whose
    check digit would be 10 is skipped and another drawn)."""
    if n > CVR_SPACE * 10 // 11 - 1000:
        raise SimError(f"cannot make {n} distinct synthetic CVR numbers")
    want = min(CVR_SPACE, int(n * 1.15) + 32)
    prefix = rng.choice(CVR_SPACE, size=want, replace=False).astype(np.int64) + 9 * CVR_SPACE
    digits = (prefix[:, None] // 10 ** np.arange(6, -1, -1)) % 10
    check = -(digits @ np.array(CVR_WEIGHTS[:7])) % 11
    valid = check < 10
    numbers = (prefix * 10 + check)[valid]
    while numbers.size < n:  # rare: too many prefixes had check digit 10
        more = np.setdiff1d(np.arange(CVR_SPACE) + 9 * CVR_SPACE, prefix)
        prefix = np.concatenate([prefix, rng.choice(more, size=n, replace=False)])
        digits = (prefix[:, None] // 10 ** np.arange(6, -1, -1)) % 10
        check = -(digits @ np.array(CVR_WEIGHTS[:7])) % 11
        numbers = (prefix * 10 + check)[check < 10]
    return [f"{x:08d}" for x in numbers[:n].tolist()]


@dataclass(frozen=True)
class Employers:
    """Sorted by municipality, then industry; ``kommune[m]`` is the municipality's own
    employer (-1 where no spell lives)."""

    cvr: list[str]
    name: list[str]
    industry: np.ndarray  # int8, index into members.industries
    municipality: np.ndarray  # int64, index into the world's municipalities
    kommune: np.ndarray
    industries: list[str]
    cells: np.ndarray  # offsets: employers of (municipality m, industry i) are at key m * 64 + i
    by_region: np.ndarray  # employer indices sorted by region
    region_start: np.ndarray  # offsets into by_region per region

    @property
    def size(self) -> int:
        return len(self.cvr)


def _names(
    params: Params,
    industry: np.ndarray,
    municipality: np.ndarray,
    geo: Geography,
    industries: list[str],
    rng: np.random.Generator,
) -> list[str]:
    """A name from the industry's templates: {last}, {first}, {town}, {municipality}, {base}
    (a Danish street name's stem) and {place} (the stem with a place ending, e.g. Egelund)."""
    e = params.section("employers")
    templates = e["templates"]
    ls = lists()
    n = industry.size
    single = ls.streets[np.array([" " not in x for x in ls.streets])]
    base = single[np.floor(rng.random(n) * single.size).astype(np.int64)]
    endings = [str(x) for x in e["place_endings"]]
    ending = rng.integers(0, len(endings), n)
    last = ls.last[np.searchsorted(ls.last_weights, rng.random(n) * ls.last_weights[-1])]
    woman = rng.random(n) < 0.5
    fem = ls.female[np.floor(rng.random(n) * ls.female.size).astype(np.int64)]
    man = ls.male[np.floor(rng.random(n) * ls.male.size).astype(np.int64)]
    _, town = postcodes(geo, municipality, rng)
    pick = rng.random(n)
    out = []
    for k in range(n):
        options = templates.get(industries[int(industry[k])])
        if not options:
            raise SimError(f"{params.source}: employers.templates lacks {industries[industry[k]]}")
        template = str(options[int(pick[k] * len(options))])
        out.append(
            template.format(
                last=last[k],
                first=fem[k] if woman[k] else man[k],
                town=town[k],
                municipality=geo.names[int(municipality[k])],
                base=base[k],
                place=f"{base[k]}{endings[int(ending[k])]}",
            )
        )
    return out


def build_employers(
    params: Params, s: Spells, geo: Geography, rng: np.random.Generator
) -> Employers:
    e = params.section("employers")
    industries = [str(x) for x in params.section("members")["industries"]]
    if PUBLIC not in industries or len(industries) > CELLS:
        raise SimError(f"{params.source}: members.industries must name {PUBLIC}, at most {CELLS}")
    n = round(float(e["per_spell"]) * s.size)
    anchor = rng.integers(0, s.size, n)
    municipality = s.municipality[anchor].astype(np.int64)
    industry = s.features["industry"][anchor].astype(np.int8)
    names = _names(params, industry, municipality, geo, industries, rng)
    lived = np.flatnonzero(np.bincount(s.municipality, minlength=len(geo.codes)) > 0)
    municipality = np.concatenate([municipality, lived])
    industry = np.concatenate([industry, np.full(lived.size, industries.index(PUBLIC), np.int8)])
    names += [f"{geo.names[m]} Kommune" for m in lived.tolist()]
    own = np.concatenate([np.zeros(n, np.bool_), np.ones(lived.size, np.bool_)])
    cvr = cvr_numbers(rng, municipality.size)
    order = np.lexsort((~own, industry, municipality))
    kommune = np.full(len(geo.codes), -1, dtype=np.int64)
    position = np.empty(order.size, np.int64)
    position[order] = np.arange(order.size)
    kommune[lived] = position[n:]
    municipality, industry = municipality[order], industry[order]
    key = municipality * CELLS + industry
    cells = np.concatenate([[0], np.cumsum(np.bincount(key, minlength=len(geo.codes) * CELLS))])
    region = geo.region[municipality]
    by_region = np.argsort(region, kind="stable")
    region_start = np.searchsorted(region[by_region], np.arange(int(geo.region.max()) + 2))
    return Employers(
        cvr=[cvr[i] for i in order.tolist()],
        name=[names[i] for i in order.tolist()],
        industry=industry,
        municipality=municipality,
        kommune=kommune,
        industries=industries,
        cells=cells.astype(np.int64),
        by_region=by_region,
        region_start=region_start.astype(np.int64),
    )


def _in_region(
    emp: Employers, geo: Geography, municipality: np.ndarray, u: np.ndarray
) -> np.ndarray:
    """A random employer in each municipality's region (any employer if the region has none)."""
    region = geo.region[municipality].astype(np.int64)
    lo, hi = emp.region_start[region], emp.region_start[region + 1]
    at = np.minimum(lo + np.floor(u * (hi - lo)).astype(np.int64), emp.size - 1)
    anywhere = np.minimum(np.floor(u * emp.size).astype(np.int64), emp.size - 1)
    return np.asarray(np.where(hi > lo, emp.by_region[at], anywhere))


def pick(
    emp: Employers,
    geo: Geography,
    municipality: np.ndarray,
    industry: np.ndarray,
    public_share: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """An employer for each (municipality, industry): the municipality itself with chance
    ``public_share`` for public administration, education, health and social work; else one
    of that industry there, else any there, else any in the region, else any at all."""
    n = municipality.size
    u = rng.random(n)
    key = municipality * CELLS + industry
    lo, hi = emp.cells[key], emp.cells[key + 1]
    m_lo, m_hi = emp.cells[municipality * CELLS], emp.cells[municipality * CELLS + CELLS]
    exact = lo + np.floor(u * (hi - lo)).astype(np.int64)
    there = m_lo + np.floor(u * (m_hi - m_lo)).astype(np.int64)
    out = np.where(hi > lo, exact, np.where(m_hi > m_lo, there, -1))
    missing = np.flatnonzero(out < 0)
    out[missing] = _in_region(emp, geo, municipality[missing], u[missing])
    public = np.isin(emp.industries, [PUBLIC, "health_social"])[industry]
    own = emp.kommune[municipality]
    take = public & (rng.random(n) < public_share) & (own >= 0)
    return np.where(take, own, out)


def near(
    emp: Employers,
    geo: Geography,
    municipality: np.ndarray,
    industry: np.ndarray,
    own_share: float,
    public_share: float,
    rng: np.random.Generator,
) -> np.ndarray:
    """An employer of the industry near each municipality (as ``pick``): in it with chance
    ``own_share``, else in the municipality of a random employer of its region."""
    other = emp.municipality[_in_region(emp, geo, municipality, rng.random(municipality.size))]
    stay = rng.random(municipality.size) < own_share
    return pick(emp, geo, np.where(stay, municipality, other), industry, public_share, rng)
