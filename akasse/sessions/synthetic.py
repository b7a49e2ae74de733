"""A month of joint-conversation sessions in one municipality and the members to place in them,
drawn from one seeded random stream (the benchmark's instance; the same seed, the same input).

The agreement: session days on Tuesdays, Wednesdays and Thursdays that are not public
holidays, three sessions a day at the same time (so each has its own consultants): in person
at the jobcentre (the municipality's centre) every day, in person at one of the fund's two
branches in the nearest neighbouring municipalities, and one by video or phone; 2-4 pairs each,
six 45-minute slots. The members' due dates fall on the days of the month evenly, the earliest
date three weeks before; most live in the municipality, the rest in its five nearest
neighbours; a fifth have a second conversation that day, about half accept video and two in
five phone, one in ten travels at most 15 km."""

from __future__ import annotations

from datetime import date, time, timedelta

import holidays
import numpy as np

from akasse.dataset.reference import municipality_km, places

from .model import IN_PERSON, PHONE, VIDEO, Member, Pair, Session

HOME, BRANCH, SECOND = "home", "branch", "second"
# weekday (Monday 0) -> (place, channel, start) of that day's sessions
AGREEMENT = {
    1: ((HOME, IN_PERSON, time(9)), (BRANCH, IN_PERSON, time(9)), (HOME, VIDEO, time(9))),
    2: ((HOME, IN_PERSON, time(9)), (SECOND, IN_PERSON, time(9)), (HOME, PHONE, time(9))),
    3: ((HOME, IN_PERSON, time(9)), (BRANCH, IN_PERSON, time(9)), (HOME, VIDEO, time(12, 30))),
}
SLOTS, SLOT_MINUTES = 6, 45
CONSULTANTS = 12  # per organisation; a day's sessions draw distinct ones
HOME_SHARE, NEIGHBOURS = 0.6, 5
WINDOW_DAYS = 21
TWO_SHARE, VIDEO_SHARE, PHONE_SHARE = 0.2, 0.5, 0.4
SHORT_SHARE, SHORT_KM = 0.1, 15.0


def neighbours(municipality: str, count: int) -> list[str]:
    """The ``count`` municipalities whose centres are nearest to ``municipality``'s."""
    codes = tuple(places()["code"])
    km = municipality_km(codes)[codes.index(municipality)]
    order = [codes[i] for i in np.argsort(km, kind="stable") if codes[i] != municipality]
    return order[:count]


def session_days(month: date) -> list[date]:
    closed = holidays.country_holidays("DK", years=month.year)
    first = month.replace(day=1)
    days = [first + timedelta(days=i) for i in range(31)]
    return [
        d for d in days if d.month == first.month and d.weekday() in AGREEMENT and d not in closed
    ]


def month_sessions(rng: np.random.Generator, municipality: str, month: date) -> list[Session]:
    near = neighbours(municipality, 2)
    where = {HOME: municipality, BRANCH: near[0], SECOND: near[1]}
    out = []
    for day in session_days(month):
        jobcentre = iter(rng.permutation(CONSULTANTS) + 1)
        fund = iter(rng.permutation(CONSULTANTS) + 1)
        for place, channel, start in AGREEMENT[day.weekday()]:
            pairs = tuple(
                Pair(f"JC{next(jobcentre):02d}", f"AK{next(fund):02d}")
                for _ in range(int(rng.integers(2, 5)))
            )
            out.append(
                Session(
                    f"{day.isoformat()}-{where[place]}-{channel}-{start:%H%M}",
                    day,
                    where[place],
                    channel,
                    start,
                    pairs,
                    SLOTS,
                    SLOT_MINUTES,
                )
            )
    return out


def month_members(
    rng: np.random.Generator, municipality: str, month: date, count: int
) -> list[Member]:
    first = month.replace(day=1)
    length = ((first + timedelta(days=32)).replace(day=1) - first).days
    lives = np.where(
        rng.random(count) < HOME_SHARE,
        municipality,
        np.array(neighbours(municipality, NEIGHBOURS))[rng.integers(0, NEIGHBOURS, count)],
    )
    due = rng.integers(0, length, count)
    two = rng.random(count) < TWO_SHARE
    video, phone = rng.random(count) < VIDEO_SHARE, rng.random(count) < PHONE_SHARE
    short = rng.random(count) < SHORT_SHARE
    out = []
    for i in range(count):
        accepts = {IN_PERSON} | ({VIDEO} if video[i] else set()) | ({PHONE} if phone[i] else set())
        day = first + timedelta(days=int(due[i]))
        out.append(
            Member(
                f"M{i + 1:04d}",
                str(lives[i]),
                day - timedelta(days=WINDOW_DAYS),
                day,
                frozenset(accepts),
                2 if two[i] else 1,
                SHORT_KM if short[i] else None,
            )
        )
    return out


def month_instance(
    seed: int, municipality: str = "0751", members: int = 400, month: date = date(2025, 4, 1)
) -> tuple[list[Session], list[Member]]:
    """The sessions of ``month`` in ``municipality`` and ``members`` members due that month."""
    rng = np.random.default_rng(seed)
    sessions = month_sessions(rng, municipality, month)
    return sessions, month_members(rng, municipality, month, members)
