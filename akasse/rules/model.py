"""The case a plan is made for, and the plan itself.

Hours are kept as integer hundredths of an hour (``Hours``): dagpenge hours have two decimals,
and integers add and compare exactly, so 16 x 160.33 reaches 16 months exactly. They are shown
as ``Decimal`` strings at the edges.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

Hours = int  # hundredths of an hour
Month = int  # months since 1970-01 (1970-01 is 0), as numpy's datetime64[M]


class Insurance(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"


class Kind(StrEnum):
    CV = "cv"
    JOB = "job"
    JOINT = "joint"
    AVAILABILITY = "availability"


class Channel(StrEnum):
    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


class Owner(StrEnum):
    AKASSE = "akasse"
    JOBCENTER = "jobcenter"


class EventKind(StrEnum):
    JOB_START = "job_start"
    REREGISTERED = "reregistered"
    LEFT_FUND = "left_fund"
    MOVED_OUT = "moved_out"


class Regime(StrEnum):
    PRE_2020 = "pre_2020"
    NORMAL_2020 = "normal_2020"
    TRIAL_2020 = "trial_2020"
    SIMPLIFIED_2024 = "simplified_2024"


class Status(StrEnum):
    MET = "met"
    LATE = "late"
    DUE = "due"
    OVERDUE = "overdue"
    LAPSED = "lapsed"


class ViolationCode(StrEnum):
    MERGE_NOT_ALLOWED = "merge_not_allowed"
    TOO_MANY_KINDS = "too_many_kinds"
    CHANNEL_NOT_COUNTED = "channel_not_counted"
    AFTER_SPELL_END = "after_spell_end"


ENDING_EVENTS = frozenset({EventKind.LEFT_FUND, EventKind.MOVED_OUT})


def hours_from_decimal(value: Decimal) -> Hours:
    """Hundredths of an hour; the caller has checked there are at most two decimals."""
    return int(value.scaleb(2))


def hours_to_decimal(value: Hours) -> Decimal:
    return Decimal(value).scaleb(-2).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Member:
    birth_date: dt.date
    insurance: Insurance
    fund: str
    municipality: str


@dataclass(frozen=True)
class Conversation:
    date: dt.date
    kinds: tuple[Kind, ...]
    channel: Channel
    owner: Owner = Owner.AKASSE


@dataclass(frozen=True)
class Event:
    date: dt.date
    kind: EventKind


@dataclass(frozen=True)
class Case:
    """One spell of unemployment as the fund knows it on ``as_of``.

    ``hours_paid`` maps a month (``Month``) to the hours paid in it (``Hours``).
    ``trial`` overrides the fund/municipality lookup when it is not None.
    """

    as_of: dt.date
    member: Member
    first_day: dt.date
    hours_paid: dict[Month, Hours]
    trial: bool | None = None
    conversations: tuple[Conversation, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass(frozen=True)
class Explanation:
    """Why a date is what it is: the rule, the parameter values used and the legal reference.

    ``reference`` is the source of the parameter values (a law, a study, a STAR page);
    ``law`` is the paragraph of the law or bekendtgørelse an obligation rests on, None where
    the sources name none (and for explanations that are no obligation)."""

    rule: str
    text: str
    parameters: dict[str, str]
    reference: str
    law: str | None = None


@dataclass(frozen=True)
class Obligation:
    kind: Kind
    number: int
    owner: Owner
    due_by: dt.date | None
    projected: bool
    in_person_required: bool
    akasse_role: str
    status: Status
    held_on: dt.date | None
    explanation: Explanation


@dataclass(frozen=True)
class Violation:
    date: dt.date
    code: ViolationCode
    kinds: tuple[Kind, ...]
    message: str


@dataclass(frozen=True)
class Plan:
    regime: Regime
    trial: bool
    transfer_date: dt.date | None
    projected: bool
    hours_consumed: Hours
    threshold: Hours | None
    special_effort_due_by: dt.date | None
    special_effort_projected: bool
    exhaustion_date: dt.date | None
    exhaustion_projected: bool
    akutpakke_eligible: bool
    in_work: bool
    spell_ended: dt.date | None
    obligations: tuple[Obligation, ...] = ()
    violations: tuple[Violation, ...] = ()
    explanations: dict[str, Explanation] = field(default_factory=dict)
