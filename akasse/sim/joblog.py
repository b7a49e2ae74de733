"""The joblog: the applications members record week by week on dagpenge (docs/simulation.md,
"Joblog"), generated in chunks of spells so the table never sits in memory whole."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from akasse.sim.config import Params
from akasse.sim.employers import Employers, near
from akasse.sim.occupations import Occupations, adjacent, draw_rows
from akasse.sim.openings import Openings
from akasse.sim.places import Geography
from akasse.sim.population import Spells
from akasse.sim.presenting import Jobs
from akasse.sim.trajectory import DAGPENGE, Trajectories

CHANNELS = ["portal", "email", "unsolicited", "in_person", "phone"]
NO_OPENING = -1


@dataclass(frozen=True)
class Entries:
    spell: np.ndarray
    day: np.ndarray
    employer: np.ndarray  # index into Employers
    occupation: np.ndarray  # index into Occupations (the title)
    channel: np.ndarray  # index into CHANNELS
    opening: np.ndarray  # index into the openings, NO_OPENING if none


@dataclass(frozen=True)
class Inputs:
    params: Params
    s: Spells
    occ: Occupations
    true_occupation: np.ndarray
    emp: Employers
    geo: Geography
    affinity: np.ndarray
    as_of: int


def _weeks(
    first: np.ndarray, traj: Trajectories, a: int, b: int, as_of: int
) -> tuple[np.ndarray, np.ndarray]:
    """(spell, first day) of every dagpenge week begun by ``as_of`` of segments a..b-1."""
    spell = traj.spell[a:b].astype(np.int64)
    start = traj.start[a:b].astype(np.int64)
    seen = (as_of - first[spell]) // 7 + 1
    end = np.minimum(traj.end[a:b].astype(np.int64), seen)
    length = np.where(traj.status[a:b] == DAGPENGE, np.clip(end - start, 0, None), 0)
    row = np.repeat(np.arange(spell.size), length)
    week = start[row] + np.arange(row.size) - np.repeat(np.cumsum(length) - length, length)
    return spell[row], first[spell[row]] + 7 * week


def _applications(
    x: Inputs, spell: np.ndarray, monday: np.ndarray, rng: np.random.Generator
) -> Entries:
    """A week is a gap (no entry) with chance gap_base + gap_risk x true risk + the month's
    ``holiday_gap``; a week with entries has 1 + Poisson applications, the Poisson mean being
    extra_per_week x exp(-risk_slope x (true risk - mean risk)) x the month's ``season``."""
    p = x.params.section("joblog")
    risk = x.s.risk[spell]
    month = monday.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12 + 1
    season, holiday = np.ones(13), np.zeros(13)
    for m, factor in p["season"].items():
        season[int(m)] = float(factor)
    for m, extra in p["holiday_gap"].items():
        holiday[int(m)] = float(extra)
    mean = float(p["extra_per_week"]) * np.exp(
        -float(p["risk_slope"]) * (risk - float(x.s.risk.mean()))
    )
    gap_chance = float(p["gap_base"]) + float(p["gap_risk"]) * risk + holiday[month]
    gap = rng.random(spell.size) < gap_chance
    count = np.where(gap, 0, 1 + rng.poisson(mean * season[month]))
    row = np.repeat(np.arange(spell.size), count)
    day = monday[row] + rng.integers(0, 7, row.size)
    keep = day <= x.as_of
    row, day = row[keep], day[keep]
    who = spell[row]
    own = x.true_occupation[who]
    other = adjacent(x.occ, own, rng, 0.6, 0.4)
    occupation = np.where(rng.random(who.size) < float(p["own_occupation"]), own, other)
    industry = draw_rows(x.affinity, occupation, rng)
    municipality = x.s.municipality[who].astype(np.int64)
    public = float(x.params.section("openings")["public_share"])
    employer = near(x.emp, x.geo, municipality, industry, float(p["own_municipality"]), public, rng)
    w = np.array([float(p["channels"][c]) for c in CHANNELS])
    channel = rng.choice(len(CHANNELS), size=who.size, p=w / w.sum()).astype(np.int8)
    return Entries(who, day, employer, occupation, channel, np.full(who.size, NO_OPENING))


def _answers(x: Inputs, jobs: Jobs, openings: Openings, rng: np.random.Generator) -> Entries:
    """An application for each relevant presentation, ``after_presentation_days`` later (by
    the data's end), to the opening's employer under its title: through the portal for a portal
    ad, by e-mail for a job order."""
    p = x.params.section("joblog")
    rel = np.flatnonzero(jobs.presentation_relevant)
    lo, hi = (int(v) for v in p["after_presentation_days"])
    day = jobs.presentation_day[rel] + rng.integers(lo, hi + 1, rel.size)
    keep = day <= x.as_of
    rel, day = rel[keep], day[keep]
    opening = jobs.presentation_opening[rel]
    order = np.argsort(jobs.presentation_spell[rel], kind="stable")
    channel = np.where(openings.fund[opening] < 0, 0, 1).astype(np.int8)
    return Entries(
        jobs.presentation_spell[rel][order].astype(np.int64),
        day[order],
        openings.employer[opening][order],
        openings.occupation[opening][order],
        channel[order],
        opening[order],
    )


def _slice(e: Entries, lo: int, hi: int) -> Entries:
    a, b = np.searchsorted(e.spell, [lo, hi], side="left")
    return Entries(*(getattr(e, f)[a:b] for f in Entries.__dataclass_fields__))


def _merge(a: Entries, b: Entries) -> Entries:
    both = Entries(
        *(np.concatenate([getattr(a, f), getattr(b, f)]) for f in Entries.__dataclass_fields__)
    )
    # Days lie within the period, so one integer key orders by spell, then day.
    order = np.argsort(both.spell * (1 << 20) + both.day, kind="stable")
    return Entries(*(getattr(both, f)[order] for f in Entries.__dataclass_fields__))


def joblog(
    x: Inputs,
    traj: Trajectories,
    jobs: Jobs,
    openings: Openings,
    chunk: int,
    rng: np.random.Generator,
) -> Iterator[Entries]:
    """Entries in order of spell and day, in chunks of about ``chunk`` trajectory segments
    (never splitting a spell)."""
    answers = _answers(x, jobs, openings, rng)
    first = x.s.first_day.astype(np.int64)
    n = traj.spell.size
    a = 0
    while a < n:
        b = min(n, a + chunk)
        while b < n and traj.spell[b] == traj.spell[b - 1]:
            b += 1
        spell, monday = _weeks(first, traj, a, b, x.as_of)
        lo = int(traj.spell[a])
        hi = int(traj.spell[b]) if b < n else x.s.size
        yield _merge(_applications(x, spell, monday, rng), _slice(answers, lo, hi))
        a = b
