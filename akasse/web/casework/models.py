"""Conversations and their bookings, Min Plan, offers and each spell's obligations as the
rules engine last planned them. (The CV and the joblog are the job search's, in the jobs
app.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, TypeVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from akasse.rules import Kind, Status, labels
from akasse.web.formats import day_text, time_text
from akasse.web.members.models import Branch, Caseworker, OfferType, Spell

Code = TypeVar("Code", bound=StrEnum)


def titles(names: Mapping[Code, labels.Label]) -> dict[Code, Promise]:
    """The rules' codes as the application shows them: their titles, translated (the English
    catalogue is keyed by the Danish titles in akasse.rules.labels)."""
    return {code: _(label.title) for code, label in names.items()}


def rule_choices(name: str, names: Mapping[Code, labels.Label]) -> Any:
    """TextChoices of the rules' codes, stored as the engine's values and labelled with their
    titles, so the codes are listed once, in the engine. (Typed ``Any``: django-stubs know
    only the class syntax of choices.)"""
    members = [(code.name, (code.value, title)) for code, title in titles(names).items()]
    return models.TextChoices(name, members)  # type: ignore[call-overload]


KIND_LABELS = titles(labels.KINDS)


def obligation_label(kind: Kind, number: int) -> str:
    """E.g. "CV-samtale nr. 1"."""
    return gettext("%(kind)s nr. %(number)d") % {"kind": KIND_LABELS[kind], "number": number}


def kind_label(kinds: str) -> str:
    """The kinds of a conversation as stored (comma-separated), e.g. "CV-samtale + Jobsamtale"."""
    return " + ".join(str(KIND_LABELS[Kind(k)]) for k in kinds.split(",") if k)


Channel = rule_choices("Channel", labels.CHANNELS)
Owner = rule_choices("Owner", labels.OWNERS)


class Slot(models.Model):
    """A time a caseworker can hold a conversation at a branch."""

    caseworker = models.ForeignKey(Caseworker, on_delete=models.CASCADE, related_name="slots")
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField("tidspunkt")
    minutes = models.SmallIntegerField("varighed (minutter)", default=45)

    class Meta:
        verbose_name = "ledig tid"
        verbose_name_plural = "ledige tider"
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["caseworker", "starts_at"], name="one_slot_per_time")
        ]
        indexes = [models.Index(fields=["branch", "starts_at"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Day and time in Copenhagen, e.g. 14.03.2022 kl. 10.00."""
        day = timezone.localdate(self.starts_at)
        return gettext("%(day)s kl. %(time)s") % {
            "day": day_text(day),
            "time": time_text(self.starts_at),
        }

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.minutes)


class Conversation(models.Model):
    """A booked conversation, held or not. ``slot`` is unique: a time can be booked once, which
    the database enforces even when two caseworkers book at the same instant."""

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booket")
        HELD = "held", _("Afholdt")
        NO_SHOW = "no_show", _("Udeblevet")
        CANCELLED = "cancelled", _("Aflyst")

    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="conversations")
    kinds = models.CharField("samtaletyper", max_length=40)  # comma-separated Kind values
    owner = models.CharField("ansvarlig", max_length=10, choices=Owner.choices)
    channel = models.CharField("form", max_length=10, choices=Channel.choices)
    booked_on = models.DateField("booket")
    planned_for = models.DateField("planlagt")
    held_on = models.DateField("afholdt", null=True, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices)
    caseworker = models.ForeignKey(
        Caseworker, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="medarbejder"
    )
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, verbose_name="afdeling")
    slot = models.OneToOneField(
        Slot, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversation"
    )
    participants = models.CharField("deltagere", max_length=200, blank=True)
    summary = models.TextField("referat", blank=True)

    class Meta:
        verbose_name = "samtale"
        verbose_name_plural = "samtaler"
        indexes = [
            models.Index(fields=["spell", "planned_for"]),
            models.Index(fields=["caseworker", "planned_for"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} {day_text(self.planned_for)}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kinds)


# The status of a fund obligation that has yet to be held.
OPEN = (Status.DUE.value, Status.OVERDUE.value)


class Obligation(models.Model):
    """One obligation of a spell as the rules engine planned it on ``planned_on``."""

    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="obligations")
    kind = models.CharField(max_length=20)
    number = models.SmallIntegerField()
    owner = models.CharField(max_length=10, choices=Owner.choices)
    due_by = models.DateField(null=True)
    projected = models.BooleanField(default=False)
    status = models.CharField(max_length=10)
    held_on = models.DateField(null=True)
    planned_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["spell", "kind", "number", "owner"], name="one_obligation"
            )
        ]
        indexes = [
            models.Index(fields=["owner", "status", "due_by"]),
            # The fund's open obligations of a spell, as the worklist asks for them.
            models.Index(
                fields=["spell", "due_by"],
                name="open_obligation",
                condition=models.Q(owner="akasse", held_on__isnull=True, status__in=OPEN),
            ),
        ]

    @property
    def label(self) -> str:
        return obligation_label(Kind(self.kind), self.number)


class PlanEntry(models.Model):
    """A line of Min Plan: a job goal, an agreement, an activity or a conversation summary."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("Jobmål")
        AGREEMENT = "agreement", _("Aftale")
        ACTIVITY = "activity", _("Aktivitet")
        SUMMARY = "summary", _("Referat")

    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="plan_entries")
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    text = models.TextField("tekst")
    conversation = models.ForeignKey(Conversation, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "punkt i Min Plan"
        verbose_name_plural = "Min Plan"
        ordering = ["-created_at", "-id"]


class Offer(models.Model):
    """A LAB offer requested from the jobcentre (granted or refused) or a fund's own offer."""

    id = models.BigAutoField("tilbud", primary_key=True)
    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="offers")
    offer_type = models.ForeignKey(OfferType, on_delete=models.PROTECT, verbose_name="tilbud")
    requested_on = models.DateField("anmodet")
    granted_on = models.DateField("bevilget", null=True, blank=True)
    started_on = models.DateField("påbegyndt", null=True, blank=True)
    # When and by whom the request was made and decided (empty for offers loaded from a
    # dataset, which has days only). Refused: decided without a grant.
    requested_at = models.DateTimeField("anmodet tidspunkt", null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("afgjort tidspunkt", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tilbud"
        verbose_name_plural = "tilbud"

    @property
    def pending(self) -> bool:
        """Requested from the jobcentre and not yet decided (loaded offers count as decided)."""
        return self.requested_at is not None and self.decided_at is None

    @property
    def refused(self) -> bool:
        return self.decided_at is not None and self.granted_on is None
