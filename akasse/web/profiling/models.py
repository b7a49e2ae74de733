"""The profiling model's inputs per spell (seed 003, Bilag 7), as known at the first day."""

from __future__ import annotations

from django.db import models

from akasse.web.members.models import Spell

BARRIERS = (
    "barrier_physical_health",
    "barrier_mental_health",
    "barrier_personal_social",
    "barrier_financial",
    "barrier_substance_abuse",
    "barrier_reading_spelling",
    "barrier_it_skills",
    "barrier_language",
    "barrier_other",
)


class ProfilingInput(models.Model):
    spell = models.OneToOneField(
        Spell, on_delete=models.CASCADE, primary_key=True, related_name="profiling"
    )
    age = models.SmallIntegerField("alder")
    gender = models.CharField("køn", max_length=10)
    education = models.CharField("uddannelse", max_length=20)
    origin = models.CharField("herkomst", max_length=20)
    region = models.CharField("region", max_length=20)
    work_experience_years = models.FloatField("erhvervserfaring")
    from_sickness_benefit = models.BooleanField("fra sygedagpenge")
    prior_dagpenge_weeks = models.SmallIntegerField("tidligere dagpengeforbrug")
    prior_spells = models.SmallIntegerField("tidligere ledighedsforløb")
    disco_major = models.SmallIntegerField("DISCO")
    industry = models.CharField("branche", max_length=40)
    new_graduate = models.BooleanField("dimittend")
    previous_income = models.IntegerField("tidligere indkomst")
    children_at_home = models.BooleanField("hjemmeboende børn")
    expect_job = models.CharField("forventet tid til job", max_length=30, null=True)
    barrier_physical_health = models.BooleanField(null=True)
    barrier_mental_health = models.BooleanField(null=True)
    barrier_personal_social = models.BooleanField(null=True)
    barrier_financial = models.BooleanField(null=True)
    barrier_substance_abuse = models.BooleanField(null=True)
    barrier_reading_spelling = models.BooleanField(null=True)
    barrier_it_skills = models.BooleanField(null=True)
    barrier_language = models.BooleanField(null=True)
    barrier_other = models.BooleanField(null=True)

    class Meta:
        verbose_name = "profilafklaring"
        verbose_name_plural = "profilafklaringer"
