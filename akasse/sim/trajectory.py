"""What happens to each member week by week after the first day: the generating model of
dagpenge, work and other states (docs/simulation.md, "Trajectories").

A spell's weeks are split into segments of one status. Week 0 is the first day's week and is
always on dagpenge. Members drawn as long-term unemployed (the true logistic model) spend at
least 42 of the first 52 weeks on dagpenge; the others leave with a piecewise-constant weekly
hazard, scaled by their risk score and, in the trial, by the trial's hazard ratio in its first
weeks. The trial's counterfactual (the same member without the trial) uses the same random
numbers, so the true effect on the treated is known exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akasse.sim.config import Params
from akasse.sim.population import Spells, linear_predictor

DAGPENGE, EMPLOYED, OTHER = 0, 1, 2
STATUSES = ["dagpenge", "employed", "other"]
LONG_TERM_WEEKS = 52
LONG_TERM_MIN = 42  # at least 80 % of 52 weeks


@dataclass(frozen=True)
class Trajectories:
    """Segments sorted by spell and start week; ``end`` is exclusive and at most ``weeks``."""

    spell: np.ndarray
    start: np.ndarray
    end: np.ndarray
    status: np.ndarray
    weeks: int

    def status_at(self, spell: np.ndarray, week: np.ndarray) -> np.ndarray:
        """The status of each (spell, week) pair; weeks past the horizon count as the last."""
        key = self.spell.astype(np.int64) * (self.weeks + 1) + self.start
        probe = spell.astype(np.int64) * (self.weeks + 1) + np.minimum(week, self.weeks - 1)
        return np.asarray(self.status[np.searchsorted(key, probe, side="right") - 1])

    def dagpenge_weeks(self, n: int, until: int) -> np.ndarray:
        """Weeks on dagpenge among weeks 0..until-1, per spell."""
        length = np.clip(np.minimum(self.end, until) - self.start, 0, None)
        length = np.where(self.status == DAGPENGE, length, 0)
        return np.bincount(self.spell, weights=length, minlength=n).astype(np.int32)


def _cumulative(params: Params, weeks: int, ratio: float) -> np.ndarray:
    """G(w): cumulative baseline hazard of leaving by the end of week w (G(0) = 0), with the
    trial's hazard ratio applied in its weeks."""
    d = params.section("durations")
    starts = [int(w) for w in d["hazard_weeks"]]
    values = [float(h) for h in d["hazard"]]
    lo, hi = (int(w) for w in d["trial_effect"]["weeks"])
    h = np.zeros(weeks + 1)
    for w in range(1, weeks + 1):
        h[w] = values[max(i for i, s in enumerate(starts) if s <= w or i == 0)]
        if lo <= w < hi:
            h[w] *= ratio
    return np.cumsum(h)


def _durations(
    g: np.ndarray, scale: np.ndarray, u: np.ndarray, cap: int | np.ndarray
) -> np.ndarray:
    """Weeks on dagpenge until leaving, drawn by inversion with uniforms ``u`` and truncated to
    at most ``cap`` weeks."""
    cap_arr = np.broadcast_to(np.asarray(cap), scale.shape)
    top = 1.0 - np.exp(-scale * g[np.clip(cap_arr, 1, g.size - 1)])
    e = -np.log1p(-u * top)
    d = np.searchsorted(g, e / scale, side="left")
    return np.asarray(np.clip(d, 1, cap_arr), dtype=np.int32)


@dataclass(frozen=True)
class Draws:
    """The uniforms behind one population's trajectories (kept for the counterfactual)."""

    u: np.ndarray  # [n, 8]


def simulate(
    params: Params, s: Spells, rng: np.random.Generator, weeks: int
) -> tuple[Trajectories, Trajectories]:
    """The observed trajectories and the trial participants' counterfactual ones (for all other
    spells the counterfactual equals the observed)."""
    draws = Draws(rng.random((s.size, 8)))
    scale = _scale(params, s)
    ratio = float(params.section("durations")["trial_effect"]["hazard_ratio"])
    observed = _trajectories(params, s.trial, s.long_term, draws, scale, weeks, ratio)
    counterfactual = _trajectories(params, s.trial, s.long_term, draws, scale, weeks, 1.0)
    return observed, counterfactual


def _scale(params: Params, s: Spells) -> np.ndarray:
    """Each spell's hazard multiplier: exp(-risk_link x the centred true risk score)."""
    lin = linear_predictor(params, s)
    return np.asarray(np.exp(-float(params.section("durations")["risk_link"]) * (lin - lin.mean())))


def expected_effects(
    params: Params, s: Spells, rng: np.random.Generator, weeks: int, replicates: int
) -> dict[str, np.ndarray]:
    """For each trial spell (NaN elsewhere), given the member's characteristics: the expected
    weeks on dagpenge in weeks 0-25 and the chance of being employed in week 26 without the
    trial, and the trial's expected effect on both: means over ``replicates`` fresh draws
    (long-term status included) with and without the trial."""
    idx = np.flatnonzero(s.trial)
    n = idx.size
    scale = _scale(params, s)[idx]
    ratio = float(params.section("durations")["trial_effect"]["hazard_ratio"])
    trial = np.ones(n, np.bool_)
    sums = {k: np.zeros(n) for k in ("weeks", "employed", "weeks_effect", "employed_effect")}
    week26 = np.full(n, 26)
    for _ in range(replicates):
        draws = Draws(rng.random((n, 8)))
        long_term = rng.random(n) < s.risk[idx]
        with_trial = _trajectories(params, trial, long_term, draws, scale, weeks, ratio)
        without = _trajectories(params, trial, long_term, draws, scale, weeks, 1.0)
        base_weeks = without.dagpenge_weeks(n, 26)
        base_employed = without.status_at(np.arange(n), week26) == EMPLOYED
        employed = with_trial.status_at(np.arange(n), week26) == EMPLOYED
        sums["weeks"] += base_weeks
        sums["employed"] += base_employed
        sums["weeks_effect"] += with_trial.dagpenge_weeks(n, 26) - base_weeks
        sums["employed_effect"] += employed.astype(float) - base_employed
    out = {}
    for key, total in sums.items():
        out[key] = np.full(s.size, np.nan)
        out[key][idx] = total / replicates
    return out


