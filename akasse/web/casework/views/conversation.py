"""Register a held conversation in one step."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from akasse.web.access import FUND_STAFF, Scope, current_user, roles, scoped
from akasse.web.audit.log import record, record_read
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.forms import RegisterForm
from akasse.web.casework.models import Slot
from akasse.web.casework.services import CaseworkError, Registration, allowed_merges, register
from akasse.web.clock import today
from akasse.web.jobs.context import open_openings, opening_rows
from akasse.web.jobs.models import Cv, JobOpening
from akasse.web.members.models import Spell


def free_slots(scope: Scope, spell: Spell) -> list[Slot]:
    """Free slots in the spell's branch from today, the next 40."""
    return list(
        scope.slots()
        .filter(branch_id=spell.branch_id, starts_at__date__gte=today(), conversation__isnull=True)
        .select_related("caseworker")
        .order_by("starts_at")[:40]
    )


def _openings(spell: Spell) -> list[JobOpening]:
    try:
        cv: Cv | None = spell.member.cv
    except Cv.DoesNotExist:
        cv = None
    return open_openings(spell, cv, today())


def _presented(
    request: HttpRequest, openings: list[JobOpening]
) -> list[tuple[JobOpening, bool, bool]]:
    chosen = set(request.POST.getlist("present"))
    return [
        (o, f"relevant-{o.id}" in request.POST, f"objection-{o.id}" in request.POST)
        for o in openings
        if str(o.id) in chosen
    ]


@roles(*FUND_STAFF)
@require_http_methods(["GET", "POST"])
def register_conversation(request: HttpRequest, spell_id: int) -> HttpResponse:
    user = current_user(request)
    scope = scoped(request)
    spell = scope.spell(spell_id, "member__cv")
    record_read(request, f"samtaleregistrering {spell.id}", spell.member_id, "samtale")
    slots = free_slots(scope, spell)
    choices = [(s.id, f"{s.label} · {s.caseworker}") for s in slots]
    openings = _openings(spell)
    form = RegisterForm(request.POST or None, slots=choices, initial={"held_on": today()})
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reg = Registration(
            kinds=form.kind_list(),
            channel=data["channel"],
            held_on=data["held_on"],
            summary=data["summary"],
            participants=data["participants"],
            agreements=data["agreements"],
            presented=_presented(request, openings),
            next_slot=next((s for s in slots if s.id == data["next_slot"]), None),
            next_kinds=form.kind_list("next_kinds"),
        )
        try:
            # The registration and its audit event are one transaction, the event last (as
            # changes.carry_out does): a registration is never kept without its event.
            with transaction.atomic():
                conversation = register(spell, user, reg, today())
                record(
                    request,
                    AuditEvent.Action.CREATE,
                    f"samtale {conversation.id}",
                    member_id=spell.member_id,
                    why="samtale registreret",
                )
        except CaseworkError as exc:
            error = str(exc)
        else:
            messages.success(
                request, _("%(kinds)s er registreret.") % {"kinds": conversation.kind_label}
            )
            return redirect("case", spell_id=spell.id)
    context = {
        "spell": spell,
        "form": form,
        "error": error,
        "merges": allowed_merges(spell),
        "openings": opening_rows(openings),
    }
    return render(request, "casework/register.html", context, status=400 if error else 200)
