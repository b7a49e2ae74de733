"""Profiling in the case application: the questionnaire, a new assessment, the caseworker's
correction with its reason, and the team lead's view of corrections."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from akasse.web.access import FUND_STAFF, current_user, roles, scoped
from akasse.web.accounts.models import Role
from akasse.web.audit.log import record, record_read
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.queries import caseworker_names
from akasse.web.changes import carry_out
from akasse.web.profiling.engine import ProfilingUnavailable, assess, overrides
from akasse.web.profiling.forms import BARRIER_LABELS, CorrectionForm, QuestionnaireForm
from akasse.web.profiling.models import Assessment, Correction, ProfilingInput


def _assess(request: HttpRequest, spell_id: int) -> None:
    spell = scoped(request).spell(spell_id)
    carry_out(
        request,
        lambda: assess(spell, current_user(request)),
        action=AuditEvent.Action.CREATE,
        what=lambda made: f"profilafklaring {made.id}",
        member_id=spell.member_id,
        why="profilafklaring",
        done=_("Profilafklaringen er opdateret."),
        refused=(ProfilingUnavailable,),
    )


@roles(*FUND_STAFF, Role.MEMBER)
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, spell_id: int) -> HttpResponse:
    spell = scoped(request).spell(spell_id)
    record_read(request, f"spørgeskema {spell.id}", spell.member_id, "profilafklaring")
    stored = ProfilingInput.objects.filter(spell=spell).first()
    initial = {}
    if stored is not None:
        initial = {"expect_job": stored.expect_job or ""} | {
            name: bool(getattr(stored, name)) for name in BARRIER_LABELS
        }
    form = QuestionnaireForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if stored is None:
            messages.error(request, _("Der er ingen registeroplysninger til profilafklaringen."))
            return redirect("case", spell_id=spell.id)
        with transaction.atomic():
            ProfilingInput.objects.filter(spell=spell).update(**form.answers())
            record(
                request,
                AuditEvent.Action.UPDATE,
                f"spørgeskema {spell.id}",
                member_id=spell.member_id,
                why="profilafklaring",
            )
        _assess(request, spell.id)
        return redirect("case", spell_id=spell.id)
    return render(request, "profiling/questionnaire.html", {"spell": spell, "form": form})


@roles(*FUND_STAFF)
@require_POST
def assess_now(request: HttpRequest, spell_id: int) -> HttpResponse:
    _assess(request, spell_id)
    return redirect("case", spell_id=spell_id)


@roles(*FUND_STAFF)
@require_POST
def correct(request: HttpRequest, spell_id: int) -> HttpResponse:
    spell = scoped(request).spell(spell_id)
    latest = Assessment.objects.filter(spell=spell).first()
    form = CorrectionForm(request.POST)
    if latest is None:
        messages.error(request, _("Der er ingen profilafklaring at rette."))
    elif not form.is_valid() or not form.cleaned_data["comment"].strip():
        messages.error(request, _("Skriv en begrundelse for din vurdering."))
    else:
        with transaction.atomic():  # the correction and its audit event, or neither
            made = Correction.objects.create(
                assessment=latest,
                target_group=form.cleaned_data["target_group"],
                comment=form.cleaned_data["comment"].strip(),
                made_by=current_user(request),
            )
            record(
                request,
                AuditEvent.Action.UPDATE,
                f"rettelse af profilafklaring {made.id}",
                member_id=spell.member_id,
                why="profilafklaring",
            )
        messages.success(request, _("Din vurdering er gemt ved siden af modellens."))
    return redirect("case", spell_id=spell.id)


@roles(Role.TEAM_LEAD, Role.FUND_ADMIN)
def team_overrides(request: HttpRequest) -> HttpResponse:
    scope = scoped(request)
    rows = overrides(scope.spells())
    name = caseworker_names(scope.caseworkers())
    for row in rows:
        row["share"] = row["corrected"] / row["assessed"] if row["assessed"] else None
        row["name"] = name(row["caseworker"])
    return render(request, "profiling/overrides.html", {"rows": rows})
