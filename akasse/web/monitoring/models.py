"""Survey responses (tilfredshedsmåling), kept so that the dataset round-trips."""

from __future__ import annotations

from django.db import models

from akasse.web.members.models import Fund, Spell

QUESTIONS = (
    "q_overall",
    "q_job_guidance",
    "q_concrete_plan",
    "q_relevant_vacancies",
    "q_belief_in_job",
    "q_cv_feedback",
)


class SurveyResponse(models.Model):
    id = models.BigAutoField("besvarelse", primary_key=True)
    spell = models.ForeignKey(Spell, on_delete=models.CASCADE, related_name="survey_responses")
    wave = models.SmallIntegerField("runde")
    sent_on = models.DateField("udsendt")
    answered = models.BooleanField("besvaret")
    age_group = models.CharField("aldersgruppe", max_length=10)
    gender = models.CharField("køn", max_length=10)
    education = models.CharField("uddannelse", max_length=20)
    fund = models.ForeignKey(Fund, on_delete=models.CASCADE)
    trial = models.BooleanField("forsøgsdeltager")
    q_overall = models.SmallIntegerField(null=True)
    q_job_guidance = models.SmallIntegerField(null=True)
    q_concrete_plan = models.SmallIntegerField(null=True)
    q_relevant_vacancies = models.SmallIntegerField(null=True)
    q_belief_in_job = models.SmallIntegerField(null=True)
    q_cv_feedback = models.SmallIntegerField(null=True)

    class Meta:
        verbose_name = "besvarelse"
        verbose_name_plural = "tilfredshedsmåling"
