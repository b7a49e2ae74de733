"""The handover to the jobcentre as a document: a tagged PDF (PDF/UA-1) in Danish, with the
fund's letterhead, the date, the recipient, page numbers, table heads repeated on every page and
the law (not the studies) as the legal basis of each conversation."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from django.test import Client
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject

from akasse.web.audit.models import AuditEvent
from tests.web.world import (
    CASEWORKER_NAME,
    FIRST_DAY,
    MEMBER_NAME,
    World,
    book,
    book_joint_conversation,
)

SPECIAL_EFFORT_LAW = (
    "Lov om en aktiv beskæftigelsesindsats § 32, stk. 2 (lov nr. 548 af 7. maj 2019)"
)
TRIAL_LAW = "Bekendtgørelse om forsøg med mere ansvar til arbejdsløshedskasser"
# Words of the studies the parameters' references cite, which the document must not give as
# the legal basis.
STUDY_WORDS = ("Seed 00", "faktaboks", "mploy", "Rambøll")


def _pdf(client: Client, world: World) -> PdfReader:
    response = client.get(f"/sager/{world.spell.id}/overdragelse.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="overdragelse-{world.spell.id}.pdf"'
    )
    return PdfReader(io.BytesIO(response.content))


def _text(page_text: str) -> str:
    """The page's words with single spaces (the layout breaks lines inside table cells)."""
    return " ".join(page_text.split())


def _pages(reader: PdfReader) -> list[str]:
    return [_text(page.extract_text()) for page in reader.pages]


def _catalog(reader: PdfReader) -> DictionaryObject:
    root = reader.trailer["/Root"].get_object()
    assert isinstance(root, DictionaryObject)
    return root


def _long_case(world: World) -> None:
    """Forty held conversations, each with a summary: the history cannot fit on one page."""
    for i in range(40):
        day = FIRST_DAY + dt.timedelta(days=i % 7)
        book(
            world.spell,
            "job",
            day,
            status="held",
            held_on=day,
            summary=f"Samtale nummer {i + 1}: jobsøgningen gennemgået, to nye ansøgninger aftalt "
            "inden for social- og sundhedsområdet og opfølgning på cv'ets kompetencer.",
        )


def test_it_is_a_tagged_pdf_ua_document_in_danish_with_a_title_and_the_fund_as_author(
    world: World, login: Callable[[str], Client]
) -> None:
    reader = _pdf(login("caseworker"), world)
    catalog = _catalog(reader)
    marked = catalog["/MarkInfo"]["/Marked"]
    assert isinstance(marked, BooleanObject) and bool(marked)
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "da"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    assert reader.metadata is not None
    assert reader.metadata.title == f"Overdragelse til jobcentret – {world.spell.member}"
    assert reader.metadata.author == "FOA's a-kasse"


def test_it_has_the_letterhead_date_recipient_member_and_page_numbers(
    world: World, login: Callable[[str], Client]
) -> None:
    world.fund.address = "Staunings Plads 1"
    world.fund.postcode = "1607"
    world.fund.city = "København V"
    world.fund.phone = "72 20 31 00"
    world.fund.email = "akasse@foa.dk"
    world.fund.save()
    world.spell.caseworker = world.caseworker
    world.spell.save(update_fields=["caseworker"])
    pages = _pages(_pdf(login("caseworker"), world))
    page = pages[0]
    assert page.startswith(
        "FOA's a-kasse Staunings Plads 1, 1607 København V 72 20 31 00 · akasse@foa.dk "
        "14. marts 2022 "
    )
    member = world.spell.member
    assert (
        f"Sag {world.spell.id} Sagsbehandler {CASEWORKER_NAME} Til Jobcenter Aarhus "
        f"Vedrørende {MEMBER_NAME} Vestergade 12, 2. th., 8000 Aarhus C "
        f"Medlemsnummer {member.id} CPR-nummer {member.cpr_masked}"
    ) in page
    assert "150377-1234" not in page
    assert page.endswith(f"FOA's a-kasse Side 1 af {len(pages)}")
    assert "Hent som PDF" not in " ".join(pages)


def test_it_names_the_branch_under_the_fund_until_the_fund_has_an_address(
    world: World, login: Callable[[str], Client]
) -> None:
    [page] = _pages(_pdf(login("caseworker"), world))
    assert page.startswith("FOA's a-kasse FOA Aarhus 14. marts 2022")
    assert page.endswith("Med venlig hilsen FOA's a-kasse, FOA Aarhus FOA's a-kasse Side 1 af 1")


def test_it_gives_the_law_as_the_legal_basis_not_the_studies(
    world: World, login: Callable[[str], Client]
) -> None:
    text = " ".join(_pages(_pdf(login("caseworker"), world)))
    assert SPECIAL_EFFORT_LAW in text
    assert f"{TRIAL_LAW} (nummer og paragraf er ikke angivet i kilderne)" in text
    for words in STUDY_WORDS:
        assert words not in text


def test_it_repeats_the_table_head_on_every_page_of_a_long_case(
    world: World, login: Callable[[str], Client]
) -> None:
    _long_case(world)
    pages = _pages(_pdf(login("caseworker"), world))
    assert len(pages) >= 2
    head = "Dato Samtale Kanal Status Referat"
    history = [page for page in pages if "Samtale nummer" in page]
    assert len(history) >= 2
    for page in history:
        assert head in page
    # From the second page on, the document's title heads the page.
    for number, page in enumerate(pages[1:], start=2):
        assert page.endswith(
            f"Overdragelse til jobcentret FOA's a-kasse Side {number} af {len(pages)}"
        )


def test_it_shows_the_same_law_on_the_handover_page(
    world: World, login: Callable[[str], Client]
) -> None:
    page = login("caseworker").get(f"/sager/{world.spell.id}/overdragelse/").content.decode()
    assert SPECIAL_EFFORT_LAW in page
    assert "Fra FOA&#x27;s a-kasse til Jobcenter Aarhus, 14. marts 2022" in page
    for words in STUDY_WORDS:
        assert words not in page


def test_it_refuses_the_outsider_and_audits_the_export(
    world: World, login: Callable[[str], Client]
) -> None:
    assert login("outsider").get(f"/sager/{world.spell.id}/overdragelse.pdf").status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()
    _pdf(login("caseworker"), world)
    event = AuditEvent.objects.get(action="export")
    assert (event.username, event.member_id, event.what, event.why) == (
        "sagsbehandler",
        world.spell.member_id,
        f"overdragelse {world.spell.id} (PDF)",
        "overdragelse til jobcenter",
    )


def test_it_gives_the_jobcentre_the_document_once_the_member_is_in_a_joint_process(
    world: World, login: Callable[[str], Client]
) -> None:
    jobcentre = login("jobcentre")
    url = f"/sager/{world.spell.id}/overdragelse.pdf"
    assert jobcentre.get(url).status_code == 404
    book_joint_conversation(world)
    assert "Til Jobcenter Aarhus" in _pages(_pdf(jobcentre, world))[0]
    event = AuditEvent.objects.get(action="export")
    assert (event.username, event.member_id) == ("jobcenter", world.spell.member_id)
