"""The member's case page, the member's own view of it, and the handover to the jobcentre."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, IntegerField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from akasse.rules import Plan, labels
from akasse.rules.model import hours_to_decimal
from akasse.web.access import FUND_STAFF, roles, scoped
from akasse.web.accounts.models import Role, User
from akasse.web.audit.log import record
from akasse.web.audit.models import AuditEvent
from akasse.web.casework.models import (
    Channel,
    Conversation,
    Offer,
    Owner,
    PlanEntry,
    obligation_label,
    titles,
)
from akasse.web.casework.planning import plan_spell
from akasse.web.clock import today
from akasse.web.formats import day_text, time_text
from akasse.web.jobs.context import cv_context, joblog_context, placement_context
from akasse.web.jobs.models import Cv
from akasse.web.links import url_maker
from akasse.web.members.models import Employment, OfferType, Spell
from akasse.web.prepared import Param, Prepared
from akasse.web.profiling.engine import ProfilingUnavailable, installed_model
from akasse.web.profiling.models import Assessment, TargetGroup

STATUS_LABELS = titles(labels.STATUSES)
REGIME_LABELS = titles(labels.REGIMES)
CASE_READERS = (*FUND_STAFF, Role.JOBCENTRE, Role.MEMBER)
# Fetched with the spell for the case context (a member has at most one CV).
CASE_RELATED = ("member__cv",)
# The handover also names the fund that sends it and the caseworker.
HANDOVER_RELATED = (*CASE_RELATED, "fund", "caseworker")
SPELL = Param("spell", IntegerField())
# The page's lists, each one query of one spell's rows, compiled once (see akasse.web.prepared).
CONVERSATIONS: Prepared[Conversation] = Prepared(
    lambda: (
        Conversation.objects.filter(spell_id=SPELL)
        .annotate(slot_starts_at=F("slot__starts_at"))
        .order_by("-planned_for", "-id")
    )
)
EMPLOYMENT: Prepared[Employment] = Prepared(
    lambda: Employment.objects.filter(spell_id=SPELL).order_by("start_date", "id")
)
OFFER_TYPES: Prepared[OfferType] = Prepared(OfferType.objects.all)
OFFERS: Prepared[Offer] = Prepared(
    lambda: Offer.objects.filter(spell_id=SPELL).order_by("-requested_on", "-id")
)
PLAN_ENTRIES: Prepared[PlanEntry] = Prepared(
    lambda: (
        PlanEntry.objects.filter(spell_id=SPELL)
        .order_by("-created_at", "-id")
        .values_list("kind", "created_at", "text")[:30]
    )
)
LATEST_ASSESSMENT: Prepared[Assessment] = Prepared(
    lambda: Assessment.objects.filter(spell_id=SPELL).order_by("-made_at", "-id")[:1]
)


def conversation_rows(conversations: list[Conversation]) -> list[dict[str, Any]]:
    """The history as finished strings (the page is opened before every conversation, and
    formatting in the template costs several times more per row)."""
    invitation, move, cancel = url_maker("invitation"), url_maker("move"), url_maker("cancel")
    rows = []
    for c in conversations:
        when = day_text(c.held_on or c.planned_for)
        if c.slot_starts_at is not None:  # type: ignore[attr-defined]
            when += f" {time_text(c.slot_starts_at)}"  # type: ignore[attr-defined]
        booked = c.status == Conversation.Status.BOOKED
        rows.append(
            {
                "when": when,
                "kinds": c.kind_label,
                "jobcentre": c.owner == Owner.JOBCENTER,
                "channel": Channel(c.channel).label,
                "status": Conversation.Status(c.status).label,
                "summary": Truncator(c.summary).words(30, truncate=" …"),
                "booked": booked,
                "invitation_url": invitation(c.id) if booked else "",
                "move_url": move(c.id) if booked else "",
                "cancel_url": cancel(c.id) if booked else "",
            }
        )
    return rows


def profiling_context(spell: Spell) -> dict[str, Any]:
    """The latest assessment with the caseworkers' corrections of it, or why there is none."""
    latest = next(iter(LATEST_ASSESSMENT.objects(spell=spell.id)), None)
    problem = None
    try:
        installed_model()
    except ProfilingUnavailable as exc:
        problem = str(exc)
    return {
        "assessment": latest,
        "risk_percent": round(latest.risk * 100) if latest else None,
        "average_percent": round(latest.details.get("average_risk", 0) * 100) if latest else None,
        "corrections": list(latest.corrections.select_related("made_by")) if latest else [],
        "profiling_problem": problem,
        "target_groups": TargetGroup.choices,
    }


