"""Small session plans written by hand: sessions and members with the defaults the tests
share (April 2025, Aarhus, in person, 9:00, six 45-minute slots)."""

from __future__ import annotations

from datetime import date, time, timedelta

from akasse.dataset.reference import municipality_km
from akasse.sessions import IN_PERSON, Member, Pair, Session

START = date(2025, 4, 1)
AARHUS, FAVRSKOV, SYDDJURS, SKANDERBORG, RANDERS = "0751", "0710", "0706", "0746", "0730"


def day(n: int) -> date:
    """The n-th day of April 2025 (1 is Tuesday 1 April)."""
    return START + timedelta(days=n - 1)


def pairs(n: int, tag: str = "") -> tuple[Pair, ...]:
    return tuple(Pair(f"JC{tag}{i + 1}", f"AK{tag}{i + 1}") for i in range(n))


def session(
    id: str,
    on: int,
    place: str = AARHUS,
    channel: str = IN_PERSON,
    n_pairs: int = 1,
    slots: int = 6,
    slot_minutes: int = 45,
    start: time = time(9),
) -> Session:
    return Session(id, day(on), place, channel, start, pairs(n_pairs, id), slots, slot_minutes)


def member(
    id: str,
    earliest: int = 1,
    due: int = 30,
    lives: str = AARHUS,
    accepts: tuple[str, ...] = (IN_PERSON,),
    conversations: int = 1,
    max_km: float | None = None,
) -> Member:
    return Member(id, lives, day(earliest), day(due), frozenset(accepts), conversations, max_km)


def km(a: str, b: str) -> float:
    """One way between two municipalities' centres, in tenths as the planner rounds it."""
    return round(float(municipality_km((a, b))[0, 1]) * 10) / 10
