"""A small fund world for the web tests: two funds, branches, caseworkers, members, slots and
one user per persona. Dates are in March 2022, when FOA-A ran the trial in Aarhus."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from akasse.web.accounts.models import Role, User
from akasse.web.casework.models import Conversation, Slot
from akasse.web.casework.planning import replan
from akasse.web.jobs.models import Employer, JobOpening
from akasse.web.members.models import (
    Branch,
    Caseworker,
    Fund,
    HoursPaid,
    Member,
    Municipality,
    OfferType,
    Spell,
    TrialParticipation,
    Visitation,
)
from akasse.web.profiling.models import ProfilingInput

CATALOGUE = importlib.import_module("akasse.web.members.migrations.0002_offer_catalogue").CATALOGUE
TODAY = dt.date(2022, 3, 14)  # a Monday
FIRST_DAY = dt.date(2022, 3, 7)
PASSWORD = "kontaktforløb-2022"
# Member 1 and caseworker 11 have names and contact details; member 2 and caseworker 12 none.
CONTACT = {
    "first_name": "Karen",
    "last_name": "Holm",
    "street": "Vestergade 12, 2. th.",
    "postcode": "8000",
    "town": "Aarhus C",
    "email": "karen.holm@example.dk",
    "phone": "20 45 67 89",
}
MEMBER_NAME = "Karen Holm"
CASEWORKER_NAME = "Hanne Larsen"
EMPLOYER_CVR = "90000004"  # passes the modulus-11 check


@dataclass
class World:
    fund: Fund
    other_fund: Fund
    branch: Branch
    caseworker: Caseworker
    spell: Spell
    other_spell: Spell
    copenhagen_spell: Spell
    slots: list[Slot]
    users: dict[str, User]


def _member(member_id: int, cpr: str, birth: dt.date, **fields: str) -> Member:
    member = Member(
        id=member_id,
        birth_date=birth,
        gender="woman",
        origin="danish",
        education="vocational",
        **fields,
    )
    member.set_cpr(cpr)
    member.save()
    return member


def _spell(
    spell_id: int, member: Member, branch: Branch, municipality: Municipality, trial: bool
) -> Spell:
    spell = Spell.objects.create(
        id=spell_id,
        member=member,
        fund=branch.fund,
        branch=branch,
        municipality=municipality,
        first_day=FIRST_DAY,
        insurance="full_time",
        trial=trial,
        regime="trial_2020",
        age=45,
        weeks="dd",
    )
    HoursPaid.objects.create(spell=spell, month=dt.date(2022, 3, 1), hours=Decimal("37.00"))
    return spell


def _user(username: str, role: Role, **fields: object) -> User:
    return User.objects.create_user(username, password=PASSWORD, role=role, **fields)


def _slots(caseworker: Caseworker, day: dt.date, count: int) -> list[Slot]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    return [
        Slot.objects.create(
            caseworker=caseworker,
            branch=caseworker.branch,
            starts_at=start + dt.timedelta(minutes=60 * i),
            minutes=45,
        )
        for i in range(count)
    ]


def add_profiling_input(spell: Spell) -> None:
    """Register data for the profiling model, the questionnaire not yet answered."""
    ProfilingInput.objects.create(
        spell=spell,
        age=45,
        gender="woman",
        education="vocational",
        origin="danish",
        region="Midtjylland",
        work_experience_years=20.0,
        from_sickness_benefit=False,
        prior_dagpenge_weeks=10,
        prior_spells=1,
        disco_major=5,
        industry="health_social",
        new_graduate=False,
        previous_income=320,
        children_at_home=True,
    )


def ensure_offer_catalogue() -> None:
    """The offers catalogue as the migration writes it: a test on committed data (the live
    server's, say) empties every table when it ends, the catalogue included."""
    for code, name, source in CATALOGUE:
        OfferType.objects.update_or_create(code=code, defaults={"name": name, "source": source})


def build() -> World:
    ensure_offer_catalogue()
    aarhus = Municipality.objects.create(code="0751", name="Aarhus", region="Midtjylland")
    kbh = Municipality.objects.create(code="0101", name="København", region="Hovedstaden")
    foa = Fund.objects.create(code="FOA-A", name="FOA's a-kasse", in_trial=True)
    tre = Fund.objects.create(code="3F-A", name="3F's a-kasse", in_trial=True)
    TrialParticipation.objects.create(
        fund=foa, municipality=aarhus, from_date=dt.date(2020, 9, 1), to_date=dt.date(2023, 12, 31)
    )
    branch = Branch.objects.create(id=1, fund=foa, name="FOA Aarhus", municipality=aarhus)
    kbh_branch = Branch.objects.create(id=2, fund=foa, name="FOA København", municipality=kbh)
    other_branch = Branch.objects.create(id=3, fund=tre, name="3F Aarhus", municipality=aarhus)
    cw = Caseworker.objects.create(
        id=11, fund=foa, branch=branch, capacity_per_day=5, name=CASEWORKER_NAME
    )
    Caseworker.objects.create(id=12, fund=foa, branch=kbh_branch)  # no name: "Medarbejder 12"
    other_cw = Caseworker.objects.create(id=31, fund=tre, branch=other_branch, name="Peter Dam")
    karen = _member(1, "150377-1234", dt.date(1977, 3, 15), **CONTACT)
    spell = _spell(101, karen, branch, aarhus, True)
    # Member 2 has no name (as after loading an export): "Medlem 2".
    kbh_spell = _spell(102, _member(2, "010180-2222", dt.date(1980, 1, 1)), kbh_branch, kbh, False)
    lars = _member(3, "020290-3333", dt.date(1990, 2, 2), first_name="Lars", last_name="Nielsen")
    other = _spell(301, lars, other_branch, aarhus, True)
    for s in (spell, other):
        Visitation.objects.create(
            spell=s, referred_on=FIRST_DAY, exit_on=dt.date(2022, 6, 30), exit_reason="period_used"
        )
    for s in (spell, kbh_spell, other):
        replan(s, TODAY)
    employer = Employer.objects.create(
        cvr=EMPLOYER_CVR,
        name="Aarhus Kommune, Sundhed og Omsorg",
        industry="public",
        municipality=aarhus,
    )
    for day in range(3):
        JobOpening.objects.create(
            fund=foa,
            employer=employer,
            posted_on=TODAY - dt.timedelta(days=day),
            closes_on=TODAY + dt.timedelta(days=14),
            disco="5322",
            disco_major=5,
            municipality=aarhus,
            title=f"Social- og sundhedshjælper {day}",
        )
    users = {
        "caseworker": _user("sagsbehandler", Role.CASEWORKER, fund=foa, caseworker=cw),
        "team_lead": _user("teamleder", Role.TEAM_LEAD, fund=foa),
        "member": _user("medlem", Role.MEMBER, member=spell.member),
        "other_member": _user("medlem2", Role.MEMBER, member=kbh_spell.member),
        "jobcentre": _user("jobcenter", Role.JOBCENTRE, municipality=aarhus),
        "outsider": _user("udenfor", Role.CASEWORKER, fund=tre, caseworker=other_cw),
        "analyst": _user("analytiker", Role.ANALYST, fund=foa),
    }
    slots = _slots(cw, TODAY, 3) + _slots(cw, TODAY + dt.timedelta(days=1), 3)
    return World(foa, tre, branch, cw, spell, other, kbh_spell, slots, users)


def book(spell: Spell, kinds: str, planned_for: dt.date, **fields: object) -> Conversation:
    """A conversation of the fund booked today in person at the spell's branch, unless
    ``fields`` say otherwise."""
    values: dict[str, object] = {
        "owner": "akasse",
        "channel": "in_person",
        "booked_on": TODAY,
        "status": "booked",
        "branch": spell.branch,
    } | fields
    return Conversation.objects.create(spell=spell, kinds=kinds, planned_for=planned_for, **values)


def book_joint_conversation(world: World) -> None:
    """A joint conversation booked next week: the member is now in a joint process with the
    jobcentre."""
    book(world.spell, "joint", TODAY + dt.timedelta(days=7))
