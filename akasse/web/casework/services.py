"""What caseworkers do to a case, each in one transaction: book, move and cancel a conversation,
and register a held one (kinds checked by the rules engine, summary into Min Plan, jobs presented,
the next conversation booked, the plan refreshed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from akasse.rules import Channel, Kind, Law, Regime, load_law, plan
from akasse.rules import Conversation as RuleConversation
from akasse.web.accounts.models import User
from akasse.web.casework.models import KIND_LABELS, Conversation, PlanEntry, Slot
from akasse.web.casework.planning import case_for, reference, replan
from akasse.web.jobs.models import JobOpening, JobPresentation
from akasse.web.members.models import Spell


class CaseworkError(ValueError):
    """A request the rules or the calendar do not allow; the text is shown to the user."""


@cache
def law() -> Law:
    return load_law()


def allowed_merges(spell: Spell) -> list[str]:
    """The pairs of kinds that may be held as one conversation in the spell's regime."""
    schedule = law().schedules[Regime(spell.regime)]
    return sorted(" + ".join(str(KIND_LABELS[k]) for k in sorted(pair)) for pair in schedule.merges)


def check_kinds(spell: Spell, kinds: list[Kind], channel: str, day: dt.date) -> None:
    """Raise with the rules engine's own explanation when a conversation of these kinds and this
    channel held on ``day`` would not count."""
    if not kinds:
        raise CaseworkError(_("Vælg mindst én samtaletype."))
    new = RuleConversation(day, tuple(kinds), Channel(channel))
    result = plan(case_for(spell, day, extra=[new]), reference=reference())
    for violation in result.violations:
        if violation.date == day and set(violation.kinds) == set(kinds):
            # The rules engine's explanation stays in Danish: it quotes the law's own terms.
            raise CaseworkError(
                _("Samtalen kan ikke registreres: %(reason)s.") % {"reason": violation.message}
            )


def book(
    spell: Spell, slot: Slot, kinds: list[Kind], channel: str, booked_on: dt.date
) -> Conversation:
    """Book the slot for the spell. The slot's unique constraint decides a race: the second of
    two simultaneous bookings fails here, never silently."""
    if slot.branch.fund_id != spell.fund_id:
        raise CaseworkError(_("Tiden hører til en anden a-kasse."))
    try:
        with transaction.atomic():
            return Conversation.objects.create(
                spell=spell,
                kinds=",".join(kinds),
                owner="akasse",
                channel=channel,
                booked_on=booked_on,
                planned_for=slot.starts_at.date(),
                status=Conversation.Status.BOOKED,
                caseworker=slot.caseworker,
                branch=slot.branch,
                slot=slot,
            )
    except IntegrityError:
        raise CaseworkError(
            _("Tiden %(slot)s er netop blevet booket af en anden. Vælg en anden tid.")
            % {"slot": slot.label}
        ) from None


def move(conversation: Conversation, slot: Slot) -> Conversation:
    if conversation.status != Conversation.Status.BOOKED:
        raise CaseworkError(_("Kun bookede samtaler kan flyttes."))
    if slot.branch.fund_id != conversation.spell.fund_id:
        raise CaseworkError(_("Tiden hører til en anden a-kasse."))
    try:
        with transaction.atomic():
            conversation.slot = slot
            conversation.caseworker = slot.caseworker
            conversation.branch = slot.branch
            conversation.planned_for = slot.starts_at.date()
            conversation.save()
    except IntegrityError:
        raise CaseworkError(_("Den valgte tid er allerede booket. Vælg en anden tid.")) from None
    return conversation


def cancel(conversation: Conversation) -> None:
    """Cancel a booking; the slot becomes free again."""
    if conversation.status != Conversation.Status.BOOKED:
        raise CaseworkError(_("Kun bookede samtaler kan aflyses."))
    conversation.status = Conversation.Status.CANCELLED
    conversation.slot = None
    conversation.save(update_fields=["status", "slot"])


@dataclass
class Registration:
    """A held conversation as the caseworker registers it."""

    kinds: list[Kind]
    channel: str
    held_on: dt.date
    summary: str
    participants: str = "medlem, sagsbehandler"
    agreements: str = ""
    presented: list[tuple[JobOpening, bool, bool]] = field(default_factory=list)
    next_slot: Slot | None = None
    next_kinds: list[Kind] = field(default_factory=list)
    next_channel: str = "in_person"


@transaction.atomic
def register(spell: Spell, user: User, reg: Registration, today: dt.date) -> Conversation:
    """Record a held conversation and everything that follows from it, or nothing; the spell
    is planned again as of ``today`` (the conversation may have been held days before)."""
    if reg.held_on > today:
        raise CaseworkError(
            _("En samtale kan ikke registreres som afholdt en dag, der ikke er kommet.")
        )
    check_kinds(spell, reg.kinds, reg.channel, reg.held_on)
    if not reg.summary.strip():
        raise CaseworkError(_("Skriv et referat; det bliver en del af medlemmets Min Plan."))
    booked = (
        Conversation.objects.select_for_update()
        .filter(spell=spell, status=Conversation.Status.BOOKED, planned_for=reg.held_on)
        .first()
    )
    conversation = booked or Conversation(
        spell=spell, booked_on=reg.held_on, planned_for=reg.held_on, branch=spell.branch
    )
    conversation.kinds = ",".join(reg.kinds)
    conversation.owner = "akasse"
    conversation.channel = reg.channel
    conversation.held_on = reg.held_on
    conversation.status = Conversation.Status.HELD
    conversation.caseworker = user.caseworker or conversation.caseworker
    conversation.participants = reg.participants
    conversation.summary = reg.summary.strip()
    conversation.save()
    _write_plan(spell, user, conversation, reg)
    for opening, relevant, objection in reg.presented:
        JobPresentation.objects.create(
            spell=spell,
            opening=opening,
            presented_on=reg.held_on,
            relevant=relevant,
            objection=objection,
        )
    if reg.next_slot is not None:
        book(spell, reg.next_slot, reg.next_kinds or [Kind.JOB], reg.next_channel, today)
    if spell.caseworker_id is None and user.caseworker_id is not None:
        spell.caseworker_id = user.caseworker_id
        spell.save(update_fields=["caseworker"])
    replan(spell, today)
    return conversation


def _write_plan(spell: Spell, user: User, conversation: Conversation, reg: Registration) -> None:
    entries = [PlanEntry(kind=PlanEntry.Kind.SUMMARY, text=conversation.summary)]
    entries += [
        PlanEntry(kind=PlanEntry.Kind.AGREEMENT, text=line.strip())
        for line in reg.agreements.splitlines()
        if line.strip()
    ]
    for entry in entries:
        entry.spell = spell
        entry.conversation = conversation
        entry.created_by = user
    PlanEntry.objects.bulk_create(entries)
