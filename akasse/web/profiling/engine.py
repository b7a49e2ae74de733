"""The profiling engine (akasse.profiling) in the case application: the installed model,
assessments of spells from their stored inputs, and how often caseworkers correct it."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from akasse.profiling.encode import FeatureError
from akasse.profiling.model import ModelFileError, ProfilingModel, load_model
from akasse.profiling.scoring import score
from akasse.web.accounts.models import User
from akasse.web.members.models import Spell
from akasse.web.profiling.models import Assessment, Correction, ProfilingInput


class ProfilingUnavailable(Exception):
    """No model installed, or no register data for the spell: the text says which."""


@lru_cache(maxsize=2)
def _load(path: Path, mtime: float) -> ProfilingModel:
    return load_model(path)


def installed_model() -> ProfilingModel:
    path: Path = settings.PROFILE_MODEL
    if not path.exists():
        raise ProfilingUnavailable(
            _("Profilmodellen er ikke installeret (akasse profile train, AKASSE_PROFILE_MODEL).")
        )
    try:
        return _load(path, path.stat().st_mtime)
    except ModelFileError as exc:
        raise ProfilingUnavailable(str(exc)) from None


def model_version(model: ProfilingModel) -> str:
    """What identifies the model an assessment came from: its training date and data."""
    meta: dict[str, Any] = dict(model.metadata_)
    data = meta.get("training_data") or {}
    parts = [str(meta.get("created", "")), str(data.get("manifest_sha256", ""))[:12]]
    return " · ".join(p for p in parts if p)[:80] or "ukendt"


def inputs_of(spell: Spell) -> dict[str, Any]:
    row = ProfilingInput.objects.filter(spell=spell).values().first()
    if row is None:
        raise ProfilingUnavailable(_("Der er ingen registeroplysninger til profilafklaringen."))
    return {k: v for k, v in row.items() if k != "spell_id"}


def assess(spell: Spell, user: User | None = None) -> Assessment:
    """Score the spell with the installed model and keep the result."""
    model = installed_model()
    try:
        result = score(model, inputs_of(spell))
    except FeatureError as exc:
        raise ProfilingUnavailable(str(exc)) from None
    return Assessment.objects.create(
        spell=spell,
        made_by=user,
        model_version=model_version(model),
        risk=result.risk,
        target_group=result.target_group,
        details=result.to_dict(),
    )


def assess_new(spells: QuerySet[Spell], progress: Callable[[int, int], None] | None = None) -> int:
    """Assess every spell that has register data and no assessment yet.

    In one transaction: stopped half-way, no assessment of the run is kept, so the database
    is as before and running it again assesses the same spells once each."""
    todo = list(spells.filter(profiling__isnull=False, assessments__isnull=True).order_by("id"))
    with transaction.atomic():
        for i, spell in enumerate(todo, start=1):
            assess(spell)
            if progress:
                progress(i, len(todo))
    return len(todo)


def overrides(spells: QuerySet[Spell]) -> list[dict[str, Any]]:
    """Per caseworker of the spells: assessments, corrections, and in which direction. Every
    correction belongs to an assessed spell, so each has its caseworker's row."""
    counts: dict[int | None, dict[str, Any]] = {
        r["spell__caseworker_id"]: {
            "caseworker": r["spell__caseworker_id"],
            "assessed": r["assessed"],
            "corrected": 0,
            "up": 0,
            "down": 0,
            "across": 0,
        }
        for r in Assessment.objects.filter(spell__in=spells)
        .values("spell__caseworker_id")
        .annotate(assessed=Count("spell", distinct=True))
        .order_by("spell__caseworker_id")
    }
    corrections = Correction.objects.filter(assessment__spell__in=spells).select_related(
        "assessment__spell"
    )
    for c in corrections:
        entry = counts[c.assessment.spell.caseworker_id]
        entry["corrected"] += 1
        entry[c.direction] += 1
    return list(counts.values())
