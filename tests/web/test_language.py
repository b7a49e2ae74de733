"""The interface speaks Danish unless the user picks English in the footer, and the English
catalogue is complete and compiled."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

import akasse.web
from akasse.rules import labels
from tests.web.world import World

MESSAGES = Path(akasse.web.__file__).parent / "locale" / "en" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"


def _unquote(text: str) -> str:
    escapes = {"n": "\n", "t": "\t"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text)


@dataclass
class Entry:
    context: str
    msgid: str
    msgstr: str  # for a message with plural forms: the singular's translation
    flags: list[str]
    plural: str = ""  # msgid_plural
    plural_msgstr: str = ""  # msgstr[1]


def po_entries() -> list[Entry]:
    """The entries of the .po, the header left out."""
    entries: list[Entry] = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        flags: list[str] = []
        parts: dict[str, str] = {}
        field = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += [f.strip() for f in line[2:].split(",")]
            elif match := re.match(
                r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line
            ):
                field = {"msgstr[0]": "msgstr"}.get(match.group(1), match.group(1))
                parts[field] = _unquote(match.group(2))
            elif line.startswith('"') and field:
                parts[field] += _unquote(line[1:-1])
        if parts.get("msgid"):
            entries.append(
                Entry(
                    parts.get("msgctxt", ""),
                    parts["msgid"],
                    parts.get("msgstr", ""),
                    flags,
                    parts.get("msgid_plural", ""),
                    parts.get("msgstr[1]", ""),
                )
            )
    return entries


def test_it_speaks_danish_by_default_even_to_an_english_browser(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("caseworker").get("/arbejdsliste/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page["Content-Language"] == "da"
    assert '<html lang="da">' in text
    assert "Arbejdsliste" in text
    assert "Worklist" not in text
    assert 'id="language"' in text


def test_it_switches_to_english_and_back(world: World, login: Callable[[str], Client]) -> None:
    client = login("caseworker")
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/arbejdsliste/"})
    assert switched.status_code == 302
    assert switched.url == "/arbejdsliste/"

    worklist = client.get("/arbejdsliste/").content.decode()
    assert "Worklist" in worklist
    assert "Arbejdsliste" not in worklist
    assert '<td class="num">6 left</td>' in worklist
    case = client.get(f"/sager/{world.spell.id}/").content.decode()
    obligations = case.split('id="obligations"')[1].split("</section>")[0]
    assert "Conversations required by the rules" in obligations
    assert "CV conversation no. 1" in obligations
    assert "Samtaler efter reglerne" not in case

    client.post("/i18n/setlang/", {"language": "da", "next": "/arbejdsliste/"})
    again = client.get("/arbejdsliste/").content.decode()
    assert "Arbejdsliste" in again
    assert "Worklist" not in again


def test_it_gives_messages_in_the_chosen_language(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    client.post("/i18n/setlang/", {"language": "en"})
    page = client.post(
        f"/sager/{world.spell.id}/booking/",
        {"slot": world.slots[1].id, "kinds": ["cv"], "channel": "in_person"},
        follow=True,
    )
    assert "The conversation is booked for 14.03.2022 at 10.00." in page.content.decode()


def test_every_message_has_an_english_translation() -> None:
    entries = po_entries()
    assert len(entries) > 100
    assert [e.msgid for e in entries if not e.msgstr] == []
    assert [e.msgid for e in entries if e.plural and not e.plural_msgstr] == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []


def test_it_has_an_english_translation_of_every_title_of_the_rules_codes() -> None:
    """The titles are not in the application's own modules, where makemessages looks, so
    this test keeps the catalogue holding each of them."""
    translated = {e.msgid for e in po_entries() if not e.context and e.msgstr}
    names = (labels.KINDS, labels.OWNERS, labels.CHANNELS, labels.STATUSES, labels.REGIMES)
    titles = [label.title for group in names for label in group.values()]
    assert len(titles) == 18
    assert [title for title in titles if title not in translated] == []


def test_the_committed_catalogue_is_the_po_compiled() -> None:
    with MO.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for e in po_entries():
        if e.plural:
            assert [compiled.ngettext(e.msgid, e.plural, n) for n in (1, 2)] == [
                e.msgstr,
                e.plural_msgstr,
            ], e.msgid
            continue
        found = compiled.pgettext(e.context, e.msgid) if e.context else compiled.gettext(e.msgid)
        assert found == e.msgstr, e.msgid


def test_msgfmt_compiles_the_po_to_the_committed_mo(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (gettext) is not installed")
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(PO)], check=True)
    assert fresh.read_bytes() == MO.read_bytes(), (
        "django.mo is stale: run msgfmt -o django.mo django.po in " + str(MESSAGES)
    )


def test_danish_texts_pass_through_untouched() -> None:
    """Danish has no catalogue of its own, but Django's Danish catalogues are loaded too; none
    of them may turn one of the Danish msgids into something else."""
    changed = {}
    with translation.override("da"):
        for e in po_entries():
            if e.plural:
                found = translation.ngettext(e.msgid, e.plural, 1)
            elif e.context:
                found = translation.pgettext(e.context, e.msgid)
            else:
                found = translation.gettext(e.msgid)
            if found != e.msgid:
                changed[e.msgid] = found
    assert changed == {}
