"""Benchmark of the matching on a simulated national dataset, against the simulated world's
oracle and against a NumPy floor, all measured in the same run.

    .venv/bin/python bench/matching.py [--data DIR | --scale national] [--seed 1]

Without ``--data`` it simulates the scale first (not timed). Then:

1. **Quality** on the held-out month (the latest month with at least 100 placements): the hire
   model is trained on the fund's log before it (akasse/matching/training.py: each placement's
   opening against the explicit score's best openings open that day, and the presentations
   that did not end in a hire). For every placement in the month, the openings open on the day
   of its presentation are ranked for the member by the oracle (u of the latent match model in
   ``model.json``), by the explicit score alone and by the blend; NDCG@10 and hires@10 are the
   hired opening's place in each ranking (ties broken at random, seeded).
2. **Allocation** on the month's first weekday: every member on dagpenge that week against every
   opening open that day, each member's 10 best by the blend with their hire chances; the
   allocation (at most 5 candidates per opening, 3 openings per member) against greedy top-3:
   expected hires (1 - prod(1 - p) per opening over the at most 5 candidates its employer reads,
   drawn at random where more were sent) and the Gini of presentations per opening.
3. **Speed**: ranking every open opening for every member in 2 (explicit score over all,
   the hire model re-ranking each member's 50 best), against a floor of the same size: a NumPy
   float32 dense score (members x 8 features times openings x 8 features) with the same top-10
   selection. Each is the best of ``--repeat`` runs.

Prints every ratio. What to compare between machines is the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from akasse.dataset.read import read_table
from akasse.matching import allocate, card, explicit, hire, rank, training
from akasse.matching.features import Members, Openings, members_from, openings_from
from akasse.sim.oracle import Oracle, oracle
from akasse.sim.run import simulate_dataset

K = 10
MIN_PLACEMENTS = 100  # default of --min-placements
PER_OPENING, PER_MEMBER = 5, 3


@dataclass(frozen=True)
class World:
    spells: pl.DataFrame
    members: Members  # one row per spell, in spells' order
    openings_frame: pl.DataFrame  # sorted by posted_on
    openings: Openings  # same order
    presentations: pl.DataFrame
    placements: pl.DataFrame
    oracle: Oracle

    def member_rows(self, spell_id: np.ndarray) -> np.ndarray:
        ids = self.members.spell_id
        order = np.argsort(ids)
        return order[np.searchsorted(ids, spell_id, sorter=order)]

    def opening_rows(self, opening_id: np.ndarray) -> np.ndarray:
        ids = self.openings.opening_id
        order = np.argsort(ids)
        return order[np.searchsorted(ids, opening_id, sorter=order)]

    def open_on(self, day: dt.date) -> np.ndarray:
        """Rows of the openings open on ``day``."""
        f = self.openings_frame
        mask = (f["posted_on"] <= day) & (f["closes_on"] >= day)
        return np.flatnonzero(mask.to_numpy())


def load(data: Path) -> World:
    spells = read_table(data, "spells", ["spell_id", "member_id", "municipality", "insurance"])
    cvs = read_table(data, "cvs")
    cv_jobs = read_table(data, "cv_jobs")
    openings = read_table(data, "job_openings").sort("posted_on", "opening_id")
    return World(
        spells,
        members_from(spells, cvs, cv_jobs),
        openings,
        openings_from(openings),
        read_table(data, "job_presentations"),
        read_table(data, "placements"),
        oracle(data),
    )


def held_out_month(w: World, least: int, months: int = 1) -> tuple[dt.date, dt.date]:
    """The first and last day of the latest ``months`` months ending with the latest month
    that has ``least`` placements."""
    counts = (
        w.placements.with_columns(month=pl.col("placed_on").dt.truncate("1mo"))
        .group_by("month")
        .len()
        .filter(pl.col("len") >= least)
        .sort("month")
    )
    if counts.is_empty():
        raise SystemExit(f"no month with {least} placements: simulate a larger scale")
    last: dt.date = counts["month"][-1]
    following = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
    first = last.month - months  # months back, as a count from year 0
    start = dt.date(last.year + first // 12, first % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


def _labelled(w: World) -> pl.DataFrame:
    hired = w.placements.select("spell_id", "opening_id").with_columns(hired=pl.lit(True))
    return w.presentations.join(hired, on=["spell_id", "opening_id"], how="left").with_columns(
        pl.col("hired").fill_null(False)
    )


def _days(column: pl.Series) -> np.ndarray:
    return column.to_numpy().astype("datetime64[D]").astype(np.int64)


def train_model(w: World, before: dt.date) -> hire.HireModel:
    seen = _labelled(w).filter(pl.col("presented_on") < before)
    log = training.Log(
        w.member_rows(seen["spell_id"].to_numpy()),
        w.opening_rows(seen["opening_id"].to_numpy()),
        _days(seen["presented_on"]),
        seen["hired"].to_numpy(),
    )
    posted = _days(w.openings_frame["posted_on"])
    closes = _days(w.openings_frame["closes_on"])
    return training.train_from_log(w.members, w.openings, posted, closes, log)


def _position(score: np.ndarray, target: int, key: np.ndarray) -> int:
    """0-based place of ``target`` when ``score`` is sorted best first, ties by ``key``."""
    s = score[target]
    return int((score > s).sum() + ((score == s) & (key < key[target])).sum())


def quality(
    w: World, model: hire.HireModel, start: dt.date, end: dt.date, rng: np.random.Generator
) -> dict[str, dict[str, float]]:
    month = w.placements.filter(pl.col("placed_on").is_between(start, end))
    shown = month.join(w.presentations, on=["spell_id", "opening_id"], how="inner").sort(
        "placement_id"
    )
    positions: dict[str, list[int]] = {"oracle": [], "explicit": [], "blend": []}
    for spell_id, opening_id, day in shown.select(
        "spell_id", "opening_id", "presented_on"
    ).iter_rows():
        rows = w.open_on(day)
        target = int(np.flatnonzero(w.openings.opening_id[rows] == opening_id)[0])
        key = rng.random(rows.size)
        member = w.member_rows(np.array([spell_id]))
        m = w.members.take(member)
        o = w.openings.take(rows)
        u = w.oracle.u(np.full(rows.size, spell_id), w.openings.opening_id[rows])
        positions["oracle"].append(_position(u, target, key))
        score = explicit.scores(m, o)[0]
        positions["explicit"].append(_position(score, target, key))
        ranked = rank.rank(m, o, model, k=rank.CANDIDATES)
        where = np.flatnonzero(ranked.openings[0] == target)
        positions["blend"].append(int(where[0]) if where.size else -1)
    return {
        name: {
            "ndcg@10": rank.ndcg_at(np.array(p), K),
            "hires@10": rank.hits_at(np.array(p), K),
            "queries": float(len(p)),
        }
        for name, p in positions.items()
    }


def active_members(data: Path, w: World, day: dt.date) -> np.ndarray:
    """Rows of the spells on dagpenge in the week of ``day``."""
    spells = read_table(data, "spells", ["spell_id", "first_day"]).filter(
        pl.col("first_day") <= day
    )
    week = spells.with_columns(
        week=((pl.lit(day) - pl.col("first_day")).dt.total_days() // 7).cast(pl.Int16)
    )
    weekly = read_table(data, "weekly_status")
    on = week.join(weekly, on=["spell_id", "week"]).filter(pl.col("status") == "dagpenge")
    return np.sort(w.member_rows(on["spell_id"].to_numpy()))


def floor_rank(n_members: int, n_openings: int, rng: np.random.Generator) -> float:
    """Seconds for a dense float32 score of the same size with the same top-10 selection."""
    a = rng.random((n_members, 8), dtype=np.float32)
    b = rng.random((n_openings, 8), dtype=np.float32)
    start = time.perf_counter()
    for i in range(0, n_members, explicit.BLOCK):
        block = a[i : i + explicit.BLOCK] @ b.T
        top = np.argpartition(-block, K - 1, axis=1)[:, :K]
        np.take_along_axis(block, top, axis=1).argsort(axis=1)
    return time.perf_counter() - start


def fairness(data: Path, w: World, members: np.ndarray, ranked: rank.Ranking) -> None:
    """Hire-rate parity of the ranked openings by gender and by age group (the model card)."""
    spells = (
        w.spells.select("spell_id", "member_id")
        .join(read_table(data, "spells", ["spell_id", "age"]), on="spell_id")
        .join(read_table(data, "members", ["member_id", "gender"]), on="member_id")
    )
    ids = pl.DataFrame({"spell_id": w.members.spell_id[members]})
    who = ids.join(spells, on="spell_id", how="left", maintain_order="left")
    groups = {
        "gender": who["gender"].to_numpy(),
        "age": card.age_group(who["age"].to_numpy()),
    }
    for name, labels in groups.items():
        cells = card.parity(ranked.hire, labels)
        text = ", ".join(f"{g} {ratio:.2f}" for g, (_, _, ratio) in cells.items())
        print(f"hire-rate parity by {name}: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--scale", default="national")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--min-placements", type=int, default=MIN_PLACEMENTS)
    parser.add_argument("--months", type=int, default=1, help="held-out months (default 1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data
        if data is None:
            data = Path(tmp) / args.scale
            print(f"simulating {args.scale} (seed {args.seed}) ...", flush=True)
            simulate_dataset(args.scale, args.seed, data)
        run(data, args.repeat, args.min_placements, args.months)


def run(data: Path, repeat: int, least: int = MIN_PLACEMENTS, months: int = 1) -> None:
    rng = np.random.default_rng(20261204)
    w = load(data)
    start, end = held_out_month(w, least, months)
    print(f"held out: {start:%Y-%m} to {end:%Y-%m}")
    t0 = time.perf_counter()
    model = train_model(w, start)
    print(f"hire model trained in {time.perf_counter() - t0:.1f} s")
    q = quality(w, model, start, end, rng)
    print(f"\n{'ranking':<10} {'NDCG@10':>8} {'hires@10':>9} {'queries':>8}")
    for name, row in q.items():
        print(f"{name:<10} {row['ndcg@10']:>8.3f} {row['hires@10']:>9.3f} {row['queries']:>8.0f}")
    oracle_ndcg = q["oracle"]["ndcg@10"]
    print(f"blend / oracle NDCG@10: {q['blend']['ndcg@10'] / oracle_ndcg:.3f} (at least 0.90)")
    print(f"blend / explicit NDCG@10: {q['blend']['ndcg@10'] / q['explicit']['ndcg@10']:.3f}")

    day = end.replace(day=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    members = active_members(data, w, day)
    opens = w.open_on(day)
    m, o = w.members.take(members), w.openings.take(opens)
    print(f"\n{day}: {m.size} members on dagpenge, {o.size} openings open")
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        ranked = rank.rank(m, o, model, k=K)
        best = min(best, time.perf_counter() - t0)
    floor = min(floor_rank(m.size, o.size, rng) for _ in range(repeat))
    print(f"rank everything: {best:.1f} s; NumPy floor {floor:.1f} s; ratio {best / floor:.2f}")

    member = np.repeat(np.arange(m.size), K)
    opening = ranked.openings.ravel()
    p = ranked.hire.ravel()
    chosen = allocate.allocate(member, opening, p, PER_OPENING, PER_MEMBER)
    flooded = allocate.greedy(member, p, PER_MEMBER)
    for name, mask in (("allocation", chosen), ("greedy top-3", flooded)):
        counts = np.bincount(opening[mask], minlength=o.size)
        print(
            f"{name:<13} expected hires"
            f" {allocate.expected_hires(opening, p, mask, PER_OPENING, rng):8.1f}"
            f"  presentations {int(mask.sum()):7d}  Gini {allocate.gini(counts):.3f}"
            f"  most on one opening {counts.max()}"
        )
    fairness(data, w, members, ranked)
    ratio = allocate.expected_hires(opening, p, chosen, PER_OPENING, rng) / allocate.expected_hires(
        opening, p, flooded, PER_OPENING, rng
    )
    print(f"allocation / greedy expected hires: {ratio:.3f}")


if __name__ == "__main__":
    main()
