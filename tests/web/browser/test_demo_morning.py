"""The demo's caseworker's morning in a real browser, on the demo's own data and server: the
worklist of a typical day, a first conversation booked into a free slot of this week, and a
conversation of today registered. (The demo always runs on its own SQLite file, so the
PostgreSQL pass leaves it out.)"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.demo import copy_home, passwords, serve

pytestmark = pytest.mark.skipif(
    "DATABASE_URL" in os.environ,
    reason="the demo runs on its own SQLite file; the PostgreSQL pass would only repeat it",
)
DAY = dt.date(2023, 10, 16)


def _log_in(page: Page, password: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", "sagsbehandler")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_it_walks_the_demo_caseworkers_morning(
    demo: tuple[Path, str], browser: Browser, tmp_path: Path
) -> None:
    home, _ = demo
    with serve(copy_home(home, tmp_path)) as served:
        name = re.search(r"Sagsbehandleren: (.+?) \(medarbejder", served.output)
        assert name is not None, served.output
        context = browser.new_context(base_url=served.url, locale="da-DK")
        page = context.new_page()
        _log_in(page, passwords(served.output)["sagsbehandler"])

        # The worklist of a typical morning: 3-7 conversations today, a handful of deadlines
        # and one or two of them overdue, new members to book.
        expect(page.locator("h1")).to_contain_text("Arbejdsliste mandag 16. oktober 2023")
        heading = page.locator("#today h2").inner_text()
        today = int(re.search(r"\((\d+)\)", heading).group(1))  # type: ignore[union-attr]
        assert 3 <= today <= 7, heading
        overdue = page.locator("#obligations .status-overdue").count()
        assert 1 <= overdue <= 2
        assert page.locator("#obligations .status-due").count() >= 3

        # Book a first conversation into one of the caseworker's free slots this week.
        first = page.locator("#unbooked tr").nth(1)
        member = first.get_by_role("link").first.inner_text()
        first.get_by_role("link", name="Book").click()
        expect(page.locator("h1")).to_contain_text(member)
        page.select_option("#medarbejder", label=name.group(1))
        slot = page.locator("#slots button[data-slot]").first
        expect(slot).to_contain_text(name.group(1))
        when = slot.inner_text().splitlines()[0]
        slot.click()
        expect(page.locator(".messages")).to_contain_text("Samtalen er booket")
        expect(page.locator("#conversations")).to_contain_text("Booket")
        booked_day = re.search(r"(\d+)\.(\d+)\.", when)
        assert booked_day is not None, when
        day = dt.date(DAY.year, int(booked_day.group(2)), int(booked_day.group(1)))
        assert DAY <= day <= DAY + dt.timedelta(days=4), when  # this week

        # Register the first of today's booked conversations as held.
        page.goto("/arbejdsliste/")
        row = page.locator("#today tr").filter(has_text="Booket").first
        kinds = row.locator(".kinds").inner_text().split(" + ")
        row.get_by_role("link").first.click()
        page.get_by_role("link", name="Registrér samtale").click()
        for kind in kinds:
            page.locator("#kinds").get_by_label(kind, exact=True).check()
        page.fill("#id_summary", "Gennemgik jobsøgningen og aftalte næste skridt.")
        page.get_by_role("button", name="Gem samtale").click()
        expect(page.locator(".messages")).to_contain_text("er registreret.")
        expect(page.locator("#minplan")).to_contain_text("Gennemgik jobsøgningen")
        held = page.locator("#conversations tr").filter(has_text="16.10.2023")
        expect(held).to_contain_text("Afholdt")
        context.close()
