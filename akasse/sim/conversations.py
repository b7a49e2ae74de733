"""Conversations: planned against the rules engine's deadlines, booked with the member's
caseworker, who holds 3-7 a day on conversation days, so busy weeks make some late.

Order of events for each planned conversation: it moves to the member's next day back on
dagpenge if they are not on dagpenge that day (dropped if they never return); the fund may
cancel it; the caseworker's queue decides the day it is held; a member may not show up, and is
then booked again a week or so later.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from akasse.rules.law import load_law
from akasse.sim.calendar import working_days
from akasse.sim.config import Params
from akasse.sim.config import day as sim_day
from akasse.sim.course import NEVER, Visitations
from akasse.sim.population import Spells
from akasse.sim.trajectory import DAGPENGE, Trajectories
from akasse.sim.world import World

STATUSES = ["held", "no_show", "cancelled"]
CHANNELS = ["in_person", "phone", "video"]
OWNERS = ["akasse", "jobcenter"]


@dataclass
class Conversations:
    spell: np.ndarray
    kinds: list[str]  # the distinct kind combinations, e.g. "cv+job"
    kind: np.ndarray  # index into ``kinds``
    owner: np.ndarray  # index into OWNERS
    booked: np.ndarray
    planned: np.ndarray
    held: np.ndarray  # NEVER when not held
    status: np.ndarray  # index into STATUSES
    channel: np.ndarray  # index into CHANNELS
    caseworker: np.ndarray  # 0 for jobcentre conversations


def _due(obligations: pl.DataFrame, n: int, kind: str, number: int) -> np.ndarray:
    rows = obligations.filter((pl.col("kind") == kind) & (pl.col("number") == number))
    out = np.full(n, NEVER, dtype=np.int64)
    ids = rows["spell_id"].to_numpy()
    out[ids] = rows["due_by"].fill_null(NEVER).to_numpy()
    return out


Rows = list[tuple[np.ndarray, str, int, np.ndarray]]  # (which spells, kinds, owner, target)


class _Targets:
    """Target days as a uniform share of the way from the first day to a deadline."""

    def __init__(self, s: Spells, rng: np.random.Generator) -> None:
        self.first = s.first_day.astype(np.int64)
        self.rng = rng

    def at(self, share_lo: float, share_hi: float, due: np.ndarray) -> np.ndarray:
        span = np.clip(due - self.first, 1, 400)
        share = self.rng.uniform(share_lo, share_hi, self.first.size)
        return np.asarray(self.first + (span * share).astype(np.int64))


def _trial_rows(
    trial: np.ndarray, merge: np.ndarray, cv_day: np.ndarray, transfer: np.ndarray, t: _Targets
) -> Rows:
    """The fund's trial conversations, merged by the fund's habit (CV with the first job
    conversation, availability with the second; seed 000: "Langt de fleste a-kasser ... kobler")."""
    merged_cv = t.rng.random(trial.size) < merge
    merged_av = t.rng.random(trial.size) < merge
    return [
        (trial & merged_cv, "cv+job", 0, cv_day),
        (trial & ~merged_cv, "cv", 0, cv_day),
        (trial & ~merged_cv, "job", 0, t.at(0.3, 0.45, transfer)),
        (trial & merged_av, "availability+job", 0, t.at(0.5, 0.7, transfer)),
        (trial & ~merged_av, "job", 0, t.at(0.5, 0.65, transfer)),
        (trial & ~merged_av, "availability", 0, t.at(0.65, 0.8, transfer)),
        (trial, "joint", 0, t.at(0.7, 0.9, transfer)),
    ]


def _normal_rows(
    normal: np.ndarray, cv_day: np.ndarray, due: Callable[[str, int], np.ndarray], t: _Targets
) -> Rows:
    """The normal course: the fund's CV and availability conversations, the jobcentre's job
    and joint conversations, each before its deadline."""
    return [
        (normal, "cv", 0, cv_day),
        (normal, "availability", 0, t.at(0.6, 0.95, due("availability", 1))),
        (normal, "availability", 0, t.at(0.75, 0.97, due("availability", 2))),
        (normal, "job", 1, t.at(0.2, 0.6, due("job", 1))),
        (normal, "job", 1, t.at(0.6, 0.95, due("job", 2))),
        (normal, "joint", 1, t.at(0.6, 0.95, due("joint", 1))),
        (normal, "joint", 1, t.at(0.8, 0.97, due("joint", 2))),
    ]


def _plan(
    params: Params,
    fund_codes: list[str],
    s: Spells,
    obligations: pl.DataFrame,
    rng: np.random.Generator,
) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(spell, kinds table, kind index, owner, target day) of every planned conversation."""
    n = s.size

    def due(kind: str, number: int) -> np.ndarray:
        return _due(obligations, n, kind, number)

    targets = _Targets(s, rng)
    cv_lo, cv_hi = (int(x) for x in params.section("conversations")["cv_days"])
    cv_day = np.minimum(targets.first + rng.integers(cv_lo, cv_hi + 1, n), due("cv", 1))
    funds = params.section("funds")
    merge = np.array([float(funds[f]["merge"]) for f in fund_codes])[s.fund]
    rows = _trial_rows(s.trial, merge, cv_day, due("job", 1), targets)
    rows += _normal_rows(~s.trial, cv_day, due, targets)
    kinds = sorted({k for _, k, _, _ in rows})
    spell = np.concatenate([np.flatnonzero(m) for m, _, _, _ in rows])
    kind = np.concatenate([np.full(int(m.sum()), kinds.index(k)) for m, k, _, _ in rows])
    owner = np.concatenate([np.full(int(m.sum()), o) for m, _, o, _ in rows])
    target = np.concatenate([d[m] for m, _, _, d in rows])
    return spell, kinds, kind.astype(np.int8), owner.astype(np.int8), target


