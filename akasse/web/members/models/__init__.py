from akasse.web.members.models.people import (
    Employment,
    Gender,
    HoursPaid,
    Insurance,
    Member,
    Spell,
    Visitation,
    member_name,
)
from akasse.web.members.models.reference import (
    Branch,
    Caseworker,
    Fund,
    Municipality,
    OfferType,
    TrialParticipation,
)

__all__ = [
    "Branch",
    "Caseworker",
    "Employment",
    "Fund",
    "Gender",
    "HoursPaid",
    "Insurance",
    "Member",
    "Municipality",
    "OfferType",
    "Spell",
    "TrialParticipation",
    "Visitation",
    "member_name",
]
