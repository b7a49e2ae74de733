"""Reference data, kept by the fund's administrator in Django's admin."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Fund(models.Model):
    """An unemployment insurance fund (a-kasse); the code is the dataset's fund column."""

    code = models.CharField("a-kasse", max_length=20, primary_key=True)
    name = models.CharField("navn", max_length=200)
    in_trial = models.BooleanField("forsøgs-a-kasse", default=False)
    trial_municipalities = models.SmallIntegerField("forsøgskommuner", default=0)
    branches = models.SmallIntegerField("lokalafdelinger", default=0)
    caseworkers = models.IntegerField("medarbejdere", default=0)
    profile = models.CharField("faglig profil", max_length=20, default="mixed")
    placement_target_2021 = models.IntegerField(
        "mål for jobformidlinger 2021", null=True, blank=True
    )
    # The letterhead of the fund's documents (the handover to the jobcentre); kept by the
    # fund's administrator, blank until then (the dataset has no addresses).
    address = models.CharField("adresse", max_length=200, blank=True, default="")
    postcode = models.CharField("postnummer", max_length=4, blank=True, default="")
    city = models.CharField("by", max_length=100, blank=True, default="")
    phone = models.CharField("telefon", max_length=20, blank=True, default="")
    email = models.EmailField("e-mail", blank=True, default="")

    class Meta:
        verbose_name = "a-kasse"
        verbose_name_plural = "a-kasser"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def letterhead(self) -> list[str]:
        """The lines under the fund's name on its documents: the address (street, postcode
        and city) and how to reach it, of what the administrator has filled in."""
        place = " ".join(part for part in (self.postcode, self.city) if part)
        address = ", ".join(part for part in (self.address, place) if part)
        reach = " · ".join(part for part in (self.phone, self.email) if part)
        return [line for line in (address, reach) if line]


class Municipality(models.Model):
    code = models.CharField("kommunekode", max_length=4, primary_key=True)
    name = models.CharField("kommunenavn", max_length=100)
    region = models.CharField("region", max_length=20)
    free_municipality = models.BooleanField("frikommune", default=False)
    population = models.IntegerField("folketal", default=0)

    class Meta:
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TrialParticipation(models.Model):
    """A fund ran the trial in a municipality from ``from_date`` to ``to_date``."""

    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, verbose_name="a-kasse")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name="kommune")
    from_date = models.DateField("fra")
    to_date = models.DateField("til")
    list_source = models.CharField("kilde", max_length=20, default="published")

    class Meta:
        verbose_name = "forsøgsdeltagelse"
        verbose_name_plural = "forsøgsdeltagelser"
        constraints = [
            models.UniqueConstraint(fields=["fund", "municipality"], name="one_trial_per_place")
        ]

    def __str__(self) -> str:
        return gettext("%(fund)s i %(municipality)s") % {
            "fund": self.fund_id,
            "municipality": self.municipality_id,
        }

    def covers(self, day: dt.date) -> bool:
        return self.from_date <= day <= self.to_date


class Branch(models.Model):
    id = models.IntegerField("afdeling", primary_key=True)
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, verbose_name="a-kasse")
    name = models.CharField("navn", max_length=200)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name="kommune")

    class Meta:
        verbose_name = "lokalafdeling"
        verbose_name_plural = "lokalafdelinger"
        ordering = ["fund", "name"]

    def __str__(self) -> str:
        return self.name


def caseworker_name(caseworker_id: int, name: str = "") -> str:
    """A colleague's name, or "Medarbejder N" by number without one."""
    return name.strip() or gettext("Medarbejder %(id)s") % {"id": caseworker_id}


class Caseworker(models.Model):
    """A caseworker who holds contact-course conversations (a login is linked to one)."""

    id = models.IntegerField("medarbejder", primary_key=True)
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, verbose_name="a-kasse")
    branch = models.ForeignKey(Branch, on_delete=models.PROTECT, verbose_name="afdeling")
    capacity_per_day = models.SmallIntegerField("samtaler pr. dag", default=5)
    conversation_days_per_week = models.FloatField("samtaledage pr. uge", default=3.0)
    # Blank when the source had it masked (an export).
    name = models.CharField("navn", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "medarbejder"
        verbose_name_plural = "medarbejdere"
        ordering = ["id"]

    def __str__(self) -> str:
        return caseworker_name(self.id, self.name)

    def clean(self) -> None:
        """A caseworker's branch belongs to the caseworker's fund (the scopes rely on it)."""
        if self.branch_id is not None and self.branch.fund_id != self.fund_id:
            raise ValidationError({"branch": gettext("Afdelingen hører til en anden a-kasse.")})


class Consultant(models.Model):
    """A jobcentre consultant (jobcentermedarbejder) named as the contact person of joint
    conversations and handovers."""

    id = models.IntegerField("jobcentermedarbejder", primary_key=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="consultants", verbose_name="kommune"
    )
    # Blank when the source had it masked (an export).
    name = models.CharField("navn", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "jobcentermedarbejder"
        verbose_name_plural = "jobcentermedarbejdere"
        ordering = ["municipality", "id"]

    def __str__(self) -> str:
        return self.name.strip() or gettext("Jobcentermedarbejder %(id)s") % {"id": self.id}


class OfferType(models.Model):
    """The offers catalogue: LAB offers the jobcentre grants and the fund's own offers."""

    class Source(models.TextChoices):
        LAB = "lab", _("LAB-tilbud (bevilges af jobcentret)")
        FUND = "fund", _("A-kassens eget tilbud")

    code = models.CharField("kode", max_length=40, primary_key=True)
    name = models.CharField("navn", max_length=200)
    source = models.CharField("udbyder", max_length=10, choices=Source.choices)
    description = models.TextField("beskrivelse", blank=True)
    active = models.BooleanField("aktiv", default=True)

    class Meta:
        verbose_name = "tilbudstype"
        verbose_name_plural = "tilbudskatalog"
        ordering = ["source", "name"]

    def __str__(self) -> str:
        return self.name
