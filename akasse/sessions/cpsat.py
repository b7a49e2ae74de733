"""The CP-SAT model of the session plan, solved lexicographically: first the most members
placed, then the fewest km with that many placed.

Variables: ``x[m, s]`` (boolean), member m attends session s, for the sessions m can attend
(in the window, channel accepted, near enough); ``n[s, k]`` (integer 0..pairs), how many
members with two conversations take slot pattern k of session s, a pattern being two slots
no more than the wait apart. Constraints:

- each member attends at most one session;
- a session's conversations (one or two per member) are at most pairs x min(per_pair, slots);
- the members with two conversations in session s are as many as its patterns taken, and in
  each slot those patterns take at most one conversation per pair.

Members with one conversation need no slot variable: any free cell will do, so the count
suffices, and ``timetable.lay_out`` puts them on the clock afterwards (which pair, which
slot) without breaking a limit. Counting the patterns rather than giving each member a
pattern removes the symmetry between members that are interchangeable in time.

Objective, step 1: maximise the members placed (with the first-fit plan as a hint and its
count as a floor, so the solver never places fewer). Step 2: minimise the km (tenths of km,
one way) with at least step 1's count placed, hinted with step 1's answer. This is the
weighted objective W x placed - km with W larger than any plan's km, solved in two steps so
that the gap reported is the km's own and not hidden behind W."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .greedy import Placed
from .instance import Instance
from .model import SolveReport

Choice = dict[int, tuple[int, tuple[int, int] | None]]  # member -> (session, pattern or None)


@dataclass(frozen=True)
class Settings:
    time_limit: float
    relative_gap: float
    workers: int
    seed: int


class SessionModel:
    """The model of one instance; ``solve`` runs the two steps."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.x = {
            (m, s): self.model.new_bool_var(f"x_{m}_{s}")
            for m, options in enumerate(instance.options)
            for s in options
        }
        self.n: dict[tuple[int, int], cp_model.IntVar] = {}
        for m in range(len(instance.members)):
            self.model.add_at_most_one(self.x[m, s] for s in instance.options[m])
        for s in range(len(instance.sessions)):
            self._session(s)
        self.placed = sum(self.x.values())
        self.km = sum(int(instance.km10[m, s]) * v for (m, s), v in self.x.items())

    def _session(self, s: int) -> None:
        inst = self.instance
        here = [(m, v) for (m, t), v in self.x.items() if t == s]
        if not here:
            return
        self.model.add(sum(inst.members[m].conversations * v for m, v in here) <= inst.capacity(s))
        doubles = [v for m, v in here if inst.members[m].conversations == 2]
        if not doubles:
            return
        pairs = len(inst.sessions[s].pairs)
        patterns = inst.patterns(s)
        for k in range(len(patterns)):
            self.n[s, k] = self.model.new_int_var(0, pairs, f"n_{s}_{k}")
        self.model.add(sum(doubles) == sum(self.n[s, k] for k in range(len(patterns))))
        for slot in range(inst.sessions[s].slots):
            using = [self.n[s, k] for k, p in enumerate(patterns) if slot in p]
            if using:
                self.model.add(sum(using) <= pairs)

    def solve(self, settings: Settings, first_fit: Placed) -> tuple[Choice, SolveReport]:
        self.model.add(self.placed >= len(first_fit))
        self._hint(self._choice_of(first_fit))
        self.model.maximize(self.placed)
        one = self._solver(settings, settings.time_limit, gap=0.0)
        status1 = one.solve(self.model)
        found = status1 in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        choice = self._read(one) if found else self._choice_of(first_fit)
        placed = len(choice)
        bound = math.floor(one.best_objective_bound + 1e-6) if found else len(self.x)
        self.model.add(self.placed >= placed)
        self.model.minimize(self.km)
        self._hint(choice)
        left = max(settings.time_limit - one.wall_time, 0.1 * settings.time_limit)
        two = self._solver(settings, left, gap=settings.relative_gap)
        status2 = two.solve(self.model)
        if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            choice = self._read(two)
            km, km_bound = two.objective_value, two.best_objective_bound
        else:
            km, km_bound = (
                float(sum(int(self.instance.km10[m, s]) for m, (s, _) in choice.items())),
                0.0,
            )
        report = SolveReport(
            placement_status=one.status_name(status1),
            placed=placed,
            placed_bound=max(bound, placed),
            km_status=two.status_name(status2),
            km=km / 10,
            km_bound=km_bound / 10,
            gap=abs(km - km_bound) / max(1.0, abs(km)),
            seconds=one.wall_time + two.wall_time,
            workers=settings.workers,
            seed=settings.seed,
            variables=len(self.model.proto.variables),
            constraints=len(self.model.proto.constraints),
        )
        return choice, report

    @staticmethod
    def _solver(settings: Settings, seconds: float, gap: float) -> cp_model.CpSolver:
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = settings.workers
        solver.parameters.random_seed = settings.seed
        solver.parameters.relative_gap_limit = gap
        return solver

    def _choice_of(self, placed: Placed) -> Choice:
        out: Choice = {}
        for m, (s, cells) in placed.items():
            slots = sorted(t for _, t in cells)
            out[m] = (s, (slots[0], slots[1]) if len(slots) == 2 else None)
        return out

    def _hint(self, choice: Choice) -> None:
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        for (m, s), v in self.x.items():
            self.model.add_hint(v, m in choice and choice[m][0] == s)
        counts: dict[tuple[int, int], int] = {}
        for s, pattern in choice.values():
            if pattern is not None:
                k = self.instance.patterns(s).index(pattern)
                counts[s, k] = counts.get((s, k), 0) + 1
        for key, v in self.n.items():
            self.model.add_hint(v, counts.get(key, 0))

    def _read(self, solver: cp_model.CpSolver) -> Choice:
        """Who attends which session, and for the members with two conversations a pattern
        each, handed out in member order from the patterns' counts."""
        choice: Choice = {}
        taken: dict[int, list[tuple[int, int]]] = {}
        for s in range(len(self.instance.sessions)):
            patterns = self.instance.patterns(s)
            taken[s] = [
                p
                for k, p in enumerate(patterns)
                if (s, k) in self.n
                for _ in range(solver.value(self.n[s, k]))
            ]
        for (m, s), v in sorted(self.x.items()):
            if solver.boolean_value(v):
                two = self.instance.members[m].conversations == 2
                choice[m] = (s, taken[s].pop(0) if two else None)
        return choice


def solve(instance: Instance, settings: Settings, first_fit: Placed) -> tuple[Choice, SolveReport]:
    return SessionModel(instance).solve(settings, first_fit)
