"""The planner's input (sessions, their pairs, the members to place, the limits) and its output
(a plan: one assignment or one explained non-placement per member). Plain frozen dataclasses;
``akasse.sessions.validate`` checks the input before anything is planned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

# The values of akasse.rules' Channel (this engine imports only the dataset layer).
IN_PERSON, PHONE, VIDEO = "in_person", "phone", "video"
CHANNELS = (IN_PERSON, PHONE, VIDEO)


@dataclass(frozen=True)
class Limits:
    """The agreed limits of a joint-conversation session day.

    ``per_pair``: conversations a pair holds at most in one session (seed 001, MA-A: "maks.
    fire samtaler"). ``max_wait``: minutes a member with two conversations that day waits at
    most between them (same source: "ventetiden ... ikke overstiger 45 minutter").
    ``max_km``: the farthest (one way, municipality centre to centre) a member is asked to
    travel to an in-person session unless the member has a limit of their own."""

    per_pair: int = 4
    max_wait: int = 45
    max_km: float = 50.0


@dataclass(frozen=True)
class Pair:
    """The two consultants who hold the conversations together: one from the jobcentre (JKJ)
    and one from the fund (JKA), each named by an identifier."""

    jobcentre: str
    fund: str

    def __str__(self) -> str:
        return f"{self.jobcentre}+{self.fund}"


@dataclass(frozen=True)
class Session:
    """One session agreed between the jobcentre and the fund: a day, a place (the code of the
    municipality whose centre it is held in), a channel, a start time, ``slots`` conversation
    times of ``slot_minutes`` each, one after the other, and the pairs who hold them. Each pair
    holds at most ``Limits.per_pair`` conversations, one at a time."""

    id: str
    day: date
    place: str
    channel: str
    start: time
    pairs: tuple[Pair, ...]
    slots: int = 6
    slot_minutes: int = 45

    def slot_start(self, slot: int) -> time:
        return self._at(slot * self.slot_minutes)

    def slot_end(self, slot: int) -> time:
        return self._at((slot + 1) * self.slot_minutes)

    @property
    def end(self) -> time:
        return self._at(self.slots * self.slot_minutes)

    def _at(self, minutes: int) -> time:
        return (datetime.combine(self.day, self.start) + timedelta(minutes=minutes)).time()


@dataclass(frozen=True)
class Member:
    """A member whose joint conversation is to be held on a day from ``earliest`` to ``due``
    (both inclusive: held on the due date is in time). ``conversations`` is 2 when the member
    has a second conversation that day (held in the same session, by one of its pairs).
    ``accepts``: the channels the member takes part in; phone and video only if they said yes.
    ``max_km``: the member's own limit on travel to an in-person session (None: the limits')."""

    id: str
    municipality: str
    earliest: date
    due: date
    accepts: frozenset[str] = frozenset({IN_PERSON})
    conversations: int = 1
    max_km: float | None = None


class Reason(StrEnum):
    """Why a member was not placed, the first that applies in this order."""

    NO_SESSION_BEFORE_DUE = "no_session_before_due"
    CHANNEL_NOT_ACCEPTED = "channel_not_accepted"
    TOO_FAR = "too_far"
    NO_ROOM_FOR_TWO = "no_room_for_two"
    SESSIONS_FULL = "sessions_full"


@dataclass(frozen=True)
class Booking:
    """One conversation: held by ``pair`` in slot ``slot`` (0 first) from ``start`` to ``end``."""

    pair: Pair
    slot: int
    start: time
    end: time


@dataclass(frozen=True)
class Assignment:
    """A placed member: the session, the conversation(s) in time order, and the km travelled
    one way (0 for phone and video)."""

    member: str
    session: str
    day: date
    bookings: tuple[Booking, ...]
    km: float

    @property
    def pair(self) -> Pair:
        """The pair of the (first) conversation."""
        return self.bookings[0].pair


@dataclass(frozen=True)
class Unplaced:
    """A member the plan could not place: the reason code, a Danish explanation, and the
    sessions from earliest to due the member could otherwise have attended."""

    member: str
    reason: Reason
    message: str
    sessions: tuple[str, ...] = ()


@dataclass(frozen=True)
class SolveReport:
    """How the CP-SAT solver did. The placements are maximised first (``placement_status``,
    ``placed`` and the proven ``placed_bound``), then the km minimised keeping that many placed
    (``km_status``, ``km`` and ``km_bound``, in km; ``gap`` is (km - bound) / km)."""

    placement_status: str
    placed: int
    placed_bound: int
    km_status: str
    km: float
    km_bound: float
    gap: float
    seconds: float
    workers: int
    seed: int
    variables: int
    constraints: int

    @property
    def status(self) -> str:
        """OPTIMAL when both steps proved their optimum; WITHIN_GAP when the km step stopped
        at the relative gap asked for (CP-SAT calls that OPTIMAL too); else the weaker of the
        two steps' statuses (FEASIBLE: stopped by the time limit)."""
        order = ("OPTIMAL", "FEASIBLE", "UNKNOWN", "MODEL_INVALID", "INFEASIBLE")
        worst = order[max(order.index(self.placement_status), order.index(self.km_status))]
        return "WITHIN_GAP" if worst == "OPTIMAL" and self.km > self.km_bound else worst


@dataclass(frozen=True)
class Plan:
    """The planner's answer: every member once, either in ``assignments`` or in ``unplaced``,
    each in the members' order. ``method`` is ``cp-sat`` or ``first-fit``."""

    method: str
    assignments: tuple[Assignment, ...]
    unplaced: tuple[Unplaced, ...]
    report: SolveReport | None = None

    @property
    def placed(self) -> int:
        return len(self.assignments)

    @property
    def km(self) -> float:
        return round(sum(a.km for a in self.assignments), 1)

    def assignment(self, member: str) -> Assignment | None:
        return next((a for a in self.assignments if a.member == member), None)

    def reason(self, member: str) -> Unplaced | None:
        return next((u for u in self.unplaced if u.member == member), None)
