"""Random spells for testing and benchmarking the planners (not the simulated population:
these are drawn to hit the rules' edges, not to look like Denmark).

``random_cases`` draws cases around every date and threshold in rules-reference.md;
``frame_tables.cases_to_tables`` turns them into ``plan_frame``'s tables;
``bulk_frames`` makes large tables directly with NumPy for the benchmark.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from akasse.rules.dates import month_of
from akasse.rules.frame_tables import as_table
from akasse.rules.model import (
    Case,
    Channel,
    Conversation,
    Event,
    EventKind,
    Insurance,
    Kind,
    Member,
    Owner,
)

# First days near the dates where the rules change, plus ordinary ones.
_ANCHORS = [
    dt.date(2011, 6, 1),
    dt.date(2012, 1, 15),
    dt.date(2019, 12, 31),
    dt.date(2020, 1, 1),
    dt.date(2020, 2, 29),
    dt.date(2020, 8, 31),
    dt.date(2020, 9, 1),
    dt.date(2020, 12, 31),
    dt.date(2021, 6, 30),
    dt.date(2021, 11, 30),
    dt.date(2021, 12, 19),
    dt.date(2022, 1, 31),
    dt.date(2023, 12, 31),
    dt.date(2024, 1, 1),
    dt.date(2024, 1, 31),
    dt.date(2025, 5, 31),
]
_FUNDS = [
    ("FOA-A", "0751"),
    ("FOA-A", "0851"),
    ("BUPL-A", "0101"),
    ("BUPL-A", "0461"),
    ("Krifa", "0101"),
    ("SL-A", "0825"),
    ("MA-A", "0461"),
]
_PAIRS = [
    [Kind.CV],
    [Kind.JOB],
    [Kind.JOINT],
    [Kind.AVAILABILITY],
    [Kind.CV, Kind.JOB],
    [Kind.CV, Kind.JOINT],
    [Kind.AVAILABILITY, Kind.JOB],
    [Kind.AVAILABILITY, Kind.JOINT],
    [Kind.CV, Kind.AVAILABILITY],
    [Kind.JOB, Kind.JOINT],
    [Kind.CV, Kind.JOB, Kind.JOINT],
]
_NORMS = {Insurance.FULL_TIME: 16033, Insurance.PART_TIME: 13000}


def _hours(rng: np.random.Generator, insurance: Insurance, months: int) -> list[int]:
    norm = _NORMS[insurance]
    style = rng.integers(4)
    if style == 0:  # full months
        return [norm] * months
    if style == 1:  # exactly at the transfer threshold after three months
        threshold = 41000 if insurance is Insurance.FULL_TIME else 33300
        first = [norm, norm, threshold - 2 * norm]
        return (first + [norm] * months)[:months]
    if style == 2:  # irregular, with zero months
        return [int(h) for h in rng.choice([0, 3700, 8000, norm, norm, 17000], size=months)]
    return [int(h) for h in rng.integers(0, 17500, size=months)]


def _case(rng: np.random.Generator) -> Case:
    anchor = _ANCHORS[rng.integers(len(_ANCHORS))]
    first_day = anchor + dt.timedelta(days=int(rng.integers(-20, 21)))
    insurance = Insurance.PART_TIME if rng.random() < 0.3 else Insurance.FULL_TIME
    fund, municipality = _FUNDS[rng.integers(len(_FUNDS))]
    start = month_of(first_day) + int(rng.integers(0, 2))
    if first_day.year < 2013:  # long histories into the 2012-13 akutpakke window
        months = int(rng.integers(16, 27))
        as_of = dt.date(2012, 9, 10) + dt.timedelta(days=int(rng.integers(0, 305)))
    else:
        months = int(rng.integers(0, 14))
        as_of = first_day + dt.timedelta(days=int(rng.integers(-10, 500)))
    paid = dict(zip(range(start, start + months), _hours(rng, insurance, months), strict=True))
    if paid and rng.random() < 0.3:  # one or two months missing from the record (gaps)
        gone = rng.choice(list(paid), size=min(len(paid), int(rng.integers(1, 3))), replace=False)
        for month in gone:
            del paid[int(month)]
    conversations = tuple(
        Conversation(
            date=first_day + dt.timedelta(days=int(rng.integers(0, 200))),
            kinds=tuple(_PAIRS[rng.integers(len(_PAIRS))]),
            channel=[Channel.IN_PERSON, Channel.PHONE, Channel.VIDEO][rng.integers(3)],
            owner=Owner.JOBCENTER if rng.random() < 0.15 else Owner.AKASSE,
        )
        for _ in range(int(rng.integers(0, 7)))
    )
    events = tuple(
        Event(
            first_day + dt.timedelta(days=int(rng.integers(0, 300))),
            list(EventKind)[rng.choice(4, p=[0.45, 0.35, 0.1, 0.1])],
        )
        for _ in range(int(rng.integers(0, 4)))
    )
    trial = [None, True, False][rng.integers(3)]
    if fund in ("BUPL-A", "Krifa", "FOA-A", "SL-A", "MA-A") and rng.random() < 0.5:
        trial = None
    return Case(
        as_of=as_of,
        member=Member(dt.date(1980, 1, 1), insurance, fund, municipality),
        first_day=first_day,
        hours_paid=paid,
        trial=trial,
        conversations=conversations,
        events=events,
    )


def random_cases(n: int, seed: int) -> list[Case]:
    rng = np.random.default_rng(seed)
    return [_case(rng) for _ in range(n)]


def bulk_frames(n: int, months: int, seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``n`` spells from 2020 to 2025 with ``months`` months of paid hours each, made with NumPy
    (for the benchmark: a million spells in a second or two)."""
    rng = np.random.default_rng(seed)
    epoch = np.datetime64("1970-01-01", "D")
    start = (np.datetime64("2020-01-01", "D") - epoch).astype(np.int64)
    first_day = start + rng.integers(0, 6 * 365, size=n)
    as_of = first_day + rng.integers(0, 400, size=n)
    funds = np.array(["FOA-A", "3F-A", "HK-A", "Krifa", "BUPL-A"])
    first_month = first_day.astype("datetime64[D]").astype("datetime64[M]")
    spell = np.repeat(np.arange(n, dtype=np.int64), months)
    month = (np.repeat(first_month, months) + np.tile(np.arange(months), n)).astype("datetime64[D]")
    hours = rng.choice(np.array([0.0, 37.0, 80.5, 160.33, 160.33, 160.33, 148.0]), size=n * months)
    spells = pl.DataFrame(
        {
            "spell_id": np.arange(n, dtype=np.int64),
            "as_of": as_of.astype("datetime64[D]"),
            "first_day": first_day.astype("datetime64[D]"),
            "insurance": np.where(rng.random(n) < 0.2, "part_time", "full_time"),
            "fund": funds[rng.integers(0, len(funds), size=n)],
            "municipality": np.full(n, "0751"),
            "trial": rng.random(n) < 0.5,
        }
    )
    hours_table = pl.DataFrame({"spell_id": spell, "month": month, "hours": hours})
    return as_table("spells", spells), as_table("hours", hours_table)
