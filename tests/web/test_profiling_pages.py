"""Profiling in the case application: the assessment on the member page with its reasons, the
questionnaire, the caseworker's correction with a required reason, and the team lead's view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.test import Client
from pytest_django.fixtures import Settings

from akasse.web.audit.models import AuditEvent
from akasse.web.profiling import views as profiling_views
from akasse.web.profiling.models import Assessment, Correction, ProfilingInput
from tests.web.world import World, add_profiling_input


@pytest.fixture
def profiled(world: World, settings: Settings, model_file: Path) -> World:
    settings.PROFILE_MODEL = model_file
    add_profiling_input(world.spell)
    return world


def test_it_says_when_no_model_is_installed(
    world: World, login: Callable[[str], Client], settings: Settings, tmp_path: Path
) -> None:
    settings.PROFILE_MODEL = tmp_path / "none.json"
    text = login("caseworker").get(f"/sager/{world.spell.id}/").content.decode()
    assert "Profilmodellen er ikke installeret" in text


def test_it_assesses_a_member_and_explains_the_risk_in_words(
    profiled: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    assert client.post(f"/sager/{profiled.spell.id}/profilafklaring/").status_code == 302
    made = Assessment.objects.get(spell=profiled.spell)
    assert made.target_group in ("1", "2a", "2b")
    text = client.get(f"/sager/{profiled.spell.id}/").content.decode()
    assert made.details["group_text"] in text
    assert f"risiko for langtidsledighed {round(made.risk * 100)} %" in text
    assert made.details["factors"][0]["text"] in text
    # The questionnaire was not answered: the assessment says so.
    assert "Ikke besvaret" in text and made.details["missing"]


def test_it_scores_again_when_the_member_answers_the_questionnaire(
    profiled: World, login: Callable[[str], Client]
) -> None:
    client = login("member")
    answers = {"expect_job": "over_6_months", "barrier_language": "on"}
    assert client.post(f"/sager/{profiled.spell.id}/spoergeskema/", answers).status_code == 302
    stored = ProfilingInput.objects.get(spell=profiled.spell)
    assert stored.expect_job == "over_6_months"
    assert stored.barrier_language is True and stored.barrier_financial is False
    made = Assessment.objects.get(spell=profiled.spell)
    assert made.details["missing"] == []
    assert (
        login("member").get(f"/sager/{profiled.copenhagen_spell.id}/spoergeskema/").status_code
        == 404
    )


def test_it_keeps_the_caseworkers_correction_beside_the_model_and_requires_a_reason(
    profiled: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    client.post(f"/sager/{profiled.spell.id}/profilafklaring/")
    made = Assessment.objects.get(spell=profiled.spell)
    other = "1" if made.target_group != "1" else "2a"
    refused = client.post(
        f"/sager/{profiled.spell.id}/profilafklaring/ret/",
        {"target_group": other, "comment": "  "},
        follow=True,
    )
    assert "Skriv en begrundelse for din vurdering." in refused.content.decode()
    assert not Correction.objects.exists()
    client.post(
        f"/sager/{profiled.spell.id}/profilafklaring/ret/",
        {"target_group": other, "comment": "Har job på hånden fra 1. april."},
    )
    correction = Correction.objects.get()
    assert correction.assessment == made and correction.target_group == other
    made.refresh_from_db()
    assert made.target_group != other  # the model's view is kept
    assert AuditEvent.objects.filter(what=f"rettelse af profilafklaring {correction.id}").exists()
    page = login("team_lead").get("/team/profilafklaring/").content.decode()
    assert "Medarbejder 11" in page or "Ikke tildelt" in page
    row = page.split('id="overrides"')[1]
    assert '<td class="num">1</td>' in row


def test_it_keeps_profiling_within_each_role(
    profiled: World, login: Callable[[str], Client]
) -> None:
    assert login("outsider").post(f"/sager/{profiled.spell.id}/profilafklaring/").status_code == 404
    assert login("outsider").get(f"/sager/{profiled.spell.id}/spoergeskema/").status_code == 404
    assert (
        login("member").post(f"/sager/{profiled.spell.id}/profilafklaring/ret/", {}).status_code
        == 403
    )
    assert login("caseworker").get("/team/profilafklaring/").status_code == 403


def test_a_correction_whose_audit_event_cannot_be_written_is_not_kept(
    profiled: World, login: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login("caseworker")
    client.post(f"/sager/{profiled.spell.id}/profilafklaring/")
    made = Assessment.objects.get(spell=profiled.spell)

    def fails(*args: object, **kwargs: object) -> None:
        raise DatabaseError("could not extend file: No space left on device")

    monkeypatch.setattr(profiling_views, "record", fails)
    client.raise_request_exception = False
    answer = client.post(
        f"/sager/{profiled.spell.id}/profilafklaring/ret/",
        {"target_group": "1" if made.target_group != "1" else "2a", "comment": "Job på vej."},
    )
    assert answer.status_code == 500
    assert not Correction.objects.exists()
