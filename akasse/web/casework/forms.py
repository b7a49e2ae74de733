"""Forms for registering a conversation and booking one."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from akasse.rules import Kind
from akasse.web.casework.models import KIND_LABELS, Channel

KIND_CHOICES = [(k.value, KIND_LABELS[k]) for k in Kind]


class RegisterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Samtaletyper"), choices=KIND_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.ChoiceField(label=_("Form"), choices=Channel.choices, initial=Channel.IN_PERSON)
    held_on = forms.DateField(
        label=_("Afholdt"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    participants = forms.CharField(
        label=_("Deltagere"), initial=_("medlem, sagsbehandler"), max_length=200
    )
    summary = forms.CharField(
        label=_("Referat (skrives i Min Plan)"), widget=forms.Textarea(attrs={"rows": 5})
    )
    agreements = forms.CharField(
        label=_("Aftaler (én pr. linje)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_slot = forms.TypedChoiceField(
        label=_("Næste samtale"), required=False, coerce=int, empty_value=None
    )
    next_kinds = forms.MultipleChoiceField(
        label=_("Næste samtales typer"),
        choices=KIND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        initial=[Kind.JOB.value],
    )

    def __init__(self, *args: object, slots: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        not_now = ("", gettext("Book ikke nu"))
        self.fields["next_slot"].choices = [not_now, *slots]  # type: ignore[attr-defined]

    def kind_list(self, field: str = "kinds") -> list[Kind]:
        return [Kind(k) for k in self.cleaned_data.get(field) or []]


class BookForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    kinds = forms.MultipleChoiceField(
        label=_("Samtaletyper"),
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[Kind.CV.value],
    )
    channel = forms.ChoiceField(label=_("Form"), choices=Channel.choices, initial=Channel.IN_PERSON)
