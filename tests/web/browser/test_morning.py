"""A caseworker's morning in a real browser, and what other personas may not see."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from tests.web.world import MEMBER_NAME, World, add_profiling_input

# The live server needs committed rows; serialized rollback puts back what the migrations wrote
# (the offers catalogue) once each test has emptied the tables.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_lets_a_caseworker_register_a_cv_and_job_conversation_from_the_worklist(
    login_page: Callable[[str], Page], browser_world: World
) -> None:
    page = login_page("caseworker")
    expect(page.locator("h1")).to_contain_text("Arbejdsliste")
    page.locator("#obligations").get_by_role("link", name=MEMBER_NAME).first.click()
    expect(page.locator("#obligations")).to_contain_text("CV-samtale nr. 1")
    page.get_by_role("link", name="Registrér samtale").click()
    kinds = page.locator("#kinds")
    kinds.get_by_label("CV-samtale").check()
    kinds.get_by_label("Jobsamtale").check()
    page.fill("#id_summary", "Gennemgik CV og aftalte jobmål inden for omsorg.")
    page.get_by_role("button", name="Gem samtale").click()
    expect(page.locator(".messages")).to_contain_text("CV-samtale + Jobsamtale er registreret.")
    rows = page.locator("#obligations tr")
    expect(rows.filter(has_text="CV-samtale nr. 1")).to_contain_text("Opfyldt")
    expect(rows.filter(has_text="Jobsamtale nr. 1")).to_contain_text("Opfyldt")
    expect(page.locator("#minplan")).to_contain_text("Gennemgik CV")


def test_it_explains_a_merge_the_rules_do_not_allow(
    login_page: Callable[[str], Page], browser_world: World
) -> None:
    page = login_page("caseworker")
    page.goto(f"/sager/{browser_world.spell.id}/samtale/")
    kinds = page.locator("#kinds")
    kinds.get_by_label("Jobsamtale").check()
    kinds.get_by_label("Fællessamtale").check()
    page.fill("#id_summary", "Forsøg på sammenlægning.")
    page.get_by_role("button", name="Gem samtale").click()
    expect(page.locator("#rule-error")).to_contain_text(
        "jobsamtale + fællessamtale må ikke slås sammen i trial_2020"
    )


def test_it_books_a_slot_and_offers_the_invitation(
    login_page: Callable[[str], Page], browser_world: World
) -> None:
    page = login_page("caseworker")
    page.goto(f"/sager/{browser_world.spell.id}/booking/")
    page.locator(f"button[data-slot='{browser_world.slots[1].id}']").click()
    expect(page.locator(".messages")).to_contain_text("Samtalen er booket 14.03.2022 kl. 10.00")
    expect(page.locator("#conversations")).to_contain_text("Booket")
    expect(page.get_by_role("link", name="Invitation")).to_be_visible()


def test_it_shows_a_member_their_own_case_and_nobody_elses(
    login_page: Callable[[str], Page], browser_world: World
) -> None:
    page = login_page("member")
    page.goto("/mit-forloeb/")
    expect(page.locator("h1")).to_contain_text(MEMBER_NAME)
    response = page.goto(f"/sager/{browser_world.copenhagen_spell.id}/")
    assert response is not None and response.status == 404


def test_it_refuses_an_outsider(login_page: Callable[[str], Page], browser_world: World) -> None:
    page = login_page("outsider")
    response = page.goto(f"/sager/{browser_world.spell.id}/")
    assert response is not None and response.status == 404
    response = page.goto("/team/")
    assert response is not None and response.status == 403


def test_it_shows_the_risk_in_words_and_keeps_the_caseworkers_correction(
    login_page: Callable[[str], Page],
    browser_world: World,
    model_file: Path,
    settings: Settings,
) -> None:
    settings.PROFILE_MODEL = model_file
    add_profiling_input(browser_world.spell)
    page = login_page("caseworker")
    page.goto(f"/sager/{browser_world.spell.id}/")
    page.get_by_role("button", name="Lav profilafklaring").click()
    section = page.locator("#profiling")
    expect(section).to_contain_text("risiko for langtidsledighed")
    expect(section.locator("#factors li").first).to_be_visible()
    model_group = section.locator("#target-group").inner_text()
    other = "1" if not model_group.startswith("1") else "2a"
    page.select_option("#id_target_group", other)
    page.fill("#id_comment", "Har fået tilsagn om job fra 1. april.")
    page.get_by_role("button", name="Gem vurdering").click()
    expect(page.locator("#correction")).to_contain_text("Har fået tilsagn om job fra 1. april.")
    expect(section.locator("#target-group")).to_have_text(model_group)
