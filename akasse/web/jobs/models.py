"""The job search: employers, job openings (portal ads and the fund's job orders), the
members' CVs with their occupation history, the joblog, and the presentations of openings to
members and the placements that followed."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from akasse.web.members.models import Fund, Member, Municipality, Spell

# A CV not changed for this long is flagged on the member page.
CV_STALE_AFTER = dt.timedelta(days=183)


def opening_name(title: str, opening_id: int) -> str:
    """How a job opening is named: its title, or its number when it has none."""
    return title or gettext("Jobåbning %(id)s") % {"id": opening_id}


def codes(text: str) -> list[str]:
    """A list of codes as stored (comma-separated, as Conversation.kinds)."""
    return [code for code in text.split(",") if code]


class Employer(models.Model):
    """An employer (virksomhed) by its CVR number."""

    cvr = models.CharField("CVR-nummer", max_length=8, primary_key=True)
    name = models.CharField("navn", max_length=200)
    industry = models.CharField("branche", max_length=40)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="+", verbose_name="kommune"
    )

    class Meta:
        verbose_name = "arbejdsgiver"
        verbose_name_plural = "arbejdsgivere"
        ordering = ["name", "cvr"]

    def __str__(self) -> str:
        return f"{self.name} (CVR {self.cvr})"


class HoursWished(models.TextChoices):
    FULL_TIME = "full_time", _("Fuld tid")
    PART_TIME = "part_time", _("Deltid")
    ANY = "any", _("Fuld tid eller deltid")


class JobOpening(models.Model):
    """A vacancy: an ad on a job portal, which every fund may present, or a job order an
    employer gave one fund."""

    class Source(models.TextChoices):
        PORTAL = "portal", _("Jobportal")
        JOB_ORDER = "job_order", _("Jobordre")

    id = models.BigAutoField("jobåbning", primary_key=True)
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.CASCADE, verbose_name="a-kasse"
    )
    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="openings",
        verbose_name="arbejdsgiver",
    )
    title = models.CharField("stilling", max_length=200, blank=True)
    disco = models.CharField("DISCO-08", max_length=4, null=True, blank=True)
    disco_major = models.SmallIntegerField("DISCO-hovedgruppe", null=True, blank=True)
    municipality = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, verbose_name="arbejdssted"
    )
    posted_on = models.DateField("opslået")
    closes_on = models.DateField("ansøgningsfrist")
    source = models.CharField(
        "kilde", max_length=10, choices=Source.choices, default=Source.JOB_ORDER
    )
    hours_per_week = models.SmallIntegerField("timer pr. uge", default=37)
    permanent = models.BooleanField("fast stilling", default=True)
    requires_education = models.CharField("uddannelseskrav", max_length=20, null=True, blank=True)
    # Skill codes, comma-separated.
    requires_skills = models.CharField("kompetencekrav", max_length=400, blank=True, default="")
    requires_licence = models.BooleanField("kørekort påkrævet", default=False)

    class Meta:
        verbose_name = "jobåbning"
        verbose_name_plural = "jobåbninger"
        indexes = [
            models.Index(fields=["fund", "posted_on"]),
            models.Index(fields=["municipality", "closes_on"]),
        ]

    def __str__(self) -> str:
        return opening_name(self.title, self.id)


class Cv(models.Model):
    """The member's CV on the job portal, its latest version, as the fund sees it."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, primary_key=True, related_name="cv"
    )
    updated_on = models.DateField("senest opdateret")
    searchable = models.BooleanField("søgbart", default=True)
    education_level = models.CharField("uddannelsesniveau", max_length=20)
    education_field = models.CharField("uddannelsesretning", max_length=40, null=True, blank=True)
    # Codes, comma-separated: skills, ISO 639-1 languages, DISCO-08 occupations (most wished
    # first).
    skills = models.CharField("kompetencer", max_length=400, blank=True, default="")
    driving_licence = models.BooleanField("kørekort", default=False)
    languages = models.CharField("sprog", max_length=100, blank=True, default="")
    wished_disco = models.CharField("jobønsker", max_length=100, blank=True, default="")
    wish_text = models.TextField("jobønske", blank=True, default="")
    hours_wished = models.CharField(
        "ønsket arbejdstid", max_length=10, choices=HoursWished.choices, default=HoursWished.ANY
    )
    max_travel_km = models.SmallIntegerField("transporttid (km)", default=30)

    class Meta:
        verbose_name = "CV"
        verbose_name_plural = "CV'er"

    def __str__(self) -> str:
        return gettext("CV for %(member)s") % {"member": self.member_id}

    def stale(self, day: dt.date) -> bool:
        """Not updated for over six months on ``day``."""
        return day - self.updated_on > CV_STALE_AFTER


class CvJob(models.Model):
    """A job on a member's CV (the occupation history)."""

    id = models.BigAutoField("erfaring", primary_key=True)
    cv = models.ForeignKey(Cv, on_delete=models.CASCADE, related_name="jobs", verbose_name="CV")
    disco = models.CharField("DISCO-08", max_length=4)
    title = models.CharField("stillingsbetegnelse", max_length=200)
    employer = models.CharField("arbejdsgiver", max_length=200)
    from_date = models.DateField("fra")
    to_date = models.DateField("til", null=True, blank=True)

    class Meta:
        verbose_name = "CV-erfaring"
        verbose_name_plural = "CV-erfaring"
        indexes = [models.Index(fields=["cv", "from_date"])]


class JoblogEntry(models.Model):
    """A job application the member recorded in the joblog during a spell."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Via jobportal")
        EMAIL = "email", _("E-mail")
        IN_PERSON = "in_person", _("Personligt fremmøde")
        PHONE = "phone", _("Telefonisk")
        UNSOLICITED = "unsolicited", _("Uopfordret")

    id = models.BigAutoField("registrering", primary_key=True)
    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="joblog")
    applied_on = models.DateField("søgt")
    employer = models.CharField("arbejdsgiver", max_length=200)
    title = models.CharField("stilling", max_length=200)
    channel = models.CharField("ansøgningsform", max_length=12, choices=Channel.choices)
    opening = models.ForeignKey(
        JobOpening,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="jobåbning",
    )

    class Meta:
        verbose_name = "joblog"
        verbose_name_plural = "joblog"
        ordering = ["-applied_on"]
        indexes = [models.Index(fields=["spell", "applied_on"])]


class JobPresentation(models.Model):
    """A concrete vacancy shown to a member, whether they found it relevant or objected."""

    id = models.BigAutoField("jobpræsentation", primary_key=True)
    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="presentations")
    opening = models.ForeignKey(JobOpening, on_delete=models.PROTECT, verbose_name="jobåbning")
    presented_on = models.DateField("præsenteret")
    relevant = models.BooleanField("relevant", default=False)
    objection = models.BooleanField("indsigelse", default=False)

    class Meta:
        verbose_name = "jobpræsentation"
        verbose_name_plural = "jobpræsentationer"


class Placement(models.Model):
    id = models.BigAutoField("jobformidling", primary_key=True)
    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="placements")
    opening = models.ForeignKey(JobOpening, on_delete=models.PROTECT, verbose_name="jobåbning")
    placed_on = models.DateField("ansat")
    permanent = models.BooleanField("fast ansættelse", default=True)

    class Meta:
        verbose_name = "jobformidling"
        verbose_name_plural = "jobformidlinger"
