"""Browser tests: Debian's Chromium driven by Playwright against Django's live test server.

Playwright never downloads a browser here; it starts /usr/bin/chromium headless, with the
network features that would call out of this closed machine switched off."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from tests.web.world import PASSWORD, TODAY, World, build

CHROMIUM = os.environ.get("AKASSE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's synchronous API runs an event loop in the test's thread; the test itself only
# drives the browser while Django answers in the live server's thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_world(transactional_db: None, settings: Settings) -> World:
    settings.TODAY = TODAY
    return build()


@pytest.fixture
def login_page(
    browser: Browser, live_server: LiveServer, browser_world: World
) -> Iterator[Callable[[str], Page]]:
    contexts = []

    def open_as(persona: str) -> Page:
        context = browser.new_context(base_url=live_server.url, locale="da-DK")
        contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
        page.fill("#id_username", browser_world.users[persona].username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    yield open_as
    for context in contexts:
        context.close()
