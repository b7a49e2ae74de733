"""The two planners over the same checked input, both answering with a ``Plan``.

``Planner(...).plan(sessions, members)`` solves the CP-SAT model (``cpsat.py``);
``first_fit(sessions, members)`` is the baseline it is measured against. The same input
gives the same plan: the solver runs with a fixed seed and, by default, one worker (CP-SAT
with several workers races them and may return another of the equally good plans); only a
solve stopped by its time limit depends on the machine's speed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from . import greedy
from .cpsat import Choice, Settings, solve
from .explain import explain
from .instance import Instance, prepare
from .model import Assignment, Limits, Member, Plan, Session, SolveReport
from .timetable import Cell, bookings, lay_out


class Planner:
    """The joint-conversation session planner.

    ``time_limit``: seconds for the two solver steps together (the second gets what the first
    left, at least a tenth). ``relative_gap``: the km step stops when its km are proven within
    this share of the optimum (0: solve to optimality). ``workers``: CP-SAT's search workers
    (1 is deterministic). ``seed``: the solver's random seed."""

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        time_limit: float = 10.0,
        relative_gap: float = 0.0,
        workers: int = 1,
        seed: int = 0,
    ) -> None:
        if not time_limit > 0:
            raise ValueError(f"time_limit {time_limit}: give a number of seconds above 0")
        if not 0 <= relative_gap < 1:
            raise ValueError(f"relative_gap {relative_gap}: give a share from 0 up to 1")
        if workers < 1:
            raise ValueError(f"workers {workers}: give 1 or more")
        self.limits = limits or Limits()
        self.settings = Settings(time_limit, relative_gap, workers, seed)

    def plan(self, sessions: Sequence[Session], members: Sequence[Member]) -> Plan:
        instance = prepare(sessions, members, self.limits)
        baseline = greedy.first_fit(instance)
        choice, report = solve(instance, self.settings, baseline)
        placed = greedy.fill_in(instance, _lay_out(instance, choice))
        return _plan(instance, "cp-sat", placed, report)


def first_fit(
    sessions: Sequence[Session], members: Sequence[Member], limits: Limits | None = None
) -> Plan:
    """The baseline plan (``greedy.first_fit``), explained the same way."""
    instance = prepare(sessions, members, limits or Limits())
    return _plan(instance, "first-fit", greedy.first_fit(instance), None)


def _lay_out(instance: Instance, choice: Choice) -> greedy.Placed:
    by_session: dict[int, list[int]] = defaultdict(list)
    for m in instance.order():
        if m in choice:
            by_session[choice[m][0]].append(m)
    placed: greedy.Placed = {}
    for s, those in sorted(by_session.items()):
        two = [instance.members[m].conversations == 2 for m in those]
        singles = [m for m, t in zip(those, two, strict=True) if not t]
        doubles = [(m, choice[m][1]) for m, t in zip(those, two, strict=True) if t]
        cells: dict[int, tuple[Cell, ...]] = lay_out(instance, s, singles, doubles)
        placed.update((m, (s, c)) for m, c in cells.items())
    return placed


def _plan(
    instance: Instance, method: str, placed: greedy.Placed, report: SolveReport | None
) -> Plan:
    assignments, unplaced = [], []
    for m, member in enumerate(instance.members):
        if m in placed:
            s, cells = placed[m]
            session = instance.sessions[s]
            assignments.append(
                Assignment(
                    member.id,
                    session.id,
                    session.day,
                    bookings(instance, s, cells),
                    int(instance.km10[m, s]) / 10,
                )
            )
        else:
            unplaced.append(explain(instance, m))
    return Plan(method, tuple(assignments), tuple(unplaced), report)
