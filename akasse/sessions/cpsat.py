"""The CP-SAT model of the session plan, solved lexicographically: first the most members
placed, then the fewest km with that many placed.

Members who cannot be told apart by the model (the same sessions open to them, the same km
to each, as many conversations) form a class; the model counts how many of a class attend
each session rather than deciding member by member, which removes the symmetry between them
(the benchmark's 400 members form 214 classes, 5,900 member-session pairs become 3,017 variables).

Variables: ``y[c, s]`` (integer 0..class size), members of class c in session s, for the
sessions open to the class (in the window, channel accepted, near enough); ``n[s, k]``
(integer 0..pairs), members with two conversations taking slot pattern k of session s (two
slots no more than the wait apart), only for a session whose slots could run out before its
capacity does. Constraints:

- a class's members attend at most one session each: sum over s of y[c, s] <= class size;
- a session's conversations (one or two per member) are at most pairs x min(per_pair, slots);
- where patterns are counted, the members with two conversations are as many as the
  patterns taken, and each slot is taken by at most one conversation per pair.

Members with one conversation need no slot variable: any free cell will do, and
``timetable.lay_out`` puts everyone on the clock afterwards (which pair, which slot) without
breaking a limit.

Objective, step 1: maximise the members placed, hinted with the first-fit plan and with its
count as a floor (so the solver never places fewer). Step 2: minimise the km (whole tenths,
one way) with at least step 1's count placed, hinted with step 1's answer. The two steps are
the weighted objective W x placed - km with W larger than any plan's km (so one more member
placed always outweighs any km saved), solved in two steps so that the gap reported is the
km's own and not hidden behind W. Both steps use CP-SAT's second linearization level (its
cuts close most of the km gap in this model)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from .greedy import Placed
from .instance import Instance
from .model import SolveReport

Pattern = tuple[int, int]
Choice = dict[int, tuple[int, Pattern | None]]  # member -> (session, pattern if counted)
LINEARIZATION = 2


@dataclass(frozen=True)
class Settings:
    time_limit: float
    relative_gap: float
    workers: int
    seed: int


def classes(instance: Instance) -> list[list[int]]:
    """The members in classes of equals, each in first-fit order; classes by first member."""
    found: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for m in instance.order():
        options = instance.options[m]
        km = tuple(int(instance.km10[m, s]) for s in options)
        found[options, km, instance.members[m].conversations].append(m)
    return sorted(found.values())


class SessionModel:
    """The model of one instance; ``solve`` runs the two steps."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.classes = classes(instance)
        self.model = cp_model.CpModel()
        self.y: dict[tuple[int, int], cp_model.IntVar] = {}
        for c, members in enumerate(self.classes):
            for s in instance.options[members[0]]:
                self.y[c, s] = self.model.new_int_var(0, len(members), f"y_{c}_{s}")
            if instance.options[members[0]]:
                self.model.add(
                    sum(self.y[c, s] for s in instance.options[members[0]]) <= len(members)
                )
        self.n: dict[tuple[int, int], cp_model.IntVar] = {}
        for s in range(len(instance.sessions)):
            self._session(s)
        self.placed = sum(self.y.values())
        self.km = sum(self._km(c, s) * v for (c, s), v in self.y.items())

    def _km(self, c: int, s: int) -> int:
        return int(self.instance.km10[self.classes[c][0], s])

    def _conversations(self, c: int) -> int:
        return self.instance.members[self.classes[c][0]].conversations

    def _session(self, s: int) -> None:
        inst = self.instance
        here = [(c, v) for (c, t), v in self.y.items() if t == s]
        if not here:
            return
        self.model.add(sum(self._conversations(c) * v for c, v in here) <= inst.capacity(s))
        doubles = [v for c, v in here if self._conversations(c) == 2]
        if not doubles or not inst.needs_patterns(s):
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
        bound = math.floor(one.best_objective_bound + 1e-6) if found else len(self.y)
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
            km = float(sum(int(self.instance.km10[m, s]) for m, (s, _) in choice.items()))
            km_bound = 0.0
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
        solver.parameters.linearization_level = LINEARIZATION
        return solver

    def _choice_of(self, placed: Placed) -> Choice:
        out: Choice = {}
        for m, (s, cells) in placed.items():
            slots = sorted(t for _, t in cells)
            counted = len(slots) == 2 and self.instance.needs_patterns(s)
            out[m] = (s, (slots[0], slots[1]) if counted else None)
        return out

    def _hint(self, choice: Choice) -> None:
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        members: dict[tuple[int, int], int] = defaultdict(int)
        patterns: dict[tuple[int, int], int] = defaultdict(int)
        for c, those in enumerate(self.classes):
            for m in those:
                if m in choice:
                    members[c, choice[m][0]] += 1
        for s, pattern in choice.values():
            if pattern is not None:
                patterns[s, self.instance.patterns(s).index(pattern)] += 1
        for key, v in self.y.items():
            self.model.add_hint(v, members[key])
        for key, v in self.n.items():
            self.model.add_hint(v, patterns[key])

    def _read(self, solver: cp_model.CpSolver) -> Choice:
        """Who attends which session: a class's members in first-fit order fill its sessions
        in time order; the counted patterns go to the members with two conversations in
        member order."""
        inst = self.instance
        taken: dict[int, list[Pattern]] = defaultdict(list)
        for (s, k), v in sorted(self.n.items()):
            taken[s] += [inst.patterns(s)[k]] * solver.value(v)
        choice: Choice = {}
        for c, those in enumerate(self.classes):
            queue = iter(those)
            for s in inst.options[those[0]]:
                for _ in range(solver.value(self.y[c, s])):
                    choice[next(queue)] = (s, None)
        for m in sorted(choice):
            s, _ = choice[m]
            if inst.members[m].conversations == 2 and inst.needs_patterns(s):
                choice[m] = (s, taken[s].pop(0))
        return choice


def solve(instance: Instance, settings: Settings, first_fit: Placed) -> tuple[Choice, SolveReport]:
    return SessionModel(instance).solve(settings, first_fit)
