"""Law as code: the contact-course rules (rules-reference.md), pure Python, no Django.

``plan(case)`` plans one spell with explanations; ``plan_frame(...)`` plans many spells at once
and gives the same answers. ``frame_tables`` is ``plan_frame``'s input contract: the tables'
columns and types and the constructors every caller builds them with.
"""

from akasse.rules.frame import PlanFrame, plan_frame
from akasse.rules.frame_tables import FrameTables, cases_to_tables, job_events
from akasse.rules.jsonio import InputError, case_from_json, plan_to_json
from akasse.rules.law import Law, load_law
from akasse.rules.model import (
    Case,
    Channel,
    Conversation,
    Event,
    EventKind,
    Insurance,
    Kind,
    Member,
    Obligation,
    Owner,
    Plan,
    Regime,
    Status,
    Violation,
    ViolationCode,
)
from akasse.rules.plan import CaseError, plan
from akasse.rules.reference import Reference, ReferenceDataError, load_reference

__all__ = [
    "Case",
    "CaseError",
    "Channel",
    "Conversation",
    "Event",
    "EventKind",
    "FrameTables",
    "InputError",
    "Insurance",
    "Kind",
    "Law",
    "Member",
    "Obligation",
    "Owner",
    "Plan",
    "PlanFrame",
    "Reference",
    "ReferenceDataError",
    "Regime",
    "Status",
    "Violation",
    "ViolationCode",
    "case_from_json",
    "cases_to_tables",
    "job_events",
    "load_law",
    "load_reference",
    "plan",
    "plan_frame",
    "plan_to_json",
]
