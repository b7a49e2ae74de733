"""LAB offers, the days of job presentations and placements, and employment with notice
periods."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akasse.sim.config import Params, day
from akasse.sim.course import NEVER
from akasse.sim.population import Spells
from akasse.sim.trajectory import DAGPENGE, EMPLOYED, Trajectories
from akasse.sim.world import World


def _on_dagpenge(s: Spells, traj: Trajectories, spell: np.ndarray, day: np.ndarray) -> np.ndarray:
    week = (day - s.first_day[spell].astype(np.int64)) // 7
    ok = (week >= 0) & (week < traj.weeks)
    return np.asarray(ok & (traj.status_at(spell, np.clip(week, 0, traj.weeks - 1)) == DAGPENGE))


@dataclass(frozen=True)
class Offers:
    spell: np.ndarray
    kind: np.ndarray  # index into the parameter list of types
    requested: np.ndarray
    granted: np.ndarray  # NEVER when refused
    started: np.ndarray  # NEVER when not started
    types: list[str]


def lab_offers(params: Params, s: Spells, traj: Trajectories, rng: np.random.Generator) -> Offers:
    """Members still on dagpenge after ``start_week`` weeks may ask for an offer; the jobcentre
    grants most; an offer starts only if the member is still on dagpenge then. Six-week
    job-oriented education is for members without a higher education; wage subsidy needs six
    months of unemployment. Until the covid restrictions ended (2022-02-01) few offers ran."""
    o = params.section("lab_offers")
    n = s.size
    first = s.first_day.astype(np.int64)
    week = int(o["start_week"]) + (rng.exponential(6.0, n)).astype(np.int64)
    requested = first + 7 * week + rng.integers(0, 5, n)
    restricted = requested <= day(str(o["restricted_until"]))
    rate = float(o["request_rate"]) * np.where(restricted, float(o["restricted_factor"]), 1.0)
    asks = (rng.random(n) < rate) & _on_dagpenge(s, traj, np.arange(n), requested)
    asks &= requested <= params.day("as_of")
    idx = np.flatnonzero(asks)
    types = [str(t) for t in o["types"]]
    weights = np.tile(np.array(o["weights"], dtype=float), (idx.size, 1))
    weights[s.education[idx] >= 3, types.index("job_education_6w")] = 0.0
    weights[week[idx] < 26, types.index("wage_subsidy")] = 0.0
    cum = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    kind = (rng.random(idx.size)[:, None] > cum).sum(axis=1).astype(np.int8)
    req = requested[idx]
    granted = np.where(
        rng.random(idx.size) < float(o["grant_rate"]), req + rng.integers(2, 21, idx.size), NEVER
    )
    start = granted + rng.integers(5, 26, idx.size)
    starts = (granted != NEVER) & _on_dagpenge(s, traj, idx, np.minimum(start, NEVER - 1))
    starts &= start <= params.day("as_of")
    return Offers(idx.astype(np.int32), kind, req, granted, np.where(starts, start, NEVER), types)


@dataclass(frozen=True)
class Events:
    """The days the fund presents an opening to a trial member. A placement's presentation
    has its ``placed`` day (NEVER for the others), 7-30 days after it."""

    spell: np.ndarray
    day: np.ndarray
    placed: np.ndarray

    @property
    def placement(self) -> np.ndarray:
        return np.asarray(self.placed != NEVER)


def _dagpenge_days(
    s: Spells, traj: Trajectories, until: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(spell, first day, day after the last) of each dagpenge segment of a trial spell, cut
    at the spell's ``until`` day (exclusive); empty segments are left out."""
    on = (traj.status == DAGPENGE) & s.trial[traj.spell]
    spell = traj.spell[on].astype(np.int64)
    first = s.first_day[spell].astype(np.int64)
    start = first + 7 * traj.start[on].astype(np.int64)
    stop = np.minimum(first + 7 * traj.end[on].astype(np.int64), until[spell])
    keep = stop > start
    return spell[keep], start[keep], stop[keep]


