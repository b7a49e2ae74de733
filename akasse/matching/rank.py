"""Ranking openings for members: the explicit score over every opening picks each member's
candidates, and the hire model re-ranks them; the blend is

    blend = 0.3 z(explicit) + 0.7 z(logit p_hire)

with z standardising over the member's candidates, so neither scale dominates. The explicit
share 0.3 keeps the reasons a caseworker reads in charge of part of the order (it is also what
ranks a member when no hire model has been trained); ``bench/matching`` prints the quality of
the blend against the explicit score alone and against the simulated world's oracle.

Also the measures the benchmark reports: NDCG@k and hires@k of a ranking with one opening (the
one the member was hired in) relevant."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akasse.matching import explicit
from akasse.matching.features import Members, Openings
from akasse.matching.hire import HireModel

BLEND_WEIGHT = 0.3  # the explicit score's share of the blend
CANDIDATES = 50  # openings per member the hire model re-ranks


@dataclass(frozen=True)
class Ranking:
    """Per member (row), the chosen openings' indices best first, with their scores."""

    openings: np.ndarray  # (members x k) indices into the openings
    blend: np.ndarray
    explicit: np.ndarray
    hire: np.ndarray  # NaN without a hire model


def rank(
    m: Members,
    o: Openings,
    model: HireModel | None,
    k: int = 10,
    candidates: int = CANDIDATES,
    weight: float = BLEND_WEIGHT,
) -> Ranking:
    index, score = explicit.top_k(m, o, max(k, candidates))
    if model is None or index.size == 0:
        nan = np.full(index[:, :k].shape, np.nan)
        return Ranking(index[:, :k], score[:, :k].astype(np.float64), score[:, :k], nan)
    rows = np.repeat(np.arange(m.size), index.shape[1])
    p = model.predict(m.take(rows), o.take(index.ravel())).reshape(index.shape)
    mixed = blend(score, p, weight)
    order = np.argsort(-mixed, axis=1, kind="stable")[:, :k]
    return Ranking(*(np.take_along_axis(a, order, axis=1) for a in (index, mixed, score, p)))


def blend(score: np.ndarray, p: np.ndarray, weight: float = BLEND_WEIGHT) -> np.ndarray:
    """The blend of explicit scores and hire chances, row by row (a member's candidates)."""
    clipped = np.clip(p, 1e-6, 1 - 1e-6)
    return weight * _z(score.astype(np.float64)) + (1 - weight) * _z(
        np.log(clipped / (1 - clipped))
    )


def _z(a: np.ndarray) -> np.ndarray:
    mean = a.mean(axis=1, keepdims=True)
    sd = a.std(axis=1, keepdims=True)
    return np.where(sd > 0, (a - mean) / np.where(sd > 0, sd, 1.0), 0.0)


def ndcg_at(position: np.ndarray, k: int) -> float:
    """Mean NDCG@k with one relevant item per query at 0-based ``position`` (-1 or >= k when
    it is not in the top k): 1 / log2(position + 2) inside the top k, else 0."""
    pos = np.asarray(position, dtype=np.float64)
    inside = (pos >= 0) & (pos < k)
    gains = np.where(inside, 1.0 / np.log2(np.where(inside, pos, 0) + 2.0), 0.0)
    return float(gains.mean()) if gains.size else 0.0


def hits_at(position: np.ndarray, k: int) -> float:
    """Share of queries whose relevant item is in the top k."""
    pos = np.asarray(position)
    return float(((pos >= 0) & (pos < k)).mean()) if pos.size else 0.0