def _trajectories(
    params: Params,
    trial: np.ndarray,
    long_term: np.ndarray,
    draws: Draws,
    scale: np.ndarray,
    weeks: int,
    ratio: float,
) -> Trajectories:
    d = params.section("durations")
    u = draws.u
    g_plain = _cumulative(params, weeks, 1.0)
    g_trial = _cumulative(params, weeks, ratio)
    short_cap = int(d["max_short_weeks"])
    first = np.where(
        trial,
        _durations(g_trial, scale, u[:, 0], short_cap),
        _durations(g_plain, scale, u[:, 0], short_cap),
    )
    to_work = u[:, 1] < float(d["to_employment"])
    after = np.where(to_work, EMPLOYED, OTHER)
    lo, hi = (int(x) for x in d["short_job_weeks"])
    olo, ohi = (int(x) for x in d["other_weeks"])
    returns = np.where(
        to_work, u[:, 2] < float(d["short_job_share"]), u[:, 2] < float(d["other_return_share"])
    )
    gap = np.where(to_work, lo + u[:, 3] * (hi - lo + 1), olo + u[:, 3] * (ohi - olo + 1))
    gap = gap.astype(np.int32)
    second_start = first + gap
    second = _durations(g_plain, scale, u[:, 4], weeks)
    # The second period may not make the member long-term unemployed: at most
    # LONG_TERM_MIN - 1 weeks on dagpenge in weeks 0..51 in all.
    allowed = np.clip(LONG_TERM_MIN - 1 - first, 0, None)
    inside = np.minimum(second, np.clip(LONG_TERM_WEEKS - second_start, 0, None))
    second = np.where(inside > allowed, allowed, second)
    second = np.where(returns, second, 0)
    short = _segments_short(first, after, second_start, second, weeks)
    long_ = _segments_long(params, u, weeks)
    keep = np.concatenate([~long_term[short[0]], long_term[long_[0]]])
    parts = [np.concatenate([a, b])[keep] for a, b in zip(short, long_, strict=True)]
    spell, start, end, status = parts
    order = np.lexsort((start, spell))
    spell, start, end, status = spell[order], start[order], end[order], status[order]
    nonempty = end > start
    return Trajectories(
        spell[nonempty].astype(np.int32),
        start[nonempty].astype(np.int16),
        end[nonempty].astype(np.int16),
        status[nonempty].astype(np.int8),
        weeks,
    )


def _segments_short(
    first: np.ndarray, after: np.ndarray, second_start: np.ndarray, second: np.ndarray, weeks: int
) -> tuple[np.ndarray, ...]:
    """Dagpenge, then work or other, then possibly a second dagpenge period and work."""
    n = first.size
    ids = np.arange(n)
    has_second = (second > 0) & (second_start < weeks)
    first = np.minimum(first, weeks)
    second_start = np.where(has_second, second_start, weeks)
    second_end = np.where(has_second, np.minimum(second_start + second, weeks), weeks)
    final = np.where(after == OTHER, EMPLOYED, after)  # a return ends in work
    spell = np.concatenate([ids, ids, ids, ids])
    start = np.concatenate([np.zeros(n, np.int32), first, second_start, second_end])
    end = np.concatenate([first, second_start, second_end, np.full(n, weeks)])
    status = np.concatenate([np.full(n, DAGPENGE), after, np.full(n, DAGPENGE), final])
    return spell, start.astype(np.int32), end.astype(np.int32), status


def _segments_long(params: Params, u: np.ndarray, weeks: int) -> tuple[np.ndarray, ...]:
    """At most ``long_term_break_max`` weeks off dagpenge within the first 52, then a tail."""
    d = params.section("durations")
    n = u.shape[0]
    ids = np.arange(n)
    has_break = u[:, 5] < float(d["long_term_break_share"])
    length = np.where(has_break, 1 + (u[:, 6] * int(d["long_term_break_max"])).astype(int), 0)
    at = 4 + (u[:, 7] * 36).astype(int)
    tail = -np.log1p(-u[:, 3]) * float(d["long_term_tail_mean_weeks"])
    stop = np.minimum(LONG_TERM_WEEKS + tail.astype(int), weeks)
    break_status = np.where(u[:, 1] < 0.6, EMPLOYED, OTHER)
    final = np.where(u[:, 1] < float(d["to_employment"]), EMPLOYED, OTHER)
    spell = np.concatenate([ids, ids, ids, ids])
    start = np.concatenate([np.zeros(n), at, at + length, stop])
    end = np.concatenate([at, at + length, stop, np.full(n, weeks)])
    status = np.concatenate([np.full(n, DAGPENGE), break_status, np.full(n, DAGPENGE), final])
    return spell, start.astype(np.int32), end.astype(np.int32), status
