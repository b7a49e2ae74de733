"""Offers requested, decided and started, and contact during the notice period."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from akasse.web.access import FUND_STAFF, current_user, roles, scoped
from akasse.web.accounts.models import Role
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import Offer
from akasse.web.casework.offers import (
    decide_offer,
    record_notice_contact,
    request_offer,
    start_offer,
)
from akasse.web.changes import carry_out
from akasse.web.clock import today
from akasse.web.members.models import Employment, OfferType


@roles(*FUND_STAFF)
@require_POST
def request(request: HttpRequest, spell_id: int) -> HttpResponse:
    spell = scoped(request).spell(spell_id)
    offer_type = get_object_or_404(OfferType, pk=request.POST.get("offer_type", ""))
    carry_out(
        request,
        lambda: request_offer(spell, offer_type, current_user(request), today()),
        action=AuditEvent.Action.CREATE,
        what=lambda offer: f"tilbud {offer.id}",
        member_id=spell.member_id,
        why="tilbud",
        done=_("%(name)s er registreret.") % {"name": offer_type},
    )
    return redirect("case", spell_id=spell.id)


def _offer(request: HttpRequest, offer_id: int) -> Offer:
    return get_object_or_404(
        Offer.objects.select_related("spell", "offer_type").filter(
            spell__in=scoped(request).spells()
        ),
        pk=offer_id,
    )


@roles(Role.JOBCENTRE)
@require_POST
def decide(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    grant = request.POST.get("decision") == "grant"
    carry_out(
        request,
        lambda: decide_offer(offer, grant, current_user(request), today()),
        action=AuditEvent.Action.UPDATE,
        what=f"tilbud {offer.id} {'bevilget' if grant else 'afslået'}",
        member_id=offer.spell.member_id,
        why="tilbud",
        done=_("Tilbuddet er bevilget.") if grant else _("Tilbuddet er afslået."),
    )
    return redirect("case", spell_id=offer.spell_id)


@roles(*FUND_STAFF)
@require_POST
def start(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    carry_out(
        request,
        lambda: start_offer(offer, today()),
        action=AuditEvent.Action.UPDATE,
        what=f"tilbud {offer.id} påbegyndt",
        member_id=offer.spell.member_id,
        why="tilbud",
        done=_("Tilbuddet er registreret som påbegyndt."),
    )
    return redirect("case", spell_id=offer.spell_id)


@roles(*FUND_STAFF)
@require_POST
def notice_contact(request: HttpRequest, employment_id: int) -> HttpResponse:
    job = get_object_or_404(
        Employment.objects.select_related("spell").filter(spell__in=scoped(request).spells()),
        pk=employment_id,
    )
    consent = request.POST.get("consent") == "on"
    text = request.POST.get("contacted_on", "")
    try:
        contacted = dt.date.fromisoformat(text) if text else None
    except ValueError:
        messages.error(request, _("Skriv datoen som ÅÅÅÅ-MM-DD."))
        return redirect("case", spell_id=job.spell_id)
    carry_out(
        request,
        lambda: record_notice_contact(job, consent, contacted),
        action=AuditEvent.Action.UPDATE,
        what=f"opsigelseskontakt {job.id}",
        member_id=job.spell.member_id,
        why="kontakt i opsigelsesperioden",
        done=_("Kontakten i opsigelsesperioden er registreret."),
    )
    return redirect("case", spell_id=job.spell_id)
