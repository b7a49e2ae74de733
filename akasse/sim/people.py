"""Synthetic names, addresses and contact details: members, caseworkers and jobcentre
consultants (docs/simulation.md, "People").

Names come from two lists: the reference's popular first names by birth decade
(``akasse/dataset/reference/names.yaml``) and Faker's Danish lists (its da_DK first names by
gender, last names and street names). Every draw is from the seeded NumPy stream: the lists are
only sampled, Faker's own random generator is never used, so the same seed gives the same people.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from faker.providers.address.da_DK import Provider as Address
from faker.providers.person.da_DK import Provider as Person

from akasse.dataset import reference
from akasse.sim.config import Params
from akasse.sim.places import Geography, postcodes
from akasse.sim.population import Spells

FLOORS = ["st.", "1.", "2.", "3.", "4.", "5."]
FLOOR_WEIGHTS = [0.3, 0.25, 0.2, 0.13, 0.08, 0.04]
SIDES = ["th.", "tv.", "mf."]
SIDE_WEIGHTS = [0.46, 0.46, 0.08]
# Danish letters spelled out in e-mail addresses (the others lose their accents).
FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})


@dataclass(frozen=True)
class Lists:
    female: np.ndarray  # object arrays of names
    male: np.ndarray
    last: np.ndarray
    last_weights: np.ndarray  # cumulative
    streets: np.ndarray
    suffixes: np.ndarray
    decades: np.ndarray  # decades with popular names, ascending
    popular: dict[tuple[int, str], np.ndarray]


@cache
def lists() -> Lists:
    last = np.array(Person.last_names, dtype=object)
    # Faker's last names are in order of frequency (Jensen, Nielsen, Hansen, ...): a Zipf-like
    # weight by rank keeps the common ones common.
    weights = 1.0 / (np.arange(last.size) + 4.0)
    by_decade = reference.first_names_by_decade()
    popular = {
        (decade, gender): np.array(names, dtype=object)
        for decade, genders in by_decade.items()
        for gender, names in genders.items()
        if names
    }
    return Lists(
        female=np.array(Person.first_names_female, dtype=object),
        male=np.array(Person.first_names_male, dtype=object),
        last=last,
        last_weights=np.cumsum(weights / weights.sum()),
        streets=np.array(Address.street_names, dtype=object),
        suffixes=np.array(Address.street_suffixes, dtype=object),
        decades=np.array(sorted(by_decade), dtype=np.int64),
        popular=popular,
    )


def _pick(rng: np.random.Generator, values: np.ndarray, n: int) -> np.ndarray:
    return np.asarray(values[np.floor(rng.random(n) * values.size).astype(np.int64)])


def _join(a: np.ndarray, b: np.ndarray, use: np.ndarray) -> np.ndarray:
    """``a b`` where ``use`` (two names), else ``a``."""
    out = a.copy()
    idx = np.flatnonzero(use)
    out[idx] = [f"{x} {y}" for x, y in zip(a[idx].tolist(), b[idx].tolist(), strict=True)]
    return out


def _given(
    rng: np.random.Generator, woman: np.ndarray, birth_year: np.ndarray, p: dict[str, Any]
) -> np.ndarray:
    """One first name each: from the popular names of the nearest decade present, with chance
    ``popular_first_name``, else from Faker's list of the gender."""
    ls = lists()
    n = woman.size
    out = np.where(woman, _pick(rng, ls.female, n), _pick(rng, ls.male, n))
    popular = rng.random(n) < float(p["popular_first_name"])
    u = rng.random(n)
    if ls.decades.size:
        decade = (birth_year // 10) * 10
        nearest = ls.decades[np.argmin(np.abs(decade[:, None] - ls.decades[None, :]), axis=1)]
        for d in np.unique(nearest):
            for gender, is_woman in (("woman", True), ("man", False)):
                names = ls.popular.get((int(d), gender))
                rows = np.flatnonzero(popular & (nearest == d) & (woman == is_woman))
                if names is not None and rows.size:
                    out[rows] = names[np.floor(u[rows] * names.size).astype(np.int64)]
    return out


def names(
    rng: np.random.Generator, woman: np.ndarray, birth_year: np.ndarray, p: dict[str, Any]
) -> tuple[np.ndarray, np.ndarray]:
    """First and last names fitting gender and birth year; some have two first names (the
    second from Faker's list of the gender) or two last names (e.g. Møller Jensen)."""
    ls = lists()
    n = woman.size
    first = _given(rng, woman, birth_year, p)
    second = np.where(woman, _pick(rng, ls.female, n), _pick(rng, ls.male, n))
    double = (rng.random(n) < float(p["double_first_name"])) & (second != first)
    last = ls.last[np.searchsorted(ls.last_weights, rng.random(n) * ls.last_weights[-1])]
    before = ls.last[np.searchsorted(ls.last_weights, rng.random(n) * ls.last_weights[-1])]
    two = (rng.random(n) < float(p["double_last_name"])) & (before != last)
    return _join(first, second, double), _join(before, last, two)


def streets(rng: np.random.Generator, n: int, p: dict[str, Any]) -> list[str]:
    """Street (Faker's Danish street names and endings), number 1-199 (low numbers commoner),
    and for some a floor and side: Vestergade 12, 2. th."""
    ls = lists()
    base = _pick(rng, ls.streets, n)
    ending = _pick(rng, ls.suffixes, n)
    number = np.floor(np.exp(rng.random(n) * np.log(200))).astype(np.int64)
    floor = rng.choice(len(FLOORS), size=n, p=FLOOR_WEIGHTS)
    side = rng.choice(len(SIDES), size=n, p=SIDE_WEIGHTS)
    flat = rng.random(n) < float(p["floor_share"])
    out = []
    for b, e, k, f, sd, fl in zip(
        base.tolist(), ending.tolist(), number.tolist(), floor, side, flat, strict=True
    ):
        street = f"{b}{e} {k}"
        out.append(f"{street}, {FLOORS[f]} {SIDES[sd]}" if fl else street)
    return out


@cache
def ascii_name(name: str) -> str:
    """A name as it is spelled in an e-mail address: lower case ASCII letters only."""
    folded = unicodedata.normalize("NFKD", name.lower().translate(FOLD))
    return "".join(c for c in folded if "a" <= c <= "z")


def _folded(values: np.ndarray, part: int) -> np.ndarray:
    """The first (part 0) or last (part -1) word of each name, as ascii_name spells it."""
    return np.array([ascii_name(str(v).split(" ")[part]) for v in values.tolist()], dtype=object)


def emails(
    rng: np.random.Generator,
    first: np.ndarray,
    last: np.ndarray,
    birth_year: np.ndarray,
    p: dict[str, Any],
) -> list[str]:
    """At the example domains of RFC 2606 only: anna.jensen@, annajensen42@, a.jensen@ or
    anna87@ (the birth year), from the first given name and the last surname."""
    domains = np.array(["@" + str(d) for d in p["email_domains"]], dtype=object)
    n = first.size
    kind = rng.choice(4, size=n, p=[0.4, 0.25, 0.2, 0.15])
    number = rng.integers(1, 100, n).astype(str).astype(object)
    domain = domains[rng.integers(0, domains.size, n)]
    a, b = _folded(first, 0), _folded(last, -1)
    initial = np.array([x[:1] for x in a], dtype=object)
    year = np.char.zfill((birth_year % 100).astype(str), 2).astype(object)
    variants = [a + "." + b, a + b + number, initial + "." + b, a + year]
    local = np.select([kind == k for k in range(4)], variants, "")
    return _distinct(local, domain)


def _distinct(local: np.ndarray, domain: np.ndarray) -> list[str]:
    """The addresses, a number added to the second and later holders of one (anna.jensen2@)."""
    seen: set[str] = set()
    tried: dict[str, int] = {}  # the last number tried for an address
    out = []
    for name, at in zip(local.tolist(), domain.tolist(), strict=True):
        base = name + at
        address, k = base, tried.get(base, 1)
        while address in seen:
            k += 1
            address = f"{name}{k}{at}"
        tried[base] = k
        seen.add(address)
        out.append(address)
    return out


def phones(rng: np.random.Generator, n: int) -> list[str]:
    """Eight digits, the first 2-9, written in pairs: 20 12 34 56."""
    number = rng.integers(2, 10, n) * 10_000_000 + rng.integers(0, 10_000_000, n)
    out = []
    for x in number.tolist():
        t = f"{x:08d}"
        out.append(f"{t[0:2]} {t[2:4]} {t[4:6]} {t[6:8]}")
    return out


@dataclass(frozen=True)
class People:
    """One entry per member, in the members table's order."""

    first_name: list[str]
    last_name: list[str]
    street: list[str]
    postcode: list[str | None]
    town: list[str]
    email: list[str]
    phone: list[str]


def _birth_years(days: np.ndarray) -> np.ndarray:
    return np.asarray(days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970)


def member_people(params: Params, s: Spells, geo: Geography, rng: np.random.Generator) -> People:
    """Names by gender and birth year; the address in the municipality of the latest spell."""
    p = params.section("people")
    members, latest = s.latest()
    woman = s.woman[members]
    year = _birth_years(s.birth_day[members])
    first, last = names(rng, woman, year, p)
    street = streets(rng, members.size, p)
    code, town = postcodes(geo, s.municipality[latest], rng)
    mail = emails(rng, first, last, year, p)
    return People(
        first.tolist(), last.tolist(), street, code, town, mail, phones(rng, members.size)
    )


def staff_names(
    rng: np.random.Generator, n: int, women: float, years: list[int], p: dict[str, Any]
) -> list[str]:
    """'First Last' for staff: women with chance ``women``, born in ``years`` (inclusive),
    named as members are."""
    woman = rng.random(n) < women
    year = rng.integers(int(years[0]), int(years[1]) + 1, n)
    first, last = names(rng, woman, year, p)
    return [f"{a} {b}" for a, b in zip(first.tolist(), last.tolist(), strict=True)]


@dataclass(frozen=True)
class Consultants:
    consultant_id: np.ndarray
    municipality: np.ndarray  # index into the world's municipalities
    name: list[str]


def consultants(params: Params, s: Spells, geo: Geography, rng: np.random.Generator) -> Consultants:
    """Jobcentre consultants per municipality: its spells / ``spells_per_consultant``, rounded,
    at least 2 where any spell lives; numbered in municipality order."""
    p = params.section("people")
    spells = np.bincount(s.municipality, minlength=len(geo.codes))
    count = np.where(
        spells > 0, np.maximum(2, np.round(spells / float(p["spells_per_consultant"]))), 0
    ).astype(np.int64)
    municipality = np.repeat(np.arange(len(geo.codes)), count)
    n = municipality.size
    named = staff_names(rng, n, float(p["consultant_women"]), p["consultant_birth_years"], p)
    return Consultants(np.arange(1, n + 1, dtype=np.int32), municipality, named)
