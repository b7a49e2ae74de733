"""Congestion-aware allocation of a day's presentations: recommending the same good opening to
everyone floods its employer and leaves other members unseen. Given candidate pairs with their
hire chances, choose at most ``per_opening`` candidates for each opening and at most
``per_member`` openings for each member so that the sum of hire chances is largest: a
maximum-weight b-matching, solved exactly as a minimum-cost flow (OR-Tools):

    source -> member (capacity per_member) -> opening (capacity 1, cost -p) -> sink
    (capacity per_opening), plus a free arc source -> sink so nobody must be placed.

``greedy`` is the usual alternative (each member's top openings, no caps); ``expected_hires``
scores either by what an employer with one position can hire from the candidates it reads:
1 - prod(1 - p) per opening over at most ``per_opening`` of them, so a flooded opening counts
once and the candidates it never reads count for nothing."""

from __future__ import annotations

import numpy as np
from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

SCALE = 1_000_000  # hire chances become integer costs in millionths


class AllocationError(RuntimeError):
    """The solver did not find the optimum (it always should for these networks)."""


def allocate(
    member: np.ndarray,
    opening: np.ndarray,
    p: np.ndarray,
    per_opening: int,
    per_member: int,
) -> np.ndarray:
    """A mask over the candidate pairs (``member[i]``, ``opening[i]``, chance ``p[i]``): the
    pairs chosen. Members and openings are any integer labels."""
    n = p.size
    if n == 0:
        return np.zeros(0, dtype=bool)
    members, m_node = np.unique(member, return_inverse=True)
    openings, o_node = np.unique(opening, return_inverse=True)
    source, sink = 0, 1 + members.size + openings.size
    m_node = m_node + 1
    o_node = o_node + 1 + members.size
    total = int(members.size * per_member)
    starts = np.concatenate(
        [np.zeros(members.size), m_node, 1 + members.size + np.arange(openings.size), [source]]
    ).astype(np.int32)
    ends = np.concatenate(
        [1 + np.arange(members.size), o_node, np.full(openings.size, sink), [sink]]
    ).astype(np.int32)
    caps = np.concatenate(
        [
            np.full(members.size, per_member),
            np.ones(n),
            np.full(openings.size, per_opening),
            [total],
        ]
    ).astype(np.int64)
    costs = np.concatenate(
        [np.zeros(members.size), -np.round(p * SCALE), np.zeros(openings.size), [0]]
    ).astype(np.int64)
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(starts, ends, caps, costs)
    flow.set_nodes_supplies(np.array([source, sink]), np.array([total, -total]))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise AllocationError(f"the allocation's flow did not solve (status {status})")
    pair_arcs = arcs[members.size : members.size + n]
    return np.asarray(flow.flows(pair_arcs)) > 0


def greedy(member: np.ndarray, p: np.ndarray, per_member: int) -> np.ndarray:
    """Each member's ``per_member`` likeliest candidates, whatever the others get."""
    order = np.lexsort((-p, member))
    sorted_member = member[order]
    first = np.r_[True, sorted_member[1:] != sorted_member[:-1]]
    start = np.maximum.accumulate(np.where(first, np.arange(order.size), 0))
    rank = np.arange(order.size) - start
    chosen = np.zeros(p.size, dtype=bool)
    chosen[order[rank < per_member]] = True
    return chosen


def expected_hires(
    opening: np.ndarray,
    p: np.ndarray,
    chosen: np.ndarray,
    per_opening: int | None = None,
    rng: np.random.Generator | None = None,
) -> float:
    """Sum over openings of 1 - prod(1 - p) over the candidates the employer considers: all
    presented, or, with ``per_opening``, at most that many, drawn at random (``rng``) where
    more were presented (an employer flooded with candidates reads only some of them)."""
    if not chosen.any():
        return 0.0
    rows = np.flatnonzero(chosen)
    if per_opening is not None:
        generator = rng if rng is not None else np.random.default_rng(0)
        shuffled = rows[generator.permutation(rows.size)]
        order = shuffled[np.argsort(opening[shuffled], kind="stable")]
        sorted_opening = opening[order]
        first = np.r_[True, sorted_opening[1:] != sorted_opening[:-1]]
        start = np.maximum.accumulate(np.where(first, np.arange(order.size), 0))
        rows = order[np.arange(order.size) - start < per_opening]
    labels, inverse = np.unique(opening[rows], return_inverse=True)
    log_miss = np.zeros(labels.size)
    np.add.at(log_miss, inverse, np.log1p(-np.clip(p[rows], 0.0, 1 - 1e-12)))
    return float((1.0 - np.exp(log_miss)).sum())


def gini(counts: np.ndarray) -> float:
    """Gini coefficient of presentations per opening (0 = even, near 1 = all on one)."""
    x = np.sort(np.asarray(counts, dtype=np.float64))
    if x.size == 0 or x.sum() == 0:
        return 0.0
    cum = np.cumsum(x)
    return float((x.size + 1 - 2 * (cum / cum[-1]).sum()) / x.size)
