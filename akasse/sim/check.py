"""``akasse simulate --check DIR``: the published figures (seeds 000/001, ``published.yaml``)
beside the same figures computed from a dataset's tables, with tolerances.

The figures are computed from the Parquet tables alone, as any reader of the dataset would;
those the statistics report too (conversations per participant, LAB offers started, the
survey's response rate) are computed by ``akasse.stats``, so the check and the reports cannot
disagree. Counts scale with the dataset's scale factor (a fund's own counts with its own, see
``_fund_factor``). At small scales a figure's own sampling
error can exceed the published tolerance, so the tolerance used is the larger of the published
one and three standard errors of the simulated figure (shown beside it). The trial funds are
those of the rules' reference data.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from akasse.dataset.read import DatasetError, read_table
from akasse.dataset.write import MANIFEST
from akasse.dataset.yamlcheck import YamlFile
from akasse.rules.reference import load_reference
from akasse.sim.config import SimError, load_params
from akasse.stats.dataset import Dataset, Selection
from akasse.stats.monitoring import conversations_per_participant, offers_started, placements
from akasse.stats.survey import response_rates

PUBLISHED = Path(__file__).with_name("published.yaml")


@cache
def published(path: Path = PUBLISHED) -> dict[str, Any]:
    """The published figures, with the sections the check reads present."""
    source = YamlFile(path, SimError)
    raw = source.mapping("expected a mapping of published figures")
    for section in (
        "period",
        "referred",
        "referred_share",
        "exited",
        "covered",
        "exit_reason_range",
        "three_conversations",
        "status",
        "offers_started",
        "survey_response",
        "placements_2021",
        "permanent_placements",
    ):
        if section not in raw:
            raise source.fail(section, "missing")
    return raw


def _day(name: str) -> dt.date:
    value = published()["period"][name]
    assert isinstance(value, dt.date), name
    return value


def trial_funds() -> set[str]:
    return set(load_reference(environment=False).funds)


@dataclass(frozen=True)
class Figure:
    name: str
    published: float
    simulated: float
    tolerance: float  # in the figure's unit
    unit: str  # "count" or "pct"
    note: str = ""
    binding: bool = True  # False: a national figure shown for a dataset of fewer funds

    @property
    def within(self) -> bool:
        return abs(self.simulated - self.published) <= self.tolerance

    @property
    def ok(self) -> bool:
        return self.within or not self.binding


def _pct(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else float("nan")


def _share_tol(points: float, p: float, n: int) -> float:
    se = 100.0 * math.sqrt(max(p / 100 * (1 - p / 100), 1e-9) / max(n, 1))
    return max(points, 3 * se)


def _count(name: str, published: float, factor: float, simulated: int, rel: float) -> Figure:
    target = published * factor
    tol = max(rel * target, 3 * math.sqrt(max(target, 1)))
    return Figure(name, target, simulated, tol, "count")


def figures(data: Path) -> list[Figure]:
    """Every figure of ``published.yaml`` for the dataset in ``data``; a missing or malformed
    table is reported as the check's own error."""
    try:
        return _figures(data)
    except DatasetError as exc:
        raise SimError(str(exc)) from exc


