"""The baseline: first fit. Members by due date (then earliest date, then id), each into the
first session in time order they can attend that still has room, in its first free slot
with the first free pair (for two conversations the first two free times with the wait
held). Kilometres play no part."""

from __future__ import annotations

from .instance import Instance
from .timetable import Cell, Grid

Placed = dict[int, tuple[int, tuple[Cell, ...]]]  # member -> (session, cells)


def first_fit(instance: Instance) -> Placed:
    grids: dict[int, Grid] = {}
    placed: Placed = {}
    for m in instance.order():
        for s in instance.options[m]:
            grid = grids.setdefault(s, Grid(instance, s))
            cells = grid.fit(instance.members[m].conversations)
            if cells is not None:
                grid.book(cells)
                placed[m] = (s, cells)
                break
    return placed


def fill_in(instance: Instance, placed: Placed) -> Placed:
    """``placed`` with every member left out added where the plan still has room, nearest
    session first: after a solve stopped by its time limit no member is then reported as not
    placed because the sessions are full while one of them has room."""
    grids = {s: Grid(instance, s) for s in range(len(instance.sessions))}
    for s, cells in placed.values():
        grids[s].book(cells)
    out = dict(placed)
    for m in instance.order():
        if m in out:
            continue
        for s in sorted(instance.options[m], key=lambda s: (instance.km10[m, s], s)):
            room = grids[s].fit(instance.members[m].conversations)
            if room is not None:
                grids[s].book(room)
                out[m] = (s, room)
                break
    return out
