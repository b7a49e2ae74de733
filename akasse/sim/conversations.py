"""Conversations: planned against the rules engine's deadlines, booked with the member's
caseworker, who holds 3-7 a day on conversation days, so busy weeks make some late.

Order of events for each planned conversation: it moves to the member's next day back on
dagpenge if they are not on dagpenge that day (dropped if they never return); the fund may
cancel it; the caseworker's queue decides the day it is held; a member may not show up, and is
then booked again a week or so later.
"""

from __future__ import annotations

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


def _plan(
    params: Params,
    fund_codes: list[str],
    s: Spells,
    obligations: pl.DataFrame,
    rng: np.random.Generator,
) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(spell, kinds table, kind index, owner, target day) of every planned conversation."""
    n = s.size
    first = s.first_day.astype(np.int64)
    funds = params.section("funds")
    # The fund's habit of merging CV with the first job conversation, and availability with
    # the second (seed 000: "Langt de fleste a-kasser ... kobler").
    fund_merge = np.array([float(funds[f]["merge"]) for f in fund_codes])[s.fund]
    rows: list[tuple[np.ndarray, str, int, np.ndarray]] = []

    def at(share_lo: float, share_hi: float, due: np.ndarray) -> np.ndarray:
        span = np.clip(due - first, 1, 400)
        return first + (span * rng.uniform(share_lo, share_hi, n)).astype(np.int64)

    cv_due = _due(obligations, n, "cv", 1)
    cv_day = np.minimum(first + rng.integers(2, 13, n), cv_due)
    trial = s.trial
    transfer = _due(obligations, n, "job", 1)
    merged_cv = rng.random(n) < fund_merge
    merged_av = rng.random(n) < fund_merge
    rows += [
        (trial & merged_cv, "cv+job", 0, cv_day),
        (trial & ~merged_cv, "cv", 0, cv_day),
        (trial & ~merged_cv, "job", 0, at(0.3, 0.45, transfer)),
        (trial & merged_av, "availability+job", 0, at(0.5, 0.7, transfer)),
        (trial & ~merged_av, "job", 0, at(0.5, 0.65, transfer)),
        (trial & ~merged_av, "availability", 0, at(0.65, 0.8, transfer)),
        (trial, "joint", 0, at(0.7, 0.9, transfer)),
    ]
    normal = ~trial
    av1, av2 = _due(obligations, n, "availability", 1), _due(obligations, n, "availability", 2)
    job1, job2 = _due(obligations, n, "job", 1), _due(obligations, n, "job", 2)
    joint1, joint2 = _due(obligations, n, "joint", 1), _due(obligations, n, "joint", 2)
    rows += [
        (normal, "cv", 0, cv_day),
        (normal, "availability", 0, at(0.6, 0.95, av1)),
        (normal, "availability", 0, at(0.75, 0.97, av2)),
        (normal, "job", 1, at(0.2, 0.6, job1)),
        (normal, "job", 1, at(0.6, 0.95, job2)),
        (normal, "joint", 1, at(0.6, 0.95, joint1)),
        (normal, "joint", 1, at(0.8, 0.97, joint2)),
    ]
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
    spell, kinds, kind, owner, target = _plan(params, world.fund_codes, s, obligations, rng)
    target = _back_on_dagpenge(s, traj, spell, target)
    # The fund's part of a trial course ends at the exit from the trial.
    exit_day = np.full(s.size, NEVER, dtype=np.int64)
    exit_day[visits.spell] = visits.exit_day
    as_of = params.day("as_of")
    keep = (target < exit_day[spell]) & (target <= as_of)
    spell, kind, owner, target = spell[keep], kind[keep], owner[keep], target[keep]
    n = spell.size
    # The member's caseworker: one of their branch's, the same for the whole spell.
    cw_table = world.caseworkers
    branch_of_cw = cw_table["branch_id"].to_numpy()
    order = np.argsort(branch_of_cw, kind="stable")
    first_cw = np.searchsorted(branch_of_cw[order], s.branch_id, side="left")
    count = np.searchsorted(branch_of_cw[order], s.branch_id, side="right") - first_cw
    pick = first_cw + (rng.random(s.size) * np.maximum(count, 1)).astype(np.int64)
    member_cw = order[np.minimum(pick, order.size - 1)]
    cw = member_cw[spell]
    days = working_days(params.day("first_day"), as_of)
    akasse = owner == 0
    # Jobcentre conversations: no capacity model, held on a working day soon after the target.
    held = np.where(akasse, NEVER, _working_day(days, target + rng.integers(0, 10, n)))
    held[akasse] = queue(
        cw_table["capacity_per_day"].to_numpy().astype(np.int64),
        cw_table["conversation_days_per_week"].to_numpy(),
        cw[akasse],
        target[akasse],
        days,
        rng,
    )
    status = np.zeros(n, np.int8)
    cancelled = rng.random(n) > float(c["hold_rate"])
    gone = (held >= exit_day[spell]) | (held > as_of)
    gone |= _back_on_dagpenge(s, traj, spell, np.minimum(held, as_of)) != held
    status[cancelled | gone] = STATUSES.index("cancelled")
    no_show = (status == 0) & (rng.random(n) < float(c["no_show"]))
    status[no_show] = STATUSES.index("no_show")
    lo, hi = (int(x) for x in c["rebook_days"])
    again = _working_day(days, held[no_show] + rng.integers(lo, hi + 1, int(no_show.sum())))
    ok = (again < exit_day[spell[no_show]]) & (again <= as_of)
    ok &= _back_on_dagpenge(s, traj, spell[no_show], again) == again
    planned = np.concatenate([target, again])
    held_all = np.concatenate([held, again])
    status_all = np.concatenate([status, np.where(ok, 0, STATUSES.index("cancelled"))])
    spell_all = np.concatenate([spell, spell[no_show]])
    first = s.first_day[spell_all].astype(np.int64)
    booked = np.maximum(first, planned - rng.integers(7, 22, planned.size))
    booked = np.minimum(booked, planned)
    held_all = np.where(status_all == 0, held_all, NEVER)
    channel_day = np.where(held_all == NEVER, planned, held_all)
    result = Conversations(
        spell=spell_all.astype(np.int32),
        kinds=kinds,
        kind=np.concatenate([kind, kind[no_show]]),
        owner=np.concatenate([owner, owner[no_show]]),
        booked=booked,
        planned=planned,
        held=held_all,
        status=status_all.astype(np.int8),
        channel=_channel(channel_day, params, rng),
        caseworker=np.where(
            np.concatenate([akasse, akasse[no_show]]),
            cw_table["caseworker_id"].to_numpy()[np.concatenate([cw, cw[no_show]])],
            0,
        ).astype(np.int32),
    )
    order = np.lexsort((result.planned, result.spell))
    for name in (
        "spell",
        "kind",
        "owner",
        "booked",
        "planned",
        "held",
        "status",
        "channel",
        "caseworker",
    ):
        setattr(result, name, getattr(result, name)[order])
    return result
