"""How each dataset table maps onto the case database: its model, the columns that identify a
row, the columns that name rows of other tables, and the codes a column may hold."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models

from akasse.rules import Channel, Insurance, Kind, Owner, Regime
from akasse.web.casework.models import Conversation, Offer
from akasse.web.jobs.models import (
    Cv,
    CvJob,
    Employer,
    HoursWished,
    JoblogEntry,
    JobOpening,
    JobPresentation,
    Placement,
)
from akasse.web.members.models import (
    Branch,
    Caseworker,
    Consultant,
    Employment,
    Fund,
    Gender,
    HoursPaid,
    Member,
    Municipality,
    Spell,
    TrialParticipation,
    Visitation,
)
from akasse.web.monitoring.models import SurveyResponse
from akasse.web.profiling.models import ProfilingInput

# The simulated-only table: never loaded, never exported.
TRUTH = "truth"

GENDERS = tuple(Gender.values)
ORIGINS = ("danish", "western", "non_western")
EDUCATIONS = ("none", "upper_secondary", "vocational", "short", "medium", "long")
REGIONS = ("Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland")
# weekly_status.status and its one-letter form in Spell.weeks.
WEEK_LETTERS = {"dagpenge": "d", "employed": "e", "other": "o"}
MAX_WEEKS = 104


def _values(codes: Iterable[StrEnum]) -> tuple[str, ...]:
    return tuple(c.value for c in codes)


KINDS = _values(Kind)
# 'booked' is the app's own future booking; the dataset holds only outcomes.
CONVERSATION_STATUSES = ("held", "no_show", "cancelled")


@dataclass(frozen=True)
class Spec:
    """One dataset table. ``model`` is None for a table stored on another table's rows."""

    table: str
    model: type[models.Model] | None
    key: tuple[str, ...]
    # Dataset column -> model attribute where the two names differ.
    renames: Mapping[str, str] = field(default_factory=dict)
    # Column -> the table whose (single-column) key it names.
    refs: Mapping[str, str] = field(default_factory=dict)
    codes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # List columns, stored comma-separated (as Conversation.kinds).
    lists: tuple[str, ...] = ()

    def attname(self, column: str) -> str:
        return self.renames.get(column, column)

    @property
    def unique_fields(self) -> list[str]:
        return [self.attname(c) for c in self.key]


_FUND = {"fund": "fund_id"}
_PLACE = {"municipality": "municipality_id"}
_SPELL = {"spell_id": "spells"}

