"""The profiling model's inputs per spell (seed 003, Bilag 7), as known at the first day."""

from __future__ import annotations

from django.conf import settings
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


class TargetGroup(models.TextChoices):
    SELF_RELIANT = "1", "1: selvhjulpen"
    STAY = "2a", "2a: i risiko, bliver i faget"
    CHANGE = "2b", "2b: i risiko, skifter fag"


class Assessment(models.Model):
    """The profiling model's view of a spell when it was made: risk, target group and, in
    ``details``, the reasons in words, suggested activities and the inputs left unanswered."""

    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="assessments")
    made_at = models.DateTimeField(auto_now_add=True, db_index=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    model_version = models.CharField(max_length=80)
    risk = models.FloatField()
    target_group = models.CharField(max_length=2, choices=TargetGroup.choices)
    details = models.JSONField(default=dict)

    class Meta:
        ordering = ["-made_at", "-id"]


class Correction(models.Model):
    """The caseworker's own judgement of the target group, with the reason; kept beside the
    model's assessment, never replacing it."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="corrections")
    target_group = models.CharField(max_length=2, choices=TargetGroup.choices)
    comment = models.TextField()
    made_at = models.DateTimeField(auto_now_add=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-made_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(comment=""), name="correction_has_comment")
        ]

    @property
    def direction(self) -> str:
        """up (to a group at more risk), down, or across (2a and 2b)."""
        rank = {"1": 0, "2a": 1, "2b": 1}
        before, after = rank[self.assessment.target_group], rank[self.target_group]
        return "up" if after > before else "down" if after < before else "across"