def case_context(spell: Spell, day: dt.date) -> dict[str, Any]:
    """Everything the member page shows, one query a table. The page is opened before every
    conversation, so lists the page only shows come as rows of the columns it shows. The
    spell's conversations and employment are read once: the plan, the history, the last
    summary and the notice period are all taken from the same rows."""
    conversations = CONVERSATIONS.objects(spell=spell.id)
    jobs = EMPLOYMENT.objects(spell=spell.id)
    result: Plan = plan_spell(spell, day, conversations=conversations, jobs=jobs)
    obligations = [
        {
            "label": obligation_label(o.kind, o.number),
            "owner": Owner(o.owner.value).label,
            "due_text": day_text(o.due_by),
            "held_text": day_text(o.held_on, none=""),
            "projected": o.projected,
            "status": o.status.value,
            "status_label": str(STATUS_LABELS[o.status]),
            "text": o.explanation.text,
            "reference": o.explanation.reference,
            "law": o.explanation.law,
        }
        for o in result.obligations
    ]
    try:
        cv: Cv | None = spell.member.cv
    except Cv.DoesNotExist:
        cv = None
    offer_types = {t.code: t for t in OFFER_TYPES.objects()}
    offers = OFFERS.objects(spell=spell.id)
    for offer in offers:
        offer.type_name = offer_types[offer.offer_type_id].name  # type: ignore[attr-defined]
    return {
        "spell": spell,
        "member": spell.member,
        "plan": result,
        "regime_label": str(REGIME_LABELS[result.regime]),
        "hours_consumed": hours_to_decimal(result.hours_consumed),
        "threshold": hours_to_decimal(result.threshold) if result.threshold else None,
        "explanations": result.explanations,
        "obligations": obligations,
        "violations": result.violations,
        "plan_entries": [
            {"kind": PlanEntry.Kind(kind).label, "created_at": created_at, "text": text}
            for kind, created_at, text in PLAN_ENTRIES.rows(spell=spell.id)
        ],
        "last_summary": next(
            (c for c in conversations if c.status == Conversation.Status.HELD and c.summary),
            None,
        ),
        "conversation_rows": conversation_rows(conversations),
        "offers": offers,
        "offer_types": [
            (t.code, f"{t.name} · {t.get_source_display()}")
            for t in offer_types.values()
            if t.active
        ],
        "notice_jobs": [
            job
            for job in jobs
            if job.kind == Employment.Kind.BEFORE and job.notice_given_on is not None
        ],
        **cv_context(cv, spell, day),
        **joblog_context(spell, day),
        **placement_context(spell),
        **profiling_context(spell),
    }


@roles(*CASE_READERS)
def case(request: HttpRequest, spell_id: int) -> HttpResponse:
    spell = scoped(request).spell(spell_id, *CASE_RELATED)
    record(
        request,
        AuditEvent.Action.VIEW,
        f"sag {spell.id}",
        member_id=spell.member_id,
        why=request.GET.get("formaal", "sagsbehandling"),
    )
    context = case_context(spell, today())
    context["can_edit"] = isinstance(request.user, User) and request.user.role in FUND_STAFF
    context["is_jobcentre"] = isinstance(request.user, User) and request.user.role == Role.JOBCENTRE
    return render(request, "casework/case.html", context)


@roles(Role.MEMBER)
def my_case(request: HttpRequest) -> HttpResponse:
    spell = scoped(request).spells().order_by("-first_day").first()
    if spell is None:
        raise Http404(_("Du har intet ledighedsforløb."))
    return redirect("case", spell_id=spell.id)


def handover_context(spell: Spell) -> dict[str, Any]:
    """The case as the jobcentre receives it: what the member page shows, with the sender,
    the recipient (the jobcentre of the member's municipality) and the date of the document."""
    day = today()
    return case_context(spell, day) | {
        "fund": spell.fund,
        "branch": spell.branch,
        "document_date": day,
        "recipient": _("Jobcenter %(municipality)s") % {"municipality": spell.municipality.name},
    }


@roles(*FUND_STAFF, Role.JOBCENTRE)
def handover(request: HttpRequest, spell_id: int) -> HttpResponse:
    spell = scoped(request).spell(spell_id, *HANDOVER_RELATED)
    record(
        request,
        AuditEvent.Action.VIEW,
        f"overdragelse {spell.id}",
        member_id=spell.member_id,
        why="overdragelse til jobcenter",
    )
    return render(request, "casework/handover.html", handover_context(spell))


@roles(*FUND_STAFF, Role.JOBCENTRE)
def handover_pdf(request: HttpRequest, spell_id: int) -> HttpResponse:
    """The handover as a document: a tagged PDF (PDF/UA-1) in Danish with the fund as author,
    laid out by casework/handover_pdf.html (letterhead, page numbers, repeated table heads)."""
    from weasyprint import HTML  # noqa: PLC0415  (loads Pango; only this view needs it)

    spell = scoped(request).spell(spell_id, *HANDOVER_RELATED)
    record(
        request,
        AuditEvent.Action.EXPORT,
        f"overdragelse {spell.id} (PDF)",
        member_id=spell.member_id,
        why="overdragelse til jobcenter",
    )
    html = render_to_string("casework/handover_pdf.html", handover_context(spell), request=request)
    # No base URL: the template needs no files, so rendering fetches nothing.
    pdf = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="overdragelse-{spell.id}.pdf"'
    return response


@roles(Role.JOBCENTRE)
def jobcentre(request: HttpRequest) -> HttpResponse:
    spells = (
        scoped(request)
        .spells()
        .select_related("member", "fund")
        .order_by("clock_transfer_date", "id")[:200]
    )
    return render(request, "casework/jobcentre.html", {"spells": spells})