SPECS: tuple[Spec, ...] = (
    Spec(
        "funds",
        Fund,
        ("fund",),
        {"fund": "code"},
        codes={"profile": ("manual", "office", "care", "welfare", "academic", "mixed")},
    ),
    Spec(
        "municipalities",
        Municipality,
        ("municipality",),
        {"municipality": "code"},
        codes={"region": REGIONS},
    ),
    Spec(
        "consultants",
        Consultant,
        ("consultant_id",),
        {"consultant_id": "id", **_PLACE},
        {"municipality": "municipalities"},
    ),
    Spec(
        "trial_participation",
        TrialParticipation,
        ("fund", "municipality"),
        {**_FUND, **_PLACE},
        {"fund": "funds", "municipality": "municipalities"},
        {"list_source": ("published", "simulated")},
    ),
    Spec(
        "branches",
        Branch,
        ("branch_id",),
        {"branch_id": "id", **_FUND, **_PLACE},
        {"fund": "funds", "municipality": "municipalities"},
    ),
    Spec(
        "caseworkers",
        Caseworker,
        ("caseworker_id",),
        {"caseworker_id": "id", **_FUND},
        {"fund": "funds", "branch_id": "branches"},
    ),
    Spec(
        "members",
        Member,
        ("member_id",),
        {"member_id": "id", "cpr": "cpr_digest"},
        codes={"gender": GENDERS, "origin": ORIGINS, "education": EDUCATIONS},
    ),
    # The reference lists' codes (skills, education fields, DISCO-08) are checked in validate.
    Spec(
        "cvs",
        Cv,
        ("member_id",),
        refs={"member_id": "members"},
        codes={"education_level": EDUCATIONS, "hours_wished": tuple(HoursWished.values)},
        lists=("skills", "languages", "wished_disco"),
    ),
    Spec(
        "cv_jobs",
        CvJob,
        ("cv_job_id",),
        {"cv_job_id": "id", "member_id": "cv_id"},
        {"member_id": "cvs"},
    ),
    Spec(
        "spells",
        Spell,
        ("spell_id",),
        {"spell_id": "id", **_FUND, **_PLACE},
        {
            "member_id": "members",
            "fund": "funds",
            "branch_id": "branches",
            "municipality": "municipalities",
        },
        {"insurance": _values(Insurance), "regime": _values(Regime)},
    ),
    Spec(
        "weekly_status",
        None,
        ("spell_id", "week"),
        refs=_SPELL,
        codes={"status": tuple(WEEK_LETTERS)},
    ),
    Spec("hours", HoursPaid, ("spell_id", "month"), refs=_SPELL),
    Spec(
        "visitations",
        Visitation,
        ("spell_id",),
        refs=_SPELL,
        codes={"exit_reason": tuple(Visitation.ExitReason.values)},
    ),
    Spec(
        "conversations",
        Conversation,
        ("conversation_id",),
        {"conversation_id": "id"},
        {**_SPELL, "caseworker_id": "caseworkers", "branch_id": "branches"},
        {
            "owner": _values(Owner),
            "channel": _values(Channel),
            "status": CONVERSATION_STATUSES,
        },
    ),
    # offer_type's codes are the database's LAB catalogue, looked up when validating.
    Spec(
        "lab_offers",
        Offer,
        ("offer_id",),
        {"offer_id": "id", "offer_type": "offer_type_id"},
        _SPELL,
    ),
    Spec("employers", Employer, ("cvr",), _PLACE, {"municipality": "municipalities"}),
    Spec(
        "job_openings",
        JobOpening,
        ("opening_id",),
        {"opening_id": "id", "employer_cvr": "employer_id", **_FUND, **_PLACE},
        {"fund": "funds", "employer_cvr": "employers", "municipality": "municipalities"},
        {"source": tuple(JobOpening.Source.values), "requires_education": EDUCATIONS},
        lists=("requires_skills",),
    ),
    Spec(
        "job_presentations",
        JobPresentation,
        ("presentation_id",),
        {"presentation_id": "id"},
        {**_SPELL, "opening_id": "job_openings"},
    ),
    Spec(
        "placements",
        Placement,
        ("placement_id",),
        {"placement_id": "id"},
        {**_SPELL, "opening_id": "job_openings"},
    ),
    Spec(
        "joblog",
        JoblogEntry,
        ("entry_id",),
        {"entry_id": "id"},
        {**_SPELL, "opening_id": "job_openings"},
        {"channel": tuple(JoblogEntry.Channel.values)},
    ),
    Spec(
        "employment",
        Employment,
        ("employment_id",),
        {"employment_id": "id"},
        _SPELL,
        {"kind": tuple(Employment.Kind.values)},
    ),
    Spec(
        "survey_responses",
        SurveyResponse,
        ("response_id",),
        {"response_id": "id", **_FUND},
        {**_SPELL, "fund": "funds"},
        {
            "age_group": ("18-29", "30-39", "40-49", "50-59", "60+"),
            "gender": GENDERS,
            "education": EDUCATIONS,
        },
    ),
    Spec(
        "profiling",
        ProfilingInput,
        ("spell_id",),
        refs=_SPELL,
        codes={
            "gender": GENDERS,
            "education": EDUCATIONS,
            "origin": ORIGINS,
            "region": REGIONS,
            "expect_job": (
                "have_new_job",
                "within_3_months",
                "within_6_months",
                "over_6_months",
                "leave_labour_market",
                "dont_know",
            ),
        },
    ),
)

BY_TABLE = {spec.table: spec for spec in SPECS}


def hours_digits() -> tuple[int, int]:
    """HoursPaid.hours's digits in all and after the decimal point."""
    field = HoursPaid._meta.get_field("hours")
    assert isinstance(field, models.DecimalField)
    assert field.max_digits is not None and field.decimal_places is not None
    return field.max_digits, field.decimal_places
