"""Benchmark of the joint-conversation session planner, with its anchor measured in the same run.

    .venv/bin/python bench/sessions.py [--seed 1] [--members 400] [--municipality 0751]
                                       [--month 2025-04] [--time-limit 10] [--gap 0.01]
                                       [--workers 1,2]

The instance: one municipality's month (akasse.sessions.synthetic): sessions on Tuesdays to
Thursdays outside the holidays, three a day (in person at the jobcentre and at a branch of
the fund in a neighbouring municipality, one by phone or video), 2-4 pairs each; members due
over the month, a fifth with two conversations that day, living in the municipality and its
five nearest neighbours.

1. anchor: first fit (members by due date into the first session that has room).
2. the CP-SAT planner, once per ``--workers`` value: most members placed, then fewest km,
   stopped at the time limit or when the km are proven within ``--gap`` of the optimum.

Printed: members placed, km and seconds of each, the solver's status, bound and gap, the
ratios solver / first fit, and why the members left out were left out. One worker gives the
same plan on every run; two race and may not. The exit status is 1 if a plan breaks a limit,
the solver places fewer than first fit, or the 1-worker solve ends without the optimum or
the gap.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import partial

from akasse.sessions import Limits, Plan, Planner, first_fit, violations
from akasse.sessions.synthetic import month_instance


def timed(run: Callable[[], Plan]) -> tuple[Plan, float]:
    start = time.perf_counter()
    plan = run()
    return plan, time.perf_counter() - start


def reasons(plan: Plan) -> str:
    counts = Counter(u.reason.value for u in plan.unplaced)
    return ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items())) or "none"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--members", type=int, default=400)
    parser.add_argument("--municipality", default="0751")
    parser.add_argument("--month", default="2025-04")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--gap", type=float, default=0.01)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    month = date.fromisoformat(args.month + "-01")
    sessions, members = month_instance(args.seed, args.municipality, args.members, month)
    places = sum(len(s.pairs) * min(Limits().per_pair, s.slots) for s in sessions)
    talks = sum(m.conversations for m in members)
    print(
        f"Joint-conversation sessions in {args.municipality}, {args.month}, seed {args.seed}: "
        f"{len(sessions)} sessions on {len({s.day for s in sessions})} days, "
        f"{sum(len(s.pairs) for s in sessions)} pairs, {places} conversation places; "
        f"{len(members)} members ({sum(m.conversations == 2 for m in members)} with two "
        f"conversations), {talks} conversations"
    )
    greedy, anchor = timed(lambda: first_fit(sessions, members))
    ok = violations(greedy, sessions, members, Limits()) == []
    print(f"  {'':<24} {'placed':>7} {'km':>9} {'seconds':>8}")
    print(f"  {'first fit (anchor)':<24} {greedy.placed:>7} {greedy.km:>9.1f} {anchor:>8.3f}")
    print(f"    left out: {reasons(greedy)}")
    for workers in (int(w) for w in args.workers.split(",")):
        planner = Planner(time_limit=args.time_limit, relative_gap=args.gap, workers=workers)
        plan, seconds = timed(partial(planner.plan, sessions, members))
        report = plan.report
        assert report is not None
        held = violations(plan, sessions, members, Limits()) == []
        ok = ok and held and plan.placed >= greedy.placed
        if workers == 1:
            ok = ok and report.status in ("OPTIMAL", "WITHIN_GAP")
        label = f"CP-SAT, {workers} worker{'s' if workers > 1 else ''}"
        print(f"  {label:<24} {plan.placed:>7} {plan.km:>9.1f} {seconds:>8.3f}")
        print(
            f"    status {report.status} (placement {report.placement_status}, "
            f"{report.placed} placed, bound {report.placed_bound}; km {report.km_status}, "
            f"{report.km:.1f} km, bound {report.km_bound:.1f}, gap {100 * report.gap:.2f} %); "
            f"solver {report.seconds:.2f} s, {report.variables} variables, "
            f"{report.constraints} constraints; limits held: {'yes' if held else 'NO'}"
        )
        print(f"    left out: {reasons(plan)}")
        print(
            f"    ratio to first fit: placed {plan.placed / max(greedy.placed, 1):.3f} x, "
            f"km {plan.km / max(greedy.km, 0.1):.3f} x, "
            f"km per member placed {plan.km / max(plan.placed, 1):.2f} against "
            f"{greedy.km / max(greedy.placed, 1):.2f}, time {seconds / anchor:.0f} x"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
