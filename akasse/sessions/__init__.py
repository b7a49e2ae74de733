"""The joint-conversation session planner (fællessamtaler): members placed in the session days
the jobcentre and the fund agree, within each member's deadline, at most four conversations
per pair and session, at most 45 minutes' wait for a member with two conversations that day,
and the fewest km travelled; those left out are explained. Solved with OR-Tools CP-SAT and
compared with a first-fit baseline (docs/sessions.md)."""

from __future__ import annotations

from .check import violations
from .model import (
    CHANNELS,
    IN_PERSON,
    PHONE,
    VIDEO,
    Assignment,
    Booking,
    Limits,
    Member,
    Pair,
    Plan,
    Reason,
    Session,
    SolveReport,
    Unplaced,
)
from .planner import Planner, first_fit
from .validate import SessionsError

__all__ = [
    "CHANNELS",
    "IN_PERSON",
    "PHONE",
    "VIDEO",
    "Assignment",
    "Booking",
    "Limits",
    "Member",
    "Pair",
    "Plan",
    "Planner",
    "Reason",
    "Session",
    "SessionsError",
    "SolveReport",
    "Unplaced",
    "first_fit",
    "violations",
]