def _placements(
    params: Params,
    world: World,
    s: Spells,
    traj: Trajectories,
    until: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(spell, day, segment start) of the exits from dagpenge to work that the fund brokered:
    a share per fund of the trial participants' exits to work before they left the trial."""
    nxt = np.minimum(np.arange(1, traj.spell.size + 1), traj.spell.size - 1)
    to_work = (
        (traj.status == DAGPENGE)
        & (traj.status[nxt] == EMPLOYED)
        & (traj.spell[nxt] == traj.spell)
        & s.trial[traj.spell]
    )
    spell = traj.spell[to_work].astype(np.int64)
    first = s.first_day[spell].astype(np.int64)
    day = first + 7 * traj.end[to_work].astype(np.int64)
    start = first + 7 * traj.start[to_work].astype(np.int64)
    inside = day < until[spell]
    shares = params.section("jobs")["placement_share"]
    by_fund = np.array([float(shares.get(f, shares["default"])) for f in world.fund_codes])
    placed = inside & (rng.random(spell.size) < by_fund[s.fund[spell]])
    return spell[placed], day[placed], start[placed]


def presentation_events(
    params: Params,
    world: World,
    s: Spells,
    traj: Trajectories,
    exit_day: np.ndarray,
    rng: np.random.Generator,
) -> Events:
    """While a member is in the trial and on dagpenge, the fund presents openings; a share of
    their exits to work are placements the fund brokered, each after a presentation of the
    opening on a dagpenge day 7-30 days before (or on the period's first day). Which opening
    is shown and hired is the match model's (``akasse.sim.match``)."""
    j = params.section("jobs")
    until = np.minimum(exit_day, params.day("as_of") + 1)
    seg_spell, seg_start, seg_stop = _dagpenge_days(s, traj, until)
    count = rng.poisson((seg_stop - seg_start) / 7 * float(j["presentations_per_week"]))
    row = np.repeat(np.arange(seg_spell.size), count)
    span = seg_stop[row] - seg_start[row]
    day = seg_start[row] + (rng.random(row.size) * span).astype(np.int64)
    p_spell, p_day, p_start = _placements(params, world, s, traj, until, rng)
    lead = rng.integers(7, 31, p_spell.size)
    return Events(
        spell=np.concatenate([seg_spell[row], p_spell]).astype(np.int64),
        day=np.concatenate([day, np.maximum(p_day - lead, p_start)]),
        placed=np.concatenate([np.full(row.size, NEVER, dtype=np.int64), p_day]),
    )


@dataclass(frozen=True)
class Employment:
    spell: np.ndarray
    kind: np.ndarray  # 0 job before the spell, 1 job during or after it
    start: np.ndarray
    end: np.ndarray  # NEVER while it lasts
    notice: np.ndarray  # day notice was given, NEVER for jobs during the spell
    consent: np.ndarray
    contacted: np.ndarray  # NEVER when the fund had no contact in the notice period


def employment(
    params: Params, s: Spells, traj: Trajectories, rng: np.random.Generator
) -> Employment:
    """The job each spell follows (with its notice period and the member's consent to contact
    then) and the jobs taken during the spell (from the trajectories)."""
    e = params.section("employment")
    n = s.size
    first = s.first_day.astype(np.int64)
    before_end = first - 1
    before_start = before_end - (rng.gamma(2.0, 700.0, n)).astype(np.int64) - 30
    # A member's job before a later spell began after the earlier spell's follow-up.
    previous = np.maximum(s.previous, 0)
    after_previous = np.where(s.previous >= 0, first[previous] + 7 * traj.weeks, before_start)
    before_start = np.minimum(np.maximum(before_start, after_previous), before_end - 30)
    notice_days = np.where(rng.random(n) < float(e["notice_share"]), rng.integers(14, 120, n), 0)
    notice = np.where(notice_days > 0, before_end - notice_days, NEVER)
    consent = (notice != NEVER) & (rng.random(n) < float(e["consent"]))
    contacted = np.where(
        consent & (rng.random(n) < float(e["contacted"])),
        notice + (rng.random(n) * np.maximum(notice_days, 1)).astype(np.int64),
        NEVER,
    )
    work = traj.status == EMPLOYED
    w_spell = traj.spell[work].astype(np.int64)
    w_start = first[w_spell] + 7 * traj.start[work].astype(np.int64)
    w_end = np.where(
        traj.end[work] >= traj.weeks,
        NEVER,
        first[w_spell] + 7 * traj.end[work].astype(np.int64) - 1,
    )
    keep = w_start <= params.day("as_of")
    w_spell, w_start, w_end = w_spell[keep], w_start[keep], w_end[keep]
    w_end = np.where(w_end > params.day("as_of"), NEVER, w_end)
    m = w_spell.size
    spell = np.concatenate([np.arange(n), w_spell])
    order = np.argsort(spell, kind="stable")
    return Employment(
        spell=spell[order].astype(np.int32),
        kind=np.concatenate([np.zeros(n, np.int8), np.ones(m, np.int8)])[order],
        start=np.concatenate([before_start, w_start])[order],
        end=np.concatenate([before_end, w_end])[order],
        notice=np.concatenate([notice, np.full(m, NEVER)])[order],
        consent=np.concatenate([consent, np.zeros(m, np.bool_)])[order],
        contacted=np.concatenate([contacted, np.full(m, NEVER)])[order],
    )