def _back_on_dagpenge(
    s: Spells, traj: Trajectories, spell: np.ndarray, day: np.ndarray
) -> np.ndarray:
    """``day`` if the member is on dagpenge then, else the first day of their next dagpenge
    period; NEVER if there is none."""
    first = s.first_day[spell].astype(np.int64)
    week = (day - first) // 7
    key = traj.spell.astype(np.int64) * (traj.weeks + 1) + traj.start
    at = np.searchsorted(key, spell * (traj.weeks + 1) + np.clip(week, 0, traj.weeks - 1), "right")
    at = at - 1
    on = traj.status[at] == DAGPENGE
    nxt = np.minimum(at + 1, traj.spell.size - 1)
    later = (traj.spell[nxt] == spell) & (traj.status[nxt] == DAGPENGE) & (nxt != at)
    moved = first + 7 * traj.start[nxt].astype(np.int64)
    beyond = week >= traj.weeks
    return np.where(on & ~beyond, day, np.where(later & ~beyond, moved, NEVER))


def queue(
    capacity: np.ndarray,
    days_per_week: np.ndarray,
    cw: np.ndarray,
    target: np.ndarray,
    days: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Held day of each conversation when every caseworker (index ``cw``) serves their
    bookings in order of target day, at most ``capacity`` on each conversation day; a working
    day (``days``) is a conversation day with probability ``days_per_week`` / 5. NEVER when
    the queue runs past the last day."""
    k = capacity.size
    share = days_per_week / 5.0
    slot = np.searchsorted(days, target)  # first working day on or after the target
    inside = slot < days.size
    order = np.lexsort((target, cw))
    arrivals = np.zeros((k, days.size + 1), dtype=np.int32)
    np.add.at(arrivals, (cw[inside], slot[inside]), 1)
    arrived = np.cumsum(arrivals[:, :-1], axis=1)
    served = np.zeros((k, days.size), dtype=np.int64)
    done = np.zeros(k, dtype=np.int64)
    for d in range(days.size):
        today = np.where(rng.random(k) < share, capacity, 0)
        done = np.minimum(done + today, arrived[:, d])
        served[:, d] = done
    # Rank of each conversation within its caseworker's queue (by target day).
    sorted_cw = cw[order]
    starts = np.searchsorted(sorted_cw, np.arange(k))
    rank = np.empty(cw.size, dtype=np.int64)
    rank[order] = np.arange(cw.size) - starts[sorted_cw]
    offset = np.arange(k, dtype=np.int64)[:, None] * (cw.size + 1)
    flat = (served + offset).ravel()
    pos = np.searchsorted(flat, cw * (cw.size + 1) + rank, side="right")
    day_index = pos - cw * days.size
    held = np.where(day_index < days.size, days[np.minimum(day_index, days.size - 1)], NEVER)
    return np.where(inside, held, NEVER)


def _channel(day: np.ndarray, params: Params, rng: np.random.Generator) -> np.ndarray:
    """Phone and video are common while they count (covid windows), rare otherwise."""
    c = params.section("conversations")
    remote = np.zeros(day.shape, np.bool_)
    for lo, hi in load_law().remote_windows:
        remote |= (day >= sim_day(lo)) & (day <= sim_day(hi))
    inside = np.array([float(c["remote_in_window"][x]) for x in CHANNELS])
    outside = np.array([float(c["remote_outside"][x]) for x in CHANNELS])
    u = rng.random(day.size)
    pick_in = np.searchsorted(np.cumsum(inside / inside.sum()), u, side="right")
    pick_out = np.searchsorted(np.cumsum(outside / outside.sum()), u, side="right")
    return np.minimum(np.where(remote, pick_in, pick_out), 2).astype(np.int8)


def _working_day(days: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The first working day on or after ``day`` (NEVER after the last one)."""
    at = np.searchsorted(days, day)
    return np.where(at < days.size, days[np.minimum(at, days.size - 1)], NEVER)


def _caseworker_of(world: World, s: Spells, rng: np.random.Generator) -> np.ndarray:
    """Each spell's caseworker (row in the caseworker table): one of their branch's, the same
    for the whole spell."""
    branch_of_cw = world.caseworkers["branch_id"].to_numpy()
    order = np.argsort(branch_of_cw, kind="stable")
    first = np.searchsorted(branch_of_cw[order], s.branch_id, side="left")
    count = np.searchsorted(branch_of_cw[order], s.branch_id, side="right") - first
    pick = first + (rng.random(s.size) * np.maximum(count, 1)).astype(np.int64)
    return np.asarray(order[np.minimum(pick, order.size - 1)])


def _appointments(
    world: World,
    cw: np.ndarray,
    akasse: np.ndarray,
    target: np.ndarray,
    days: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """The booked day: the fund's conversations through the caseworker's queue; jobcentre
    conversations (no capacity model) on a working day soon after the target."""
    table = world.caseworkers
    day = _working_day(days, target + rng.integers(0, 10, target.size))
    day[akasse] = queue(
        table["capacity_per_day"].to_numpy().astype(np.int64),
        table["conversation_days_per_week"].to_numpy(),
        cw[akasse],
        target[akasse],
        days,
        rng,
    )
    return day


def _usable(
    s: Spells, traj: Trajectories, spell: np.ndarray, day: np.ndarray, until: np.ndarray
) -> np.ndarray:
    """The member is still the fund's (before ``until``) and on dagpenge on ``day``."""
    return np.asarray((day < until[spell]) & (_back_on_dagpenge(s, traj, spell, day) == day))


def simulate_conversations(
    params: Params,
    world: World,
    s: Spells,
    traj: Trajectories,
    obligations: pl.DataFrame,
    visits: Visitations,
    rng: np.random.Generator,
) -> Conversations:
    c = params.section("conversations")
    as_of = params.day("as_of")
    spell, kinds, kind, owner, target = _plan(params, world.fund_codes, s, obligations, rng)
    target = _back_on_dagpenge(s, traj, spell, target)
    # The fund's part of a trial course ends at the exit from the trial; nothing after as_of.
    until = np.full(s.size, as_of + 1, dtype=np.int64)
    until[visits.spell] = np.minimum(visits.exit_day, as_of + 1)
    keep = target < until[spell]
    spell, kind, owner, target = spell[keep], kind[keep], owner[keep], target[keep]
    cw = _caseworker_of(world, s, rng)[spell]
    days = working_days(params.day("first_day"), as_of)
    day = _appointments(world, cw, owner == 0, target, days, rng)
    booked = day <= as_of
    spell, kind, owner, cw, day = (
        spell[booked],
        kind[booked],
        owner[booked],
        cw[booked],
        day[booked],
    )
    status = np.zeros(spell.size, np.int8)
    cancelled = rng.random(spell.size) > float(c["hold_rate"])
    status[cancelled | ~_usable(s, traj, spell, day, until)] = STATUSES.index("cancelled")
    no_show = (status == 0) & (rng.random(spell.size) < float(c["no_show"]))
    status[no_show] = STATUSES.index("no_show")
    # A member who did not show up is booked again that day, for a day a week or so later.
    lo, hi = (int(x) for x in c["rebook_days"])
    again = _working_day(days, day[no_show] + rng.integers(lo, hi + 1, int(no_show.sum())))
    ok = _usable(s, traj, spell[no_show], again, until)
    rows = np.concatenate([np.arange(spell.size), np.flatnonzero(no_show)[ok]])
    planned = np.concatenate([day, again[ok]])
    first = s.first_day[spell[rows]].astype(np.int64)
    ahead = np.maximum(first, planned - rng.integers(7, 22, planned.size))
    booked_on = np.concatenate([ahead[: spell.size], day[no_show][ok]])
    status_all = np.concatenate([status, np.zeros(int(ok.sum()), np.int8)])
    held = np.where(status_all == 0, planned, NEVER)
    order = np.lexsort((planned, spell[rows]))
    akasse_cw = world.caseworkers["caseworker_id"].to_numpy()[cw[rows]]
    return Conversations(
        spell=spell[rows][order].astype(np.int32),
        kinds=kinds,
        kind=kind[rows][order],
        owner=owner[rows][order],
        booked=booked_on[order],
        planned=planned[order],
        held=held[order],
        status=status_all[order],
        channel=_channel(planned, params, rng)[order],
        caseworker=np.where(owner[rows] == 0, akasse_cw, 0)[order].astype(np.int32),
    )
