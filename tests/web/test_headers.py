"""Response headers: the strict Content-Security-Policy, no-store on everything with personal
data, the Permissions-Policy; and templates that keep to the policy (no inline style or
script anywhere)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client

from akasse.rules import Kind
from akasse.web.casework.services import book
from akasse.web.headers import DENIED_FEATURES
from tests.web.world import TODAY, World

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
TEMPLATES = Path(__file__).parents[2] / "akasse" / "web"


def directives(header: str) -> dict[str, str]:
    """A policy header as directive -> sources (django-csp writes them in no fixed order)."""
    pairs = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: sources for name, sources in pairs}


def test_it_sends_the_strict_policy_on_the_pages_of_every_persona(
    world: World, login: Callable[[str], Client]
) -> None:
    spell = world.spell.id
    pages = {
        "caseworker": ["/arbejdsliste/", f"/sager/{spell}/", f"/sager/{spell}/booking/"],
        "team_lead": ["/team/", "/team/profilafklaring/"],
        "member": [f"/sager/{spell}/"],
        "analyst": ["/opfoelgning/"],
    }
    for persona, paths in pages.items():
        client = login(persona)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert directives(response["Content-Security-Policy"]) == POLICY, path
    login_page = Client().get("/login/")
    assert directives(login_page["Content-Security-Policy"]) == POLICY
    assert "unsafe" not in login_page["Content-Security-Policy"]


def test_it_turns_off_the_inline_indicator_style_of_htmx(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("caseworker").get("/arbejdsliste/").content.decode()
    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, '
        '"historyCacheSize": 0, "refreshOnHistoryMiss": true}\'>'
    ) in page
    assert page.index('name="htmx-config"') < page.index("htmx-2.min.js")


# What the policy blocks in a template: style attributes and elements, event-handler
# attributes, scripts without src, javascript: links, and htmx's evaluated attributes.
FORBIDDEN = {
    "a style attribute": re.compile(r"\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "an event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "an inline script": re.compile(r"<script\b(?![^>]*\bsrc\s*=)", re.I),
    "a javascript: link": re.compile(r"javascript:", re.I),
    "an evaluated htmx attribute": re.compile(r"\shx-on\b|\shx-on:|['\"]js:", re.I),
}
_TEMPLATE_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.S)
_TAG = re.compile(r"<[a-zA-Z][^>]*>|<script\b[^>]*>", re.S)


def inline_code(text: str) -> list[str]:
    """What in a template's HTML tags the policy would block, by kind."""
    tags = _TAG.findall(_TEMPLATE_CODE.sub(" ", text))
    return [kind for kind, pattern in FORBIDDEN.items() for tag in tags if pattern.search(tag)]


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        ('<p style="color:red">', "a style attribute"),
        ("<style>p { color:red }</style>", "a <style> element"),
        ('<form method="post" onsubmit="go()">', "an event handler attribute"),
        ("<script>go()</script>", "an inline script"),
        ('<a href="javascript:go()">', "a javascript: link"),
        ('<button hx-on:click="go()">', "an evaluated htmx attribute"),
        ("<div hx-vals='js:{a: go()}'>", "an evaluated htmx attribute"),
    ],
)
def test_it_recognises_each_kind_of_inline_code(html: str, kind: str) -> None:
    assert inline_code(html) == [kind]


def test_it_lets_template_tags_and_scripts_from_files_through() -> None:
    text = (
        "{% blocktranslate with sections=missing %}Mangler: {{ sections }}{% endblocktranslate %}"
        '<script src="/static/akasse/booking.js" defer></script>'
        '<form data-copy-from="book-form" class="inline">'
    )
    assert inline_code(text) == []


# Templates never sent to a browser, so no policy applies to them.
NOT_SERVED = {
    # Laid out by WeasyPrint into the handover PDF, with its print styles inline.
    "casework/templates/casework/handover_pdf.html",
}


def test_it_keeps_inline_styles_and_scripts_out_of_every_template() -> None:
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 10
    found = {
        name: kinds
        for path in templates
        if (name := str(path.relative_to(TEMPLATES))) not in NOT_SERVED
        and (kinds := inline_code(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_it_forbids_storing_every_answer_with_personal_data(
    world: World, login: Callable[[str], Client]
) -> None:
    conversation = book(world.spell, world.slots[0], [Kind.CV], "in_person", TODAY)
    spell = world.spell.id
    client = login("caseworker")
    for path in [
        "/arbejdsliste/",
        f"/sager/{spell}/",
        f"/sager/{spell}/booking/",
        f"/sager/{spell}/overdragelse/",
        f"/sager/{spell}/overdragelse.pdf",
        f"/samtaler/{conversation.id}/invitation.ics",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "no-store", path
    assert login("member").get(f"/sager/{spell}/")["Cache-Control"] == "no-store"
    assert Client().get("/findes-ikke/")["Cache-Control"] == "no-store"
    assert "no-store" in Client().get("/login/")["Cache-Control"]


def test_it_lets_static_files_and_the_health_check_be_cached(world: World) -> None:
    client = Client()
    assert "no-store" not in client.get("/healthz/").get("Cache-Control", "")
    assert client.get("/favicon.ico")["Cache-Control"] == "public, max-age=86400"
    css = client.get("/static/akasse/app.css")
    assert css.status_code == 200
    assert "no-store" not in css["Cache-Control"]


def test_it_denies_the_browsers_devices_to_every_page(
    world: World, login: Callable[[str], Client]
) -> None:
    header = login("caseworker").get(f"/sager/{world.spell.id}/")["Permissions-Policy"]
    denied = dict(part.split("=") for part in header.split(", "))
    assert denied == {feature: "()" for feature in DENIED_FEATURES}
    assert {"camera", "microphone", "geolocation", "payment", "usb"} <= denied.keys()
    assert "Permissions-Policy" in Client().get("/login/")


def test_it_lets_only_the_exact_cacheable_paths_be_cached(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    assert client.get("/healthz/").get("Cache-Control") != "no-store"
    assert client.get("/healthz/noget-andet")["Cache-Control"] == "no-store"
