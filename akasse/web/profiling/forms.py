"""The questionnaire (Jobnet's forberedelsesskema, questions 2 and 10) and the correction."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from akasse.web.profiling.models import TargetGroup

EXPECT_JOB = [
    ("", _("Ikke besvaret")),
    ("have_new_job", _("Jeg har fået nyt job")),
    ("within_3_months", _("Inden for 3 måneder")),
    ("within_6_months", _("Inden for 6 måneder")),
    ("over_6_months", _("Om mere end 6 måneder")),
    ("leave_labour_market", _("Jeg forlader arbejdsmarkedet (barsel, efterløn, pension)")),
    ("dont_know", _("Ved ikke")),
]
BARRIER_LABELS = {
    "barrier_physical_health": _("Fysisk helbred"),
    "barrier_mental_health": _("Psykisk helbred"),
    "barrier_personal_social": _("Personlige eller sociale forhold"),
    "barrier_financial": _("Økonomiske forhold"),
    "barrier_substance_abuse": _("Misbrug"),
    "barrier_reading_spelling": _("Læse- og staveproblemer"),
    "barrier_it_skills": _("IT-færdigheder"),
    "barrier_language": _("Sprogbarrierer"),
    "barrier_other": _("Andet"),
}


class QuestionnaireForm(forms.Form):
    expect_job = forms.ChoiceField(
        label=_("Hvor hurtigt tror du, at du får et arbejde?"), choices=EXPECT_JOB, required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name, label in BARRIER_LABELS.items():
            self.fields[name] = forms.BooleanField(label=label, required=False)

    def answers(self) -> dict[str, object]:
        """The answers as the profiling inputs store them: an unanswered questionnaire (no
        expectation given) leaves every item empty rather than false."""
        data = self.cleaned_data
        answered = bool(data["expect_job"])
        out: dict[str, object] = {"expect_job": data["expect_job"] or None}
        for name in BARRIER_LABELS:
            out[name] = bool(data[name]) if answered else None
        return out


class CorrectionForm(forms.Form):
    target_group = forms.ChoiceField(label=_("Din vurdering"), choices=TargetGroup.choices)
    comment = forms.CharField(
        label=_("Begrundelse (skal udfyldes)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