def _figures(data: Path) -> list[Figure]:
    try:
        manifest = json.loads((data / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SimError(f"{data}: not a dataset ({MANIFEST} cannot be read: {exc})") from exc
    if not isinstance(manifest, dict):
        raise SimError(f"{data}: not a dataset ({MANIFEST} does not hold a JSON object)")
    factor = float(manifest.get("scale_factor", 1.0))
    spells = read_table(data, "spells")
    # National figures apply to a dataset that holds every trial fund.
    funds = set(read_table(data, "funds")["fund"])
    national = funds >= trial_funds()
    visits = read_table(data, "visitations").join(spells.select("spell_id", "fund"), on="spell_id")
    out: list[Figure] = []
    if national:
        out += _referral_figures(visits, factor)
    out += _exit_figures(visits)
    dataset = Dataset(data)
    out += _placement_figures(dataset, _fund_factor(factor, funds))
    national_figures = [
        *_conversation_figures(dataset, visits),
        *_status_figures(data, spells),
        *_offer_figures(dataset, visits),
        *_survey_figures(dataset),
    ]
    if not national:
        # Published for all funds together: shown for a one-fund dataset, but not binding.
        national_figures = [replace(f, binding=False) for f in national_figures]
    return out + national_figures


def _fund_factor(factor: float, funds: set[str]) -> float:
    """The scale of one fund's own counts: the dataset's factor times the share of all spells
    its funds hold nationally, inverted (``funds.share`` in the simulator's parameters). A
    dataset of every fund keeps its factor; a one-fund dataset holds that fund at
    ``spells_per_year`` / the fund's national spells."""
    shares = {f: float(v["share"]) for f, v in load_params().section("funds").items()}
    inside = sum(shares.get(f, 0.0) for f in funds)
    return factor * sum(shares.values()) / inside if inside else factor


def _placement_figures(data: Dataset, factor: float) -> list[Figure]:
    """Placements in 2021 per fund (seed 000 table 1) and the permanent share of a fund's
    placements (seed 003), for the funds the dataset holds, counted as the monitoring does."""
    p = published()
    counts = placements(data, Selection())
    held = set(counts["fund"]) | set(data.table("funds", ["fund"])["fund"])
    section = p["placements_2021"]
    out = []
    for fund, achieved in section["funds"].items():
        if fund not in held:
            continue
        n = int(
            counts.filter((pl.col("fund") == fund) & (pl.col("year") == 2021))["placements"].sum()
        )
        name = f"Jobformidlinger 2021: {fund}"
        out.append(_count(name, achieved, factor, n, section["relative_tolerance"]))
    share = p["permanent_placements"]
    if share["fund"] in held:
        rows = counts.filter(pl.col("fund") == share["fund"])
        n = int(rows["placements"].sum())
        value = _pct(int(rows["permanent"].sum()), n)
        tolerance = _share_tol(share["tolerance_points"], share["published"], n)
        out.append(Figure(share["name"], share["published"], value, tolerance, "pct"))
    return out


def _referral_figures(visits: pl.DataFrame, factor: float) -> list[Figure]:
    figures = published()
    referred = visits.filter(pl.col("referred_on") >= _day("start"))
    out = [
        _count(
            f["name"],
            f["published"],
            factor,
            referred.filter(pl.col("referred_on") <= _day(f["until"])).height,
            f["relative_tolerance"],
        )
        for f in figures["referred"]
    ]
    shares = figures["referred_share"]
    to22 = referred.filter(pl.col("referred_on") <= _day("january_2022"))
    for fund, share in shares["funds"].items():
        n = to22.filter(pl.col("fund") == fund).height
        p = _pct(n, to22.height)
        tolerance = _share_tol(shares["tolerance_points"], share, to22.height)
        out.append(Figure(f"Andel af visiterede: {fund} (pct.)", share, p, tolerance, "pct"))
    for f in figures["exited"]:
        exited = referred.filter(pl.col("exit_on") <= _day(f["until"])).height
        figure = _count(f["name"], f["published"], factor, exited, f["relative_tolerance"])
        out.append(replace(figure, binding=f.get("binding", True)))
    covered_on = _day("covered_on")
    covered = visits.filter(
        (pl.col("referred_on") <= covered_on) & (pl.col("exit_on") > covered_on)
    ).height
    c = figures["covered"]
    out.append(_count(c["name"], c["published"], factor, covered, c["relative_tolerance"]))
    return out


def _exit_figures(visits: pl.DataFrame) -> list[Figure]:
    """Every trial fund's shares of exits must lie in the published range across funds."""
    ranges = published()["exit_reason_range"]
    exits = visits.filter(pl.col("exit_on") <= _day("january_2022"))
    reasons = ranges["reasons"]
    shares = exits.group_by("fund").agg(
        n=pl.len(),
        **{r["reason"]: (pl.col("exit_reason") == r["reason"]).mean() * 100 for r in reasons},
    )
    out = []
    for r in reasons:
        lo, hi = float(r["low"]), float(r["high"])
        for row in shares.sort("fund").iter_rows(named=True):
            value = float(row[r["reason"]])
            mid, half = (lo + hi) / 2, (hi - lo) / 2
            # The sampling error of a share at the range's nearest end (never zero).
            points = ranges["tolerance_points"]
            tol = half + _share_tol(points, min(max(value, lo), hi), int(row["n"]))
            out.append(
                Figure(f"{r['name']} {row['fund']}", mid, value, tol, "pct", f"{lo:g}-{hi:g}")
            )
    return out


def _conversation_figures(data: Dataset, visits: pl.DataFrame) -> list[Figure]:
    """Participants whose full period ended by January 2022, as the monitoring counts them."""
    f = published()["three_conversations"]
    full = visits.filter(
        (pl.col("exit_reason") == "period_used") & (pl.col("exit_on") <= _day("january_2022"))
    )
    total = conversations_per_participant(data, full).filter(pl.col("fund") == "I alt")
    n = int(total["participants"].sum())
    p = 100.0 * float(total["share_3_plus"].sum()) if n else float("nan")
    return [
        Figure(
            f["name"],
            f["published"],
            p,
            _share_tol(f["tolerance_points"], f["published"], n),
            "pct",
        )
    ]


def _status_figures(data: Path, spells: pl.DataFrame) -> list[Figure]:
    status = published()["status"]
    first, last = published()["period"]["cohort"]
    cohort = spells.filter(pl.col("first_day").is_between(first, last)).select("spell_id", "trial")
    weekly = read_table(data, "weekly_status").filter(pl.col("week").is_in([13, 26]))
    joined = cohort.join(weekly, on="spell_id", how="left")
    out = []
    for trial, label in ((True, "forsøg"), (False, "ikke-forsøg")):
        t = status["groups"][label]
        group = joined.filter(pl.col("trial") == trial)
        n = cohort.filter(pl.col("trial") == trial).height

        def share(week: int, kind: str, g: pl.DataFrame = group, n: int = n) -> float:
            return _pct(g.filter((pl.col("week") == week) & (pl.col("status") == kind)).height, n)

        for name, week, kind, target in (
            (f"På dagpenge efter 13 uger, {label} (pct.)", 13, "dagpenge", t["dagpenge_13"]),
            (f"På dagpenge efter 26 uger, {label} (pct.)", 26, "dagpenge", t["dagpenge_26"]),
            (f"I beskæftigelse efter 6 mdr., {label} (pct.)", 26, "employed", t["employed_26"]),
            (f"På dagpenge efter 6 mdr., {label} (pct.)", 26, "dagpenge", t["dagpenge_six_months"]),
        ):
            tolerance = _share_tol(status["tolerance_points"], target, n)
            out.append(Figure(name, target, share(week, kind), tolerance, "pct"))
    return out


def _offer_figures(data: Dataset, visits: pl.DataFrame) -> list[Figure]:
    """LAB offers started by participants by January 2023, as the monitoring counts them."""
    offers = published()["offers_started"]
    started = offers_started(data, visits, until=_day("january_2023")).filter(
        pl.col("fund") == "I alt"
    )
    n = int(started["started"].sum())
    out = []
    for o in offers["types"]:
        share = o["published"] if "published" in o else 100 * o["count"] / o["of"]
        found = started.filter(pl.col("offer_type") == o["type"])
        p = _pct(int(found["started"].sum()), n)
        tolerance = _share_tol(offers["tolerance_points"], share, n)
        out.append(Figure(f"LAB-tilbud påbegyndt: {o['label']} (pct.)", share, p, tolerance, "pct"))
    return out


def _survey_figures(data: Dataset) -> list[Figure]:
    survey = published()["survey_response"]
    rates = response_rates(data.table("survey_responses")).filter(pl.col("group") == "alle")
    out = []
    for w in survey["waves"]:
        row = rates.filter(pl.col("wave") == w["wave"])
        sent = int(row["sent"].sum())
        p = 100.0 * float(row["rate"].sum()) if sent else float("nan")
        tolerance = _share_tol(survey["tolerance_points"], w["published"], sent)
        out.append(
            Figure(
                f"Svarprocent tilfredshedsmåling {w['wave']}", w["published"], p, tolerance, "pct"
            )
        )
    return out
