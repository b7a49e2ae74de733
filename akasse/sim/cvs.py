"""CVs on the job portal and the jobs on them (docs/simulation.md, "CVs"). One CV per member,
written around their latest spell; some members have none and some CVs are stale."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from akasse.sim.activities import Employment
from akasse.sim.config import Params
from akasse.sim.course import NEVER
from akasse.sim.employers import Employers, near, pick
from akasse.sim.occupations import Occupations, adjacent, draw_rows, set_bits
from akasse.sim.places import Geography
from akasse.sim.population import Spells

HOURS = ["full_time", "part_time", "any"]
HOURS_CODES = np.array(HOURS)


@dataclass(frozen=True)
class CVJobs:
    member: np.ndarray  # row in the members table
    occupation: np.ndarray
    employer: np.ndarray  # index into Employers (its name is written)
    start: np.ndarray
    end: np.ndarray  # NEVER for a job current when the CV was updated


@dataclass(frozen=True)
class CVs:
    """Per member (the members table's order): ``has`` a CV, and its content where it does."""

    has: np.ndarray
    updated: np.ndarray
    searchable: np.ndarray
    field: list[str | None]
    skills: np.ndarray  # (members, words) uint64 bit sets
    licence: np.ndarray
    languages: np.ndarray  # (members, 3) indices into language_codes, -1 for none
    language_codes: list[str]
    wished: np.ndarray  # (members, 3) occupation indices, -1 for none; the first is the own
    wish_text: list[str]
    hours: np.ndarray  # index into HOURS
    travel_km: np.ndarray
    jobs: CVJobs
    stale: np.ndarray


def _missing(
    p: dict[str, Any], s: Spells, latest: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """No CV with a chance averaging ``missing``, higher with the true risk and barriers:
    proportional to exp(missing_risk x (risk - mean risk)) x (1 + missing_barrier if any)."""
    risk = s.risk[latest]
    barrier = s.features["barriers"][latest].any(axis=1)
    weight = np.exp(float(p["missing_risk"]) * (risk - risk.mean()))
    weight *= 1 + float(p["missing_barrier"]) * barrier
    chance = np.clip(float(p["missing"]) * weight / weight.mean(), 0.0, 0.9)
    return np.asarray(rng.random(risk.size) < chance)


def _one_skill(occ: Occupations, occupation: np.ndarray, u: np.ndarray) -> np.ndarray:
    count = np.array([len(x) for x in occ.skills], dtype=np.int64)
    longest = max(int(count.max()), 1)
    table = np.full((occ.size, longest), -1, dtype=np.int64)
    for i, row in enumerate(occ.skills):
        table[i, : len(row)] = row
    pick_ = np.floor(u * count[occupation]).astype(np.int64)
    return np.asarray(
        np.where(count[occupation] > 0, table[occupation, np.minimum(pick_, longest - 1)], -1)
    )


def _skills(occ: Occupations, own: np.ndarray, rng: np.random.Generator, most: int) -> np.ndarray:
    """The occupation's skills plus one skill each of 0 to ``most`` adjacent occupations."""
    mask: np.ndarray = occ.skill_mask()[own]
    extra = rng.integers(0, most + 1, own.size)
    for k in range(most):
        other = adjacent(occ, own, rng, 0.6, 0.4)
        skill = _one_skill(occ, other, rng.random(own.size))
        rows = np.flatnonzero((extra > k) & (skill >= 0))
        set_bits(mask, rows, skill[rows])
    return mask


def _wishes(occ: Occupations, own: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The own occupation first, then 0-2 distinct adjacent ones."""
    first = adjacent(occ, own, rng, 0.6, 0.4)
    second = adjacent(occ, own, rng, 0.3, 0.7)
    count = rng.choice(3, size=own.size, p=[0.3, 0.45, 0.25])
    first = np.where((count >= 1) & (first != own), first, -1)
    second = np.where((count >= 2) & (second != own) & (second != first), second, -1)
    return np.stack([own, first, second], axis=1)


def _lower(title: str) -> str:
    """A title inside a sentence: lower case first letter, unless it is an abbreviation."""
    return title if title[:2].isupper() else title[:1].lower() + title[1:]


def _area(town: str) -> str:
    """A town without its postal district (København S -> København)."""
    head, _, last = town.rpartition(" ")
    return head if head and last.isupper() and len(last) <= 2 else town


def _texts(
    occ: Occupations, wished: np.ndarray, hours: np.ndarray, town: list[str], u: np.ndarray
) -> list[str]:
    """The CV's wish in the member's words: "Jeg søger job som social- og sundhedshjælper ..."
    (part-time, a second wish, ready to start, an area, or the title alone)."""
    lower = np.array([_lower(x) for x in occ.title], dtype=object)
    first = lower[wished[:, 0]]
    other = np.where(wished[:, 1] >= 0, wished[:, 1], wished[:, 2])
    areas = {x: _area(x) for x in set(town)}
    area = np.array([areas[x] for x in town], dtype=object)
    kind = np.select(
        [HOURS_CODES[hours] == "part_time", (other >= 0) & (u < 0.5), u < 0.75, u < 0.9],
        [0, 1, 2, 3],
        4,
    )
    endings = [
        np.full(kind.size, " på deltid.", dtype=object),
        " eller som " + lower[np.maximum(other, 0)] + ".",
        np.full(kind.size, " og kan starte med det samme.", dtype=object),
        ", gerne i " + area + "-området.",
        np.full(kind.size, ".", dtype=object),
    ]
    ending = np.select([kind == k for k in range(len(endings))], endings, "")
    return list("Jeg søger job som " + first + ending)


def language_codes(p: dict[str, Any]) -> list[str]:
    """da, en, then the other languages of ``other_languages`` in order (the codes CVs use)."""
    codes = ["da", "en"]
    for group in p["other_languages"].values():
        codes += [str(c) for c in group["languages"] if str(c) not in codes]
    return codes


def _languages(
    p: dict[str, Any], education: np.ndarray, origin: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """(members, 3) indices into ``language_codes`` (-1 for none): Danish always; English by
    education; for members of foreign origin often one more."""
    n = education.size
    codes = language_codes(p)
    out = np.full((n, 3), -1, dtype=np.int64)
    out[:, 0] = 0
    out[:, 1] = np.where(rng.random(n) < np.array(p["english_by_education"])[education], 1, -1)
    for k, group in ((1, "western"), (2, "non_western")):
        g = p["other_languages"][group]
        rows = np.flatnonzero((origin == k) & (rng.random(n) < float(g["share"])))
        w = np.array(g["weights"], dtype=float)
        chosen = rng.choice(len(w), size=rows.size, p=w / w.sum())
        index = np.array([codes.index(str(c)) for c in g["languages"]], dtype=np.int64)
        out[rows, 2] = index[chosen]
    out[(out[:, 2] == 0) | (out[:, 2] == out[:, 1]), 2] = -1  # a language once
    return out


def _before_jobs(work: Employment, n: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last day of the job each spell follows."""
    before = work.kind == 0
    start = np.full(n, NEVER, dtype=np.int64)
    end = np.full(n, NEVER, dtype=np.int64)
    start[work.spell[before]] = work.start[before]
    end[work.spell[before]] = work.end[before]
    return start, end


def _jobs(
    p: dict[str, Any],
    s: Spells,
    occ: Occupations,
    own: np.ndarray,
    emp: Employers,
    geo: Geography,
    work: Employment,
    latest: np.ndarray,
    updated: np.ndarray,
    affinity: np.ndarray,
    rng: np.random.Generator,
) -> CVJobs:
    """The job the latest spell follows (its employer in the spell's municipality and
    industry), then up to ``earlier_jobs`` earlier ones back in time within the member's work
    experience, each the same occupation (chance ``same_occupation``) or an adjacent one, at an
    employer of an industry where that occupation works, in the member's region. Jobs
    begun after the CV's update are left out; one ended after it is current (no end)."""
    n = latest.size
    public = float(p["public_share"])
    municipality = s.municipality[latest].astype(np.int64)
    start, end = _before_jobs(work, s.size)
    rows = [np.arange(n)]
    occupation = [own]
    employer = [
        pick(emp, geo, municipality, s.features["industry"][latest].astype(np.int64), public, rng)
    ]
    starts, ends = [start[latest]], [end[latest]]
    experience = s.features["work_experience_years"][latest] * 365.25
    earliest = (s.first_day[latest] - experience).astype(np.int64)
    count = rng.integers(0, int(p["earlier_jobs"]) + 1, n)
    alive = np.ones(n, np.bool_)
    previous = start[latest]
    for k in range(1, int(p["earlier_jobs"]) + 1):
        stop = previous - 1 - rng.integers(0, 121, n)
        begin = np.maximum(stop - (rng.gamma(2.0, 450.0, n) + 60).astype(np.int64), earliest)
        alive &= (count >= k) & (stop - 30 > earliest)
        same = rng.random(n) < float(p["same_occupation"])
        other = adjacent(occ, own, rng, 0.6, 0.4)
        job = np.where(same, own, other)
        industry = draw_rows(affinity, job, rng)
        nearby = near(emp, geo, municipality, industry, 0.6, public, rng)
        rows.append(np.flatnonzero(alive))
        occupation.append(job[alive])
        employer.append(nearby[alive])
        starts.append(begin[alive])
        ends.append(stop[alive])
        previous = begin
    member = np.concatenate(rows)
    first = np.concatenate(starts)
    last = np.concatenate(ends)
    keep = first <= updated[member]
    last = np.where(last > updated[member], NEVER, last)
    order = np.lexsort((-first[keep], member[keep]))
    return CVJobs(
        member=member[keep][order],
        occupation=np.concatenate(occupation)[keep][order],
        employer=np.concatenate(employer)[keep][order],
        start=first[keep][order],
        end=last[keep][order],
    )


def _of(jobs: CVJobs, has: np.ndarray) -> CVJobs:
    """The jobs of the members who have a CV."""
    keep = has[jobs.member]
    return CVJobs(*(getattr(jobs, f.name)[keep] for f in fields(jobs)))


def _hours(p: dict[str, Any], part_time: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Hours wished, by insurance: ``hours_wished.part_time`` or ``.full_time`` weights."""
    out = np.zeros(part_time.size, dtype=np.int8)
    for insured, rows in (("part_time", part_time), ("full_time", ~part_time)):
        w = np.array([float(p["hours_wished"][insured].get(h, 0.0)) for h in HOURS])
        idx = np.flatnonzero(rows)
        out[idx] = rng.choice(len(HOURS), size=idx.size, p=w / w.sum())
    return out


def build_cvs(
    params: Params,
    s: Spells,
    occ: Occupations,
    true_occupation: np.ndarray,
    emp: Employers,
    geo: Geography,
    work: Employment,
    town: list[str],
    affinity: np.ndarray,
    rng: np.random.Generator,
) -> CVs:
    """Each member's CV around their latest spell: missing for some, stale (updated
    ``stale_days`` before the first day) for ``stale`` of the rest, else updated
    ``fresh_days`` after the first day (never after the data's end)."""
    p = {**params.section("cvs"), "public_share": params.section("openings")["public_share"]}
    members, latest = s.latest()
    n = members.size
    has = ~_missing(p, s, latest, rng)
    first = s.first_day[latest].astype(np.int64)
    stale = has & (rng.random(n) < float(p["stale"]))
    lo, hi = (int(x) for x in p["stale_days"])
    f_lo, f_hi = (int(x) for x in p["fresh_days"])
    updated = np.where(
        stale, first - rng.integers(lo, hi + 1, n), first + rng.integers(f_lo, f_hi + 1, n)
    )
    updated = np.minimum(updated, params.day("as_of"))
    own = true_occupation[latest]
    education = s.education[members]
    field = [occ.field[o] if e >= 2 else None for o, e in zip(own.tolist(), education, strict=True)]
    age = s.age[latest]
    licence_rate = np.where(age < 25, float(p["licence_under_25"]), float(p["licence"]))
    hours = _hours(p, s.part_time[latest], rng)
    wished = _wishes(occ, own, rng)
    km = np.round(rng.normal(float(p["travel_km_mean"]), float(p["travel_km_sd"]), n) / 5) * 5
    lo_km, hi_km = (int(x) for x in p["travel_km_range"])
    return CVs(
        has=has,
        updated=updated,
        searchable=rng.random(n) < float(p["searchable"]),
        field=field,
        skills=_skills(occ, own, rng, int(p["adjacent_skills"])),
        licence=rng.random(n) < licence_rate,
        languages=_languages(p, education, s.origin[members], rng),
        language_codes=language_codes(p),
        wished=wished,
        wish_text=_texts(occ, wished, hours, town, rng.random(n)),
        hours=hours,
        travel_km=np.clip(km, lo_km, hi_km).astype(np.int16),
        jobs=_of(_jobs(p, s, occ, own, emp, geo, work, latest, updated, affinity, rng), has),
        stale=stale,
    )
