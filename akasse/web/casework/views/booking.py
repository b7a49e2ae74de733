"""Booking: free slots per branch and caseworker; book, move, cancel; iCalendar invitations."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from icalendar import Calendar, Event

from akasse.rules import Kind
from akasse.web.access import FUND_STAFF, Scope, roles, scoped
from akasse.web.accounts.models import Role
from akasse.web.audit.log import record_read
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.forms import BookForm
from akasse.web.casework.models import Slot
from akasse.web.casework.services import book, cancel, move
from akasse.web.changes import carry_out
from akasse.web.clock import today
from akasse.web.params import Query, parse_id

DAYS = 14


def _free(
    scope: Scope, request: HttpRequest, branch_id: int
) -> tuple[QuerySet[Slot], dict[str, object]]:
    """Free slots from the chosen day for two weeks, filtered by branch and caseworker; a
    filter that cannot be used is left out, and the page says so."""
    query = Query(request.GET)
    start = query.date("fra", _("Fra"), today())
    branches = list(scope.branches())
    branch = (
        query.choice("afdeling", _("Afdeling"), {b.id for b in branches}, _("sagens afdeling"))
        or branch_id
    )
    caseworkers = list(scope.caseworkers().filter(branch_id=branch))
    caseworker = query.choice(
        "medarbejder", _("Medarbejder"), {c.id for c in caseworkers}, _("alle medarbejdere")
    )
    slots = scope.slots().filter(
        branch_id=branch,
        starts_at__date__gte=start,
        starts_at__date__lt=start + dt.timedelta(days=DAYS),
        conversation__isnull=True,
    )
    if caseworker is not None:
        slots = slots.filter(caseworker_id=caseworker)
    filters = {
        "start": start,
        "branch": branch,
        "caseworker": "" if caseworker is None else str(caseworker),
        "branches": branches,
        "caseworkers": caseworkers,
        "problems": query.problems,
    }
    return slots.select_related("caseworker", "branch").order_by("starts_at")[:200], filters


@roles(*FUND_STAFF)
@require_http_methods(["GET", "POST"])
def booking(request: HttpRequest, spell_id: int) -> HttpResponse:
    scope = scoped(request)
    spell = scope.spell(spell_id)
    record_read(request, f"booking {spell.id}", spell.member_id, "booking")
    form = BookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        slot = get_object_or_404(scope.slots(), pk=form.cleaned_data["slot"])
        kinds = [Kind(k) for k in form.cleaned_data["kinds"]]
        booked = carry_out(
            request,
            lambda: book(spell, slot, kinds, form.cleaned_data["channel"], today()),
            action=AuditEvent.Action.CREATE,
            what=lambda conversation: f"booking {conversation.id}",
            member_id=spell.member_id,
            why="booking",
            done=_("Samtalen er booket %(slot)s.") % {"slot": slot.label},
        )
        return redirect("case" if booked else "booking", spell_id=spell.id)
    slots, filters = _free(scope, request, spell.branch_id)
    template = "casework/slots.html" if request.htmx else "casework/booking.html"  # type: ignore[attr-defined]
    return render(request, template, {"spell": spell, "form": form, "slots": slots, **filters})


@roles(*FUND_STAFF)
@require_http_methods(["GET", "POST"])
def move_conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    scope = scoped(request)
    conversation = get_object_or_404(
        scope.conversations().select_related("spell"), pk=conversation_id
    )
    spell = conversation.spell
    record_read(request, f"samtale {conversation.id}", spell.member_id, "booking")
    if request.method == "POST":
        slot = get_object_or_404(scope.slots(), pk=parse_id(request.POST.get("slot")) or 0)
        if not carry_out(
            request,
            lambda: move(conversation, slot),
            action=AuditEvent.Action.UPDATE,
            what=f"samtale {conversation.id} flyttet",
            member_id=spell.member_id,
            why="booking",
            done=_("Samtalen er flyttet til %(slot)s.") % {"slot": slot.label},
        ):
            return redirect("move", conversation_id=conversation.id)
        return redirect("case", spell_id=spell.id)
    slots, filters = _free(scope, request, conversation.branch_id)
    context = {"spell": spell, "conversation": conversation, "slots": slots, **filters}
    return render(request, "casework/booking.html", context)


@roles(*FUND_STAFF)
@require_POST
def cancel_conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = get_object_or_404(
        scoped(request).conversations().select_related("spell"), pk=conversation_id
    )
    carry_out(
        request,
        lambda: cancel(conversation),
        action=AuditEvent.Action.UPDATE,
        what=f"samtale {conversation.id} aflyst",
        member_id=conversation.spell.member_id,
        why="booking",
        done=_("Samtalen er aflyst, og tiden er frigivet."),
    )
    return redirect("case", spell_id=conversation.spell_id)


@roles(*FUND_STAFF, Role.MEMBER)
def invitation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """An iCalendar invitation (RFC 5545) for a booked conversation with the caseworker's
    name; no CPR number in it."""
    conversation = get_object_or_404(
        scoped(request).conversations().select_related("slot", "branch", "spell", "caseworker"),
        pk=conversation_id,
        slot__isnull=False,
    )
    record_read(request, f"invitation {conversation.id}", conversation.spell.member_id, "booking")
    slot = conversation.slot
    assert slot is not None
    calendar = Calendar()
    calendar.add("prodid", "-//akasse//kontaktforløb//DA")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"samtale-{conversation.id}@akasse")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", _("%(kinds)s i a-kassen") % {"kinds": conversation.kind_label})
    event.add("location", conversation.branch.name)
    what = {"kinds": conversation.kind_label, "channel": conversation.get_channel_display()}
    if conversation.caseworker is None:
        description = _("%(kinds)s (%(channel)s).") % what
    else:
        what["caseworker"] = str(conversation.caseworker)
        description = _("%(kinds)s (%(channel)s) med %(caseworker)s.") % what
    event.add("description", description)
    calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="samtale-{conversation.id}.ics"'
    return response
