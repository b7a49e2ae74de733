"""The contact course as the rules engine sees it: deadlines planned when the spell starts
(projected), the actual transfer from the hours paid, and the trial's visitation with exit
reasons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from akasse.rules.frame import plan_frame
from akasse.rules.frame_tables import HOURS, as_table
from akasse.rules.reference import Reference, load_reference
from akasse.sim.config import Params
from akasse.sim.hours import MonthlyHours
from akasse.sim.population import Spells
from akasse.sim.trajectory import DAGPENGE, Trajectories
from akasse.sim.world import World

NEVER = np.iinfo(np.int32).max
EXIT_REASONS = ["period_used", "left_fund", "moved_out", "early_jobcentre", "trial_ended"]
WEEKS_PER_MONTH = 52 / 12


def _reference() -> Reference:
    """The bundled reference data: an administrator's trial-list override does not apply to
    simulated data (every spell's trial flag is given anyway)."""
    return load_reference(environment=False)


def _days(column: pl.Series) -> np.ndarray:
    return column.cast(pl.Int32).fill_null(NEVER).to_numpy().astype(np.int64)


def _spell_frame(world: World, s: Spells, as_of: np.ndarray | int) -> pl.DataFrame:
    codes = world.municipality_codes
    frame = pl.DataFrame(
        {
            "spell_id": np.arange(s.size, dtype=np.int64),
            "as_of": np.broadcast_to(np.asarray(as_of, dtype=np.int32), (s.size,)),
            "first_day": s.first_day.astype(np.int32),
            "insurance": np.where(s.part_time, "part_time", "full_time"),
            "fund": np.array(world.fund_codes)[s.fund],
            "municipality": np.array(codes)[s.municipality],
            "trial": s.trial,
        }
    )
    return as_table("spells", frame)


def planned_obligations(world: World, s: Spells) -> pl.DataFrame:
    """Obligations as the fund sees them on the first day: deadlines rest on a projection of
    the hours at the monthly norm (what a caseworker plans by)."""
    hours = pl.DataFrame(schema=HOURS)
    plan = plan_frame(_spell_frame(world, s, s.first_day), hours, reference=_reference())
    return plan.obligations.select("spell_id", "kind", "number", "owner", "due_by").with_columns(
        pl.col("due_by").cast(pl.Int32)
    )


def actual_transfer(
    world: World, s: Spells, hours: MonthlyHours, as_of: int
) -> tuple[np.ndarray, list[str]]:
    """The day responsibility passed to the jobcentre by the hours actually paid (NEVER when the
    threshold was not passed by ``as_of`` or the regime has no transfer), and the regime."""
    frame = pl.DataFrame(
        {
            "spell_id": hours.spell.astype(np.int64),
            "month": (hours.month.astype("datetime64[M]").astype("datetime64[D]")),
            "hours": hours.hundredths / 100.0,
        }
    )
    result = plan_frame(
        _spell_frame(world, s, as_of), as_table("hours", frame), reference=_reference()
    )
    plan = result.spells.sort("spell_id")
    transfer = _days(plan["transfer_date"])
    projected = plan["projected"].fill_null(False).to_numpy()
    regime = plan["regime"].cast(pl.String).to_list()
    return np.where(projected | (transfer > as_of), NEVER, transfer), regime


@dataclass(frozen=True)
class Visitations:
    """Trial participants only: spell index, referral day, exit day and reason code."""

    spell: np.ndarray
    referred: np.ndarray
    exit_day: np.ndarray
    reason: np.ndarray  # index into EXIT_REASONS


def _final_segment(traj: Trajectories, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Start week and status of each spell's last segment."""
    last = np.flatnonzero(np.concatenate([traj.spell[1:] != traj.spell[:-1], [True]]))
    start = np.zeros(n, np.int64)
    status = np.zeros(n, np.int8)
    start[traj.spell[last]] = traj.start[last]
    status[traj.spell[last]] = traj.status[last]
    return start, status


def visitations(
    params: Params,
    world: World,
    s: Spells,
    traj: Trajectories,
    transfer: np.ndarray,
    rng: np.random.Generator,
) -> Visitations:
    """Exit is the first of: the transfer (period used), leaving the fund (only after the last
    dagpenge period, faster in work), moving out of the fund's trial municipalities, an early
    referral to the jobcentre, and the end of the trial."""
    v = params.section("visitation")
    funds = params.section("funds")
    idx = np.flatnonzero(s.trial)
    n = idx.size
    first = s.first_day[idx].astype(np.int64)
    trial_end = params.day("trial_end")
    final_start, final_status = _final_segment(traj, s.size)
    leave_rate = np.array([float(funds[f]["leave_fund"]) for f in world.fund_codes])[s.fund[idx]]
    factor = np.where(final_status[idx] == DAGPENGE, 0.0, 1.0)
    factor = factor * np.where(final_status[idx] == 1, float(v["employed_leave_factor"]), 1.0)
    months = rng.exponential(1.0, n) / np.maximum(leave_rate * factor, 1e-12)
    left = first + 7 * final_start[idx] + (months * WEEKS_PER_MONTH * 7).astype(np.int64)
    left = np.where(factor > 0, left, NEVER)
    pops = world.municipalities["population"].to_numpy().astype(float)
    covered = (world.trial_matrix * pops).sum(axis=1) / pops.sum()
    move_rate = float(v["moved_out_monthly"]) * (1.0 - covered[s.fund[idx]]) + 1e-4
    moved = first + (rng.exponential(1.0, n) / move_rate * WEEKS_PER_MONTH * 7).astype(np.int64)
    early_p = float(v["early_jobcentre"]) * s.risk[idx] / s.risk.mean()
    early = np.where(rng.random(n) < early_p, first + rng.integers(3, 15, n), NEVER)
    candidates = np.stack(
        [transfer[idx], left, moved, early, np.full(n, trial_end, dtype=np.int64)]
    )
    reason = np.argmin(candidates, axis=0).astype(np.int8)
    exit_day = np.minimum(candidates.min(axis=0), trial_end)
    return Visitations(idx.astype(np.int32), first, exit_day, reason)
