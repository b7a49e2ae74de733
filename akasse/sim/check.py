"""``akasse simulate --check DIR``: the published figures (seeds 000/001) beside the same
figures computed from a dataset's tables, with tolerances.

The figures are computed from the Parquet tables alone, as any reader of the dataset would.
Counts scale with the dataset's scale factor. At small scales a figure's own sampling error
can exceed the published tolerance, so the tolerance used is the larger of the published one
and three standard errors of the simulated figure (shown beside it).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from akasse.dataset.read import DatasetError, read_table
from akasse.dataset.write import MANIFEST
from akasse.sim.config import SimError

COHORT = (dt.date(2020, 9, 1), dt.date(2021, 3, 31))  # seed 000 figures 9 and 10
JAN22 = dt.date(2022, 1, 31)
JAN23 = dt.date(2023, 1, 31)
START = dt.date(2020, 9, 1)
TRIAL_FUNDS = {"3F-A", "BUPL-A", "Dansk Metal-A", "FOA-A", "FTF-A", "HK-A", "MA-A", "Min-A", "SL-A"}


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


def read(data: Path, name: str) -> pl.DataFrame:
    """A table, with a missing or malformed one reported as the check's own error."""
    try:
        return read_table(data, name)
    except DatasetError as exc:
        raise SimError(str(exc)) from exc


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
    try:
        manifest = json.loads((data / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SimError(f"{data}: not a dataset ({MANIFEST} cannot be read: {exc})") from exc
    if not isinstance(manifest, dict):
        raise SimError(f"{data}: not a dataset ({MANIFEST} does not hold a JSON object)")
    factor = float(manifest.get("scale_factor", 1.0))
    spells = read(data, "spells")
    # National figures apply to a dataset that holds every trial fund.
    funds = set(read(data, "funds")["fund"])
    national = funds >= TRIAL_FUNDS
    visits = read(data, "visitations").join(spells.select("spell_id", "fund"), on="spell_id")
    out: list[Figure] = []
    if national:
        out += _referral_figures(visits, factor)
    out += _exit_figures(visits)
    national_figures = [
        *_conversation_figures(data, visits),
        *_status_figures(data, spells),
        *_offer_figures(data, spells),
        *_survey_figures(data),
    ]
    if not national:
        # Published for all funds together: shown for a one-fund dataset, but not binding.
        national_figures = [replace(f, binding=False) for f in national_figures]
    return out + national_figures


def _referral_figures(visits: pl.DataFrame, factor: float) -> list[Figure]:
    referred = visits.filter(pl.col("referred_on") >= START)
    to22 = referred.filter(pl.col("referred_on") <= JAN22)
    out = [
        _count("Visiterede sep. 2020 - jan. 2022", 44_589, factor, to22.height, 0.05),
        _count(
            "Visiterede sep. 2020 - jan. 2023",
            72_899,
            factor,
            referred.filter(pl.col("referred_on") <= JAN23).height,
            0.05,
        ),
    ]
    for fund, share in (("3F-A", 29.0), ("BUPL-A", 3.0), ("Min-A", 1.0)):
        n = to22.filter(pl.col("fund") == fund).height
        p = _pct(n, to22.height)
        out.append(
            Figure(
                f"Andel af visiterede: {fund} (pct.)",
                share,
                p,
                _share_tol(2, share, to22.height),
                "pct",
            )
        )
    # Exits are published but not among the checked figures: shown, not binding.
    for label, end, published in (
        ("Afsluttede sep. 2020 - jan. 2022", JAN22, 17_050),
        ("Afsluttede sep. 2020 - jan. 2023", JAN23, 39_003),
    ):
        exited = referred.filter(pl.col("exit_on") <= end).height
        out.append(replace(_count(label, published, factor, exited, 0.10), binding=False))
    june = dt.date(2021, 6, 30)
    covered = visits.filter((pl.col("referred_on") <= june) & (pl.col("exit_on") > june)).height
    out.append(_count("Omfattet ultimo juni 2021", 25_000, factor, covered, 0.10))
    return out


def _exit_figures(visits: pl.DataFrame) -> list[Figure]:
    """Every trial fund's shares of exits must lie in the published range across funds."""
    exits = visits.filter(pl.col("exit_on") <= JAN22)
    shares = exits.group_by("fund").agg(
        n=pl.len(),
        used=(pl.col("exit_reason") == "period_used").mean() * 100,
        left=(pl.col("exit_reason") == "left_fund").mean() * 100,
    )
    out = []
    for label, column, lo, hi in (
        ("Afsluttet, forsøgsperiode brugt (pct.)", "used", 42.0, 84.0),
        ("Afsluttet, udmeldt af a-kassen (pct.)", "left", 4.0, 38.0),
    ):
        for row in shares.sort("fund").iter_rows(named=True):
            value = float(row[column])
            mid, half = (lo + hi) / 2, (hi - lo) / 2
            # The sampling error of a share at the range's nearest end (never zero).
            tol = half + _share_tol(2, min(max(value, lo), hi), int(row["n"]))
            name = f"{label} {row['fund']}"
            out.append(Figure(name, mid, value, tol, "pct", f"{lo:g}-{hi:g}"))
    return out


def _conversation_figures(data: Path, visits: pl.DataFrame) -> list[Figure]:
    conv = read(data, "conversations").filter(
        (pl.col("status") == "held") & (pl.col("owner") == "akasse")
    )
    full = visits.filter((pl.col("exit_reason") == "period_used") & (pl.col("exit_on") <= JAN22))
    held = (
        full.join(conv.select("spell_id", "held_on"), on="spell_id", how="left")
        .filter(pl.col("held_on").is_null() | (pl.col("held_on") <= pl.col("exit_on")))
        .group_by("spell_id")
        .agg(n=pl.col("held_on").count())
    )
    n = held.height
    p = _pct(held.filter(pl.col("n") >= 3).height, n)
    return [
        Figure("Fuld forsøgsperiode med 3+ samtaler (pct.)", 76.0, p, _share_tol(3, 76, n), "pct")
    ]


def _status_figures(data: Path, spells: pl.DataFrame) -> list[Figure]:
    cohort = spells.filter(pl.col("first_day").is_between(*COHORT)).select("spell_id", "trial")
    weekly = read(data, "weekly_status").filter(pl.col("week").is_in([13, 26]))
    joined = cohort.join(weekly, on="spell_id", how="left")
    out = []
    targets = {
        True: {"dagpenge13": 50.0, "dagpenge26": 32.0, "employed26": 56.2, "six": 31.6},
        False: {"dagpenge13": 54.0, "dagpenge26": 33.0, "employed26": 54.4, "six": 33.3},
    }
    for trial, t in targets.items():
        group = joined.filter(pl.col("trial") == trial)
        n = cohort.filter(pl.col("trial") == trial).height
        label = "forsøg" if trial else "ikke-forsøg"

        def share(week: int, status: str, g: pl.DataFrame = group, n: int = n) -> float:
            return _pct(g.filter((pl.col("week") == week) & (pl.col("status") == status)).height, n)

        for name, week, status, target in (
            (f"På dagpenge efter 13 uger, {label} (pct.)", 13, "dagpenge", t["dagpenge13"]),
            (f"På dagpenge efter 26 uger, {label} (pct.)", 26, "dagpenge", t["dagpenge26"]),
            (f"I beskæftigelse efter 6 mdr., {label} (pct.)", 26, "employed", t["employed26"]),
            (f"På dagpenge efter 6 mdr., {label} (pct.)", 26, "dagpenge", t["six"]),
        ):
            out.append(Figure(name, target, share(week, status), _share_tol(2, target, n), "pct"))
    return out


def _offer_figures(data: Path, spells: pl.DataFrame) -> list[Figure]:
    offers = read(data, "lab_offers").join(spells.select("spell_id", "trial"), on="spell_id")
    started = offers.filter(
        pl.col("trial") & pl.col("started_on").is_not_null() & (pl.col("started_on") <= JAN23)
    )
    n = started.height
    out = []
    for kind, label, share in (
        ("guidance_upskilling", "vejledning og opkvalificering", 55.0),
        ("job_education_6w", "6 ugers jobrettet uddannelse", 26.0),
        ("internship", "virksomhedspraktik", 19.0),
        ("wage_subsidy", "løntilskud", 100 * 102 / 10_915),
    ):
        p = _pct(started.filter(pl.col("offer_type") == kind).height, n)
        out.append(
            Figure(
                f"LAB-tilbud påbegyndt: {label} (pct.)", share, p, _share_tol(5, share, n), "pct"
            )
        )
    return out


def _survey_figures(data: Path) -> list[Figure]:
    responses = read(data, "survey_responses")
    out = []
    for wave, rate in ((2022, 34.0), (2023, 31.0)):
        sent = responses.filter(pl.col("wave") == wave)
        p = _pct(sent.filter(pl.col("answered")).height, sent.height)
        out.append(
            Figure(
                f"Svarprocent tilfredshedsmåling {wave}",
                rate,
                p,
                _share_tol(2, rate, sent.height),
                "pct",
            )
        )
    return out
