"""Timeliness through the rules engine: the statuses add up, and a known spell is judged as
the per-case planner judges it."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
from pathlib import Path

import polars as pl

from akasse.stats.dataset import Dataset, Selection
from akasse.stats.timeliness import JUDGED, obligations, timeliness


def test_it_shares_obligations_met_on_time(dataset: Path) -> None:
    t = timeliness(Dataset(dataset), Selection(fund="FOA-A"))
    assert (
        t.by_kind["met"] + t.by_kind["late"] + t.by_kind["overdue"] == t.by_kind["judged"]
    ).all()
    assert ((t.by_kind["on_time"] >= 0) & (t.by_kind["on_time"] <= 1)).all()
    assert set(t.by_kind["kind"]) <= {"cv", "job", "joint", "availability"}
    assert t.by_fund["fund"].unique().to_list() == ["FOA-A"]
    met = t.obligations.filter(pl.col("status") == "met")
    assert met["held_on"].null_count() == 0 and (met["held_on"] <= met["due_by"]).all()


def test_it_judges_a_spell_as_the_per_case_planner_does(dataset: Path) -> None:
    """One trial spell through ``akasse plan`` (the explained per-case path) and through the
    report's batch path must give the same statuses."""
    rows = obligations(Dataset(dataset), Selection(fund="3F-A"))
    spell_id = rows.filter(pl.col("status").is_in(JUDGED))["spell_id"][0]
    spell = (
        pl.read_parquet(dataset / "spells.parquet")
        .filter(pl.col("spell_id") == spell_id)
        .row(0, named=True)
    )
    hours = pl.read_parquet(dataset / "hours.parquet").filter(pl.col("spell_id") == spell_id)
    conv = pl.read_parquet(dataset / "conversations.parquet").filter(
        (pl.col("spell_id") == spell_id) & (pl.col("status") == "held")
    )
    weekly = (
        pl.read_parquet(dataset / "weekly_status.parquet")
        .filter(pl.col("spell_id") == spell_id)
        .sort("week")
    )
    events = []
    weeks = list(weekly.iter_rows(named=True))
    for before, now in itertools.pairwise(weeks):
        date = (spell["first_day"] + dt.timedelta(weeks=now["week"])).isoformat()
        if before["status"] == "dagpenge" and now["status"] == "employed":
            events.append({"date": date, "kind": "job_start"})
        if before["status"] == "employed" and now["status"] == "dagpenge":
            events.append({"date": date, "kind": "reregistered"})
    case = {
        "as_of": "2024-12-31",
        "member": {
            "birth_date": "1980-01-01",
            "insurance": spell["insurance"],
            "fund": spell["fund"],
            "municipality": spell["municipality"],
        },
        "first_unemployment_day": spell["first_day"].isoformat(),
        "trial": spell["trial"],
        "hours_paid": {
            m.strftime("%Y-%m"): h for m, h in hours.select("month", "hours").iter_rows()
        },
        "conversations": [
            {"date": d.isoformat(), "kinds": k, "channel": c, "owner": o}
            for d, k, c, o in conv.select("held_on", "kinds", "channel", "owner").iter_rows()
        ],
        "events": events,
    }
    result = subprocess.run(
        [sys.executable, "-m", "akasse.cli", "plan", "-"],
        input=json.dumps(case),
        capture_output=True,
        text=True,
        check=True,
    )
    planned = [
        (o["kind"], o["number"], o["status"])
        for o in json.loads(result.stdout)["obligations"]
        if o["owner"] == "akasse"
    ]
    ours = rows.filter(pl.col("spell_id") == spell_id).sort("kind", "number")
    assert sorted(planned) == sorted(ours.select("kind", "number", "status").iter_rows())
