"""Offers and the notice period: the fund requests a LAB offer from the jobcentre, which grants
or refuses it (both with timestamps); the fund's own offers need no decision. Contact during the
notice period is recorded with the member's consent."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akasse.web.accounts.models import User
from akasse.web.casework.models import Offer
from akasse.web.casework.services import CaseworkError
from akasse.web.members.models import Employment, OfferType, Spell


def request_offer(spell: Spell, offer_type: OfferType, user: User, day: dt.date) -> Offer:
    if not offer_type.active:
        raise CaseworkError(_("Tilbuddet %(name)s udbydes ikke længere.") % {"name": offer_type})
    now = timezone.now()
    own = offer_type.source == OfferType.Source.FUND
    return Offer.objects.create(
        spell=spell,
        offer_type=offer_type,
        requested_on=day,
        requested_at=now,
        requested_by=user,
        # The fund's own offers are its own decision, made as it offers them.
        granted_on=day if own else None,
        decided_at=now if own else None,
        decided_by=user if own else None,
    )


@transaction.atomic
def decide_offer(offer: Offer, grant: bool, user: User, day: dt.date) -> Offer:
    """The jobcentre's decision on a pending request; a second decision is refused."""
    locked = Offer.objects.select_for_update().get(pk=offer.pk)
    if not locked.pending:
        raise CaseworkError(_("Anmodningen er allerede afgjort."))
    locked.decided_at = timezone.now()
    locked.decided_by = user
    locked.granted_on = day if grant else None
    locked.save(update_fields=["decided_at", "decided_by", "granted_on", "updated_at"])
    return locked


def start_offer(offer: Offer, day: dt.date) -> Offer:
    if offer.granted_on is None:
        raise CaseworkError(_("Kun bevilgede tilbud kan påbegyndes."))
    if offer.started_on is not None:
        raise CaseworkError(_("Tilbuddet er allerede påbegyndt."))
    offer.started_on = day
    offer.save(update_fields=["started_on", "updated_at"])
    return offer


def record_notice_contact(job: Employment, consent: bool, contacted_on: dt.date | None) -> None:
    """Consent to contact during the notice period, and the day of the first contact, which
    needs the consent and must fall within the notice period."""
    if job.notice_given_on is None:
        raise CaseworkError(_("Ansættelsen har ingen opsigelse."))
    if contacted_on is not None:
        if not consent:
            raise CaseworkError(_("Kontakt i opsigelsesperioden kræver medlemmets samtykke."))
        if not job.in_notice_period(contacted_on):
            raise CaseworkError(_("Kontaktdagen skal ligge i opsigelsesperioden."))
    job.notice_contact_consent = consent
    job.notice_contact_on = contacted_on
    job.save(update_fields=["notice_contact_consent", "notice_contact_on"])
