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
from akasse.web.audit.log import record
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import Offer
from akasse.web.casework.offers import (
    decide_offer,
    record_notice_contact,
    request_offer,
    start_offer,
)
from akasse.web.casework.services import CaseworkError
from akasse.web.clock import today
from akasse.web.members.models import Employment, OfferType


@roles(*FUND_STAFF)
@require_POST
def request(request: HttpRequest, spell_id: int) -> HttpResponse:
    spell = scoped(request).spell(spell_id)
    offer_type = get_object_or_404(OfferType, pk=request.POST.get("offer_type", ""))
    try:
        offer = request_offer(spell, offer_type, current_user(request), today())
    except CaseworkError as exc:
        messages.error(request, str(exc))
    else:
        record(
            request,
            AuditEvent.Action.CREATE,
            f"tilbud {offer.id}",
            member_id=spell.member_id,
            why="tilbud",
        )
        messages.success(request, _("%(name)s er registreret.") % {"name": offer_type})
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
    try:
        decide_offer(offer, grant, current_user(request), today())
    except CaseworkError as exc:
        messages.error(request, str(exc))
    else:
        record(
            request,
            AuditEvent.Action.UPDATE,
            f"tilbud {offer.id} {'bevilget' if grant else 'afslået'}",
            member_id=offer.spell.member_id,
            why="tilbud",
        )
        messages.success(
            request, _("Tilbuddet er bevilget.") if grant else _("Tilbuddet er afslået.")
        )
    return redirect("case", spell_id=offer.spell_id)


@roles(*FUND_STAFF)
@require_POST
def start(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = _offer(request, offer_id)
    try:
        start_offer(offer, today())
    except CaseworkError as exc:
        messages.error(request, str(exc))
    else:
        record(
            request,
            AuditEvent.Action.UPDATE,
            f"tilbud {offer.id} påbegyndt",
            member_id=offer.spell.member_id,
            why="tilbud",
        )
        messages.success(request, _("Tilbuddet er registreret som påbegyndt."))
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
        record_notice_contact(job, consent, contacted)
    except ValueError as exc:  # CaseworkError is a ValueError too
        message = str(exc) if isinstance(exc, CaseworkError) else _("Skriv datoen som ÅÅÅÅ-MM-DD.")
        messages.error(request, message)
    else:
        record(
            request,
            AuditEvent.Action.UPDATE,
            f"opsigelseskontakt {job.id}",
            member_id=job.spell.member_id,
            why="kontakt i opsigelsesperioden",
        )
        messages.success(request, _("Kontakten i opsigelsesperioden er registreret."))
    return redirect("case", spell_id=job.spell_id)
