"""What the API answers and accepts. Dates are ISO (``2022-03-14``), months ``2022-03``,
hours strings with two decimals (``"37.00"``: exact, never a binary fraction); codes are the
dataset's (docs/data.md) with their Danish titles beside them where the application shows
titles."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

Insurance = Literal["full_time", "part_time"]
ConversationStatus = Literal["booked", "held", "no_show", "cancelled"]
PlanEntryKind = Literal["goal", "agreement", "activity", "summary"]


def _iso_day(value: Any) -> Any:
    """Days only as ``YYYY-MM-DD``: pydantic would also read a number (``0``) as a day."""
    if isinstance(value, dt.date) or (
        isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
    ):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")


# A day given in a query: an ISO date and nothing else.
IsoDate = Annotated[dt.date, BeforeValidator(_iso_day)]
MONTH_PATTERN = r"^(19|20)\d{2}-(0[1-9]|1[0-2])$"
HOURS_PATTERN = r"^\d{1,5}(\.\d{1,2})?$"


class Clock(Schema):
    regime: str = Field(description="Regelsættet, som reglerne planlagde efter.")
    transfer_date: dt.date | None = Field(
        description="Overgangen til jobcentret, som reglerne sidst planlagde den."
    )
    projected: bool = Field(description="Overgangen er fremskrevet (ikke nået endnu).")
    hours_consumed: str = Field(description="Forbrugte timer, to decimaler.")


class Spell(Schema):
    id: int
    member_id: int
    fund: str = Field(description="A-kassens kode.")
    branch_id: int
    municipality: str = Field(description="Bopælskommunens kode.")
    first_day: dt.date
    insurance: Insurance
    trial: bool
    age: int
    transfer_date: dt.date | None = Field(description="Overgangen, når den er sket.")
    weekly_status: str = Field(description="Én bogstav pr. uge fra uge 0: d, e eller o.")
    status_until: dt.date | None
    caseworker_id: int | None
    clock: Clock


class SpellPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[Spell]


class Hours(Schema):
    month: str = Field(pattern=MONTH_PATTERN, examples=["2022-03"])
    hours: str = Field(pattern=HOURS_PATTERN, examples=["37.00"])


class HoursPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[Hours]


class HoursIn(Schema):
    hours: str = Field(
        pattern=HOURS_PATTERN,
        description="Månedens udbetalte timer med højst to decimaler.",
        examples=["37.00"],
    )


class HoursWritten(Schema):
    spell_id: int
    month: str = Field(pattern=MONTH_PATTERN)
    hours: str = Field(pattern=HOURS_PATTERN)
    created: bool = Field(description="Måneden havde ingen timer før.")
    clock: Clock = Field(description="Forløbet planlagt igen med de nye timer.")


class Conversation(Schema):
    id: int
    spell_id: int
    kinds: list[str] = Field(description="Samtaletyperne, f.eks. cv og job.")
    title: str = Field(description="Samtaletyperne, som sagen viser dem.")
    owner: str
    channel: str
    status: ConversationStatus
    booked_on: dt.date
    planned_for: dt.date
    held_on: dt.date | None
    branch_id: int
    caseworker_id: int | None
    participants: str
    summary: str = Field(description="Referatet.")


class ConversationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[Conversation]


class Obligation(Schema):
    kind: str
    number: int
    title: str = Field(examples=["CV-samtale nr. 1"])
    owner: str
    due_by: dt.date | None
    projected: bool
    status: str
    held_on: dt.date | None


class Plan(Schema):
    spell_id: int
    planned_on: dt.date | None = Field(description="Dagen, planen blev lagt (tom: aldrig).")
    clock: Clock
    obligations: list[Obligation]


class PlanEntry(Schema):
    id: int
    kind: PlanEntryKind
    title: str
    text: str
    conversation_id: int | None
    created_at: dt.datetime


class PlanEntryPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PlanEntry]


class Offer(Schema):
    id: int
    spell_id: int
    offer_type: str = Field(description="Tilbuddets kode i kataloget.")
    name: str
    source: str = Field(description="Hvem giver tilbuddet: jobcentret eller a-kassen.")
    requested_on: dt.date
    granted_on: dt.date | None
    started_on: dt.date | None
    requested_at: dt.datetime | None
    decided_at: dt.datetime | None
    pending: bool = Field(description="Anmodet hos jobcentret og ikke afgjort.")
    refused: bool


class OfferPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[Offer]


class DecisionIn(Schema):
    decision: Literal["grant", "refuse"] = Field(description="Bevilg eller afslå.")


class CvJob(Schema):
    disco: str = Field(description="DISCO-08-kode.")
    title: str
    employer: str
    from_date: dt.date
    to_date: dt.date | None


class Cv(Schema):
    updated_on: dt.date
    searchable: bool
    wish_text: str
    wished_disco: list[str] = Field(description="Ønskede stillinger (DISCO-08), mest ønsket først.")
    education_level: str
    education_field: str | None
    skills: list[str]
    driving_licence: bool
    languages: list[str]
    hours_wished: str
    max_travel_km: int
    jobs: list[CvJob]


class Party(Schema):
    name: str
    lines: list[str] = Field(description="Adresse og kontakt, som brevhovedet viser dem.")


class Handover(Schema):
    spell_id: int
    member_id: int
    document_date: dt.date
    sender: Party
    branch: str
    recipient: Party
    first_day: dt.date
    plan: Plan
    conversations: list[Conversation]
    plan_entries: list[PlanEntry]
    offers: list[Offer]
    cv: Cv | None
