"""Job openings the fund knows of, presentations of them to members, and placements."""

from __future__ import annotations

from django.db import models

from akasse.web.members.models import Fund, Municipality, Spell


def opening_name(title: str, opening_id: int) -> str:
    """How a job opening is named: its title, or its number when it has none."""
    return title or f"Jobåbning {opening_id}"


class JobOpening(models.Model):
    id = models.BigAutoField("jobåbning", primary_key=True)
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE, verbose_name="a-kasse")
    posted_on = models.DateField("opslået")
    disco_major = models.SmallIntegerField("DISCO-hovedgruppe")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, verbose_name="arbejdssted"
    )
    hours_per_week = models.SmallIntegerField("timer pr. uge", default=37)
    permanent = models.BooleanField("fast stilling", default=True)
    title = models.CharField("stilling", max_length=200, blank=True)

    class Meta:
        verbose_name = "jobåbning"
        verbose_name_plural = "jobåbninger"
        indexes = [models.Index(fields=["fund", "posted_on"])]

    def __str__(self) -> str:
        return opening_name(self.title, self.id)


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
