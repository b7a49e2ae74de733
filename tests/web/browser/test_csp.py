"""The Content-Security-Policy in a real browser: the main pages of each persona, the Django
admin included, load without Chromium refusing anything, and booking a slot (whose script
moved from an onsubmit attribute to a static file) still carries the chosen kinds and
channel."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from akasse.web.accounts.models import Role, User
from akasse.web.casework.models import Conversation
from akasse.web.demo_personas import grant_admin_permissions
from tests.web.world import PASSWORD, World

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Chromium reports every refusal in the console ("Refused to apply inline style because it
# violates the following Content Security Policy directive: ..."); the listener added before
# any page script also catches refusals the console words differently.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("Content Security Policy violation: " + event.violatedDirective
                + " blocked " + event.blockedURI);
});
"""


STYLED = "document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')"


@pytest.fixture
def watched(login_page: Callable[[str], Page]) -> Iterator[Callable[[str], tuple[Page, list[str]]]]:
    """A logged-in page and the list that collects its policy violations and script errors."""

    def open_as(persona: str) -> tuple[Page, list[str]]:
        page = login_page(persona)
        problems: list[str] = []
        page.add_init_script(REPORT_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                problems.append(message.text)
                if "Content Security Policy" in message.text or "Permissions-Policy" in message.text
                else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        return page, problems

    yield open_as


def _visit(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    page.wait_for_load_state("load")


def test_it_reports_a_violation_when_a_page_gets_an_inline_style(
    watched: Callable[[str], tuple[Page, list[str]]],
) -> None:
    """The watch itself: an element with a style attribute put into a page is refused."""
    page, problems = watched("caseworker")
    _visit(page, "/arbejdsliste/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            "document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')"
        )
    assert any("style-src" in problem for problem in problems), problems


def test_it_loads_the_caseworkers_pages_without_a_violation(
    watched: Callable[[str], tuple[Page, list[str]]], browser_world: World
) -> None:
    page, problems = watched("caseworker")
    spell = browser_world.spell.id
    for path in [
        "/arbejdsliste/",
        f"/sager/{spell}/",
        f"/sager/{spell}/samtale/",
        f"/sager/{spell}/overdragelse/",
        f"/sager/{spell}/booking/",
    ]:
        _visit(page, path)
    expect(page.locator("h1")).to_contain_text("Book samtale")
    assert problems == []


def test_it_loads_the_member_jobcentre_and_analyst_pages_without_a_violation(
    watched: Callable[[str], tuple[Page, list[str]]], browser_world: World
) -> None:
    seen = []
    for persona, path in [
        ("member", "/mit-forloeb/"),
        ("jobcentre", "/jobcenter/"),
        ("analyst", "/opfoelgning/"),
    ]:
        page, problems = watched(persona)
        _visit(page, path)
        expect(page.locator("h1")).to_be_visible()
        seen.append((persona, problems))
    assert seen == [("member", []), ("jobcentre", []), ("analyst", [])]


def test_it_loads_the_team_page_and_the_admin_without_a_violation(
    watched: Callable[[str], tuple[Page, list[str]]], browser_world: World
) -> None:
    page, problems = watched("team_lead")
    _visit(page, "/team/")
    expect(page.locator("h1")).to_be_visible()
    admin = User.objects.create_user(
        "administrator",
        password=PASSWORD,
        role=Role.FUND_ADMIN,
        fund=browser_world.fund,
        is_staff=True,
    )
    grant_admin_permissions(admin)
    browser_world.users["fund_admin"] = admin
    page, admin_problems = watched("fund_admin")
    for path in ["/admin/", "/admin/members/caseworker/", "/admin/members/caseworker/11/change/"]:
        _visit(page, path)
    expect(page.locator("#content h1, #content h2").first).to_be_visible()
    assert problems == []
    assert admin_problems == []


def test_it_books_a_slot_with_the_chosen_kinds_and_channel_under_the_policy(
    watched: Callable[[str], tuple[Page, list[str]]], browser_world: World
) -> None:
    page, problems = watched("caseworker")
    _visit(page, f"/sager/{browser_world.spell.id}/booking/")
    page.get_by_label("CV-samtale").uncheck()
    page.get_by_label("Jobsamtale").check()
    page.select_option("#id_channel", "phone")
    # The slot list is replaced by htmx: the copied fields must reach the new forms too.
    page.select_option("#medarbejder", str(browser_world.caseworker.id))
    expect(page).to_have_url(re.compile(r"\?afdeling=1&medarbejder=11&fra=2022-03-14$"))
    slot = browser_world.slots[1]
    page.locator(f"button[data-slot='{slot.id}']").click()
    expect(page.locator(".messages")).to_contain_text("Samtalen er booket 14.03.2022 kl. 10.00")
    booked = Conversation.objects.get(slot=slot)
    assert (booked.kinds, booked.channel) == ("job", "phone")
    expect(page.locator("#conversations")).to_contain_text("Telefon")
    assert problems == []


def test_it_keeps_no_copy_of_a_page_in_the_browser_and_fetches_it_again_on_back(
    watched: Callable[[str], tuple[Page, list[str]]], browser_world: World
) -> None:
    page, problems = watched("caseworker")
    _visit(page, f"/sager/{browser_world.spell.id}/booking/")
    page.select_option("#medarbejder", str(browser_world.caseworker.id))
    expect(page).to_have_url(re.compile(r"medarbejder=11"))
    # htmx would otherwise keep the page before the filter, member's name and all.
    assert page.evaluate("sessionStorage.getItem('htmx-history-cache')") is None
    page.go_back()
    expect(page).to_have_url(re.compile(r"/booking/$"))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#book-form")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('htmx-history-cache')") is None
    assert problems == []
