"""The job search as the member page and the register page show it: the CV (wishes,
occupation history, education, skills, languages), the joblog week by week, the openings
presented and the placements, and the openings a caseworker may present. Each list is one
prepared query of the columns shown (the member page is opened before every conversation)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from akasse.dataset import reference
from akasse.web.formats import day_text
from akasse.web.jobs.labels import education_label, language_label
from akasse.web.jobs.models import (
    Cv,
    CvJob,
    JoblogEntry,
    JobOpening,
    JobPresentation,
    Placement,
    codes,
    opening_name,
)
from akasse.web.members.models import Spell
from akasse.web.prepared import Param, Prepared

SPELL = Param("spell", IntegerField())
JOBLOG_WEEKS = 12
OPENINGS = 8
# Openings this far from the member's municipality when the CV gives no distance.
DEFAULT_TRAVEL_KM = 30
CV_JOBS: Prepared[CvJob] = Prepared(
    lambda: (
        CvJob.objects.filter(cv_id=Param("member", IntegerField()))
        .order_by("-from_date", "-id")
        .values_list("title", "employer", "from_date", "to_date")
    )
)
JOBLOG: Prepared[JoblogEntry] = Prepared(
    lambda: (
        JoblogEntry.objects.filter(spell_id=SPELL)
        .order_by("applied_on", "id")
        .values_list("applied_on", "title", "employer", "channel")
    )
)
_OPENING = (
    "opening__title",
    "opening_id",
    "opening__employer__name",
    "opening__municipality__name",
)
PRESENTATIONS: Prepared[JobPresentation] = Prepared(
    lambda: (
        JobPresentation.objects.filter(spell_id=SPELL)
        .order_by("-presented_on", "-id")
        .values_list("presented_on", "relevant", "objection", *_OPENING)
    )
)
PLACEMENTS: Prepared[Placement] = Prepared(
    lambda: (
        Placement.objects.filter(spell_id=SPELL)
        .order_by("-placed_on", "-id")
        .values_list("placed_on", "permanent", *_OPENING)
    )
)
CHANNELS = dict(JoblogEntry.Channel.choices)


def cv_context(cv: Cv | None, spell: Spell, day: dt.date) -> dict[str, Any]:
    """The CV in words, or the notice that the member has none; a CV not changed for over
    six months is flagged."""
    if cv is None:
        return {"cv": None}
    titles, skills, fields = (
        reference.disco_titles(),
        reference.skills(),
        reference.education_fields(),
    )
    return {
        "cv": cv,
        "cv_stale": cv.stale(day),
        "cv_wishes": _listed(titles.get(code, code) for code in codes(cv.wished_disco)),
        "cv_education": education_label(cv.education_level),
        "cv_field": fields.get(cv.education_field or "", cv.education_field or ""),
        "cv_skills": _listed(skills.get(code, code) for code in codes(cv.skills)),
        "cv_languages": _listed(language_label(code) for code in codes(cv.languages)),
        "cv_hours": cv.get_hours_wished_display(),
        "cv_jobs": [
            {
                "title": title,
                "employer": employer,
                "period": _period(from_date, to_date),
            }
            for title, employer, from_date, to_date in CV_JOBS.rows(member=spell.member_id)
        ],
    }


def _listed(names: Iterable[str]) -> str:
    return ", ".join(names) or "–"


def _period(start: dt.date, end: dt.date | None) -> str:
    if end is None:
        return _("%(start)s –") % {"start": day_text(start)}
    return f"{day_text(start)} – {day_text(end)}"


def joblog_context(spell: Spell, day: dt.date, weeks: int = JOBLOG_WEEKS) -> dict[str, Any]:
    """The last ``weeks`` weeks of the spell (newest first), each with its joblog entries as
    one finished text; a week without any is a gap. And the entries in the whole spell."""
    entries = JOBLOG.rows(spell=spell.id)
    monday = day - dt.timedelta(days=day.weekday())
    start = max(
        spell.first_day - dt.timedelta(days=spell.first_day.weekday()),
        monday - dt.timedelta(weeks=weeks - 1),
    )
    channels = {code: str(label) for code, label in CHANNELS.items()}
    by_week: dict[dt.date, list[str]] = {}
    for applied_on, title, employer, channel in entries:
        week = applied_on - dt.timedelta(days=applied_on.weekday())
        if start <= week <= monday:
            text = f"{title}, {employer} ({channels.get(channel, '')})"
            by_week.setdefault(week, []).append(text)
    result = []
    week = monday
    while week >= start:
        label = _("Uge %(number)s") % {"number": week.isocalendar()[1]}
        found = by_week.get(week)
        result.append({"label": label, "entries": "; ".join(found) if found else ""})
        week -= dt.timedelta(days=7)
    return {
        "joblog": result,
        "joblog_total": len(entries),
        "joblog_gaps": sum(1 for w in result if not w["entries"]),
    }


def _opening_row(
    title: str, opening_id: int, employer: str | None, place: str | None
) -> dict[str, str]:
    return {
        "opening": opening_name(title, opening_id),
        "employer": employer or "–",
        "place": place or "–",
    }


def placement_context(spell: Spell) -> dict[str, Any]:
    """The openings presented to the member and the placements, with title, employer and
    place, as finished strings."""
    yes, no = _("ja"), _("nej")
    presentations = [
        {
            "day": day_text(presented_on),
            "relevant": yes if relevant else no,
            "objection": yes if objection else no,
        }
        | _opening_row(*opening)
        for presented_on, relevant, objection, *opening in PRESENTATIONS.rows(spell=spell.id)
    ]
    permanent_text, temporary_text = _("fast"), _("midlertidig")
    placements = [
        {"day": day_text(placed_on), "kind": permanent_text if permanent else temporary_text}
        | _opening_row(*opening)
        for placed_on, permanent, *opening in PLACEMENTS.rows(spell=spell.id)
    ]
    return {"presentations": presentations, "placements": placements}


@lru_cache(maxsize=1024)
def places_within(municipality: str, km: int) -> tuple[str, ...]:
    """The municipalities whose centres lie within ``km`` of ``municipality``'s (itself
    always); just itself when the reference list has no centre for it."""
    known = tuple(reference.places()["code"])
    if municipality not in known:
        return (municipality,)
    distances = reference.municipality_km(known)[known.index(municipality)]
    return tuple(
        code for code, d in zip(known, distances, strict=True) if d <= km or code == municipality
    )


def open_openings(
    spell: Spell, cv: Cv | None, day: dt.date, limit: int = OPENINGS
) -> list[JobOpening]:
    """Openings the fund may present on ``day``: portal ads and its own job orders, open for
    applications, in a place within the member's travel distance (or giving none); those
    for the CV's wished occupations first, then the newest."""
    km = cv.max_travel_km if cv is not None else DEFAULT_TRAVEL_KM
    places = places_within(spell.municipality_id, km)
    wished = codes(cv.wished_disco) if cv is not None else []
    return list(
        JobOpening.objects.filter(
            Q(fund_id=spell.fund_id) | Q(fund__isnull=True),
            Q(municipality_id__in=places) | Q(municipality__isnull=True),
            posted_on__lte=day,
            closes_on__gte=day,
        )
        .select_related("employer", "municipality")
        .annotate(wished=Case(When(disco__in=wished, then=Value(0)), default=Value(1)))
        .order_by("wished", "-posted_on", "-id")[:limit]
    )


def opening_rows(openings: list[JobOpening]) -> list[dict[str, Any]]:
    return [
        {
            "id": o.id,
            "title": str(o),
            "employer": o.employer.name if o.employer else "",
            "place": o.municipality.name if o.municipality else "",
            "closes_on": day_text(o.closes_on),
            "hours": o.hours_per_week,
            "source": o.get_source_display(),
            "wished": o.wished == 0,  # type: ignore[attr-defined]
        }
        for o in openings
    ]
