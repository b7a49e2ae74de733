"""Error pages in Danish with a way back, and addresses that used to give a server error: a
date whose two weeks run past 9999-12-31, ids longer than the database's integers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.test import Client
from django.urls import path

from akasse.rules import Kind
from akasse.web import urls
from akasse.web.casework.services import book
from akasse.web.params import parse_date, parse_id
from tests.web.world import TODAY, World

TWENTY_DIGITS = "12345678901234567890"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault in a view")


# The application's addresses and one view that fails (see test_it_shows_the_500_page...).
urlpatterns = [path("fejl/", boom), *urls.urlpatterns]


def _problems(page: str) -> str:
    start = page.index('<ul class="messages" id="filter-problems">')
    return page[start : page.index("</ul>", start)]


def test_it_shows_free_slots_from_today_when_the_from_date_runs_past_the_calendar(
    world: World, login: Callable[[str], Client]
) -> None:
    response = login("caseworker").get(f"/sager/{world.spell.id}/booking/?fra=9999-12-31")
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "Fra: «9999-12-31» er ikke en dato mellem 01.01.1900 og 31.12.2999. "
        "Skriv datoen som ÅÅÅÅ-MM-DD; siden viser i stedet fra 14.03.2022."
    ) in _problems(page)
    assert 'name="fra" value="2022-03-14"' in page
    assert f'data-slot="{world.slots[0].id}"' in page


def test_it_ignores_a_branch_of_twenty_digits_and_shows_the_cases_branch(
    world: World, login: Callable[[str], Client]
) -> None:
    response = login("caseworker").get(f"/sager/{world.spell.id}/booking/?afdeling={TWENTY_DIGITS}")
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        f"Afdeling: «{TWENTY_DIGITS}» er ikke en af valgmulighederne. "
        "Vælg i listen; siden viser i stedet sagens afdeling."
    ) in _problems(page)
    assert '<option value="1" selected>FOA Aarhus</option>' in page
    assert f'data-slot="{world.slots[0].id}"' in page


def test_it_ignores_a_caseworker_of_twenty_digits_and_shows_everyones_slots(
    world: World, login: Callable[[str], Client]
) -> None:
    response = login("caseworker").get(
        f"/sager/{world.spell.id}/booking/?medarbejder={TWENTY_DIGITS}"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        f"Medarbejder: «{TWENTY_DIGITS}» er ikke en af valgmulighederne. "
        "Vælg i listen; siden viser i stedet alle medarbejdere."
    ) in _problems(page)
    assert f'data-slot="{world.slots[0].id}"' in page


def test_it_shows_the_move_page_from_today_when_the_from_date_runs_past_the_calendar(
    world: World, login: Callable[[str], Client]
) -> None:
    conversation = book(world.spell, world.slots[0], [Kind.CV], "in_person", TODAY)
    response = login("caseworker").get(f"/samtaler/{conversation.id}/flyt/?fra=9999-12-31")
    assert response.status_code == 200
    assert "Fra: «9999-12-31» er ikke en dato" in _problems(response.content.decode())
    assert f'data-slot="{world.slots[1].id}"' in response.content.decode()


def test_it_filters_quietly_on_a_good_choice_and_refuses_another_funds_caseworker(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    chosen = client.get(f"/sager/{world.spell.id}/booking/?medarbejder=11&fra=2022-03-15")
    page = chosen.content.decode()
    assert 'id="filter-problems"' not in page
    assert f'data-slot="{world.slots[0].id}"' not in page  # the 14th is before the 15th
    assert f'data-slot="{world.slots[3].id}"' in page
    assert '<option value="11" selected>' in page
    foreign = client.get(f"/sager/{world.spell.id}/booking/?medarbejder=31").content.decode()
    assert "Medarbejder: «31» er ikke en af valgmulighederne." in _problems(foreign)


def test_it_answers_the_htmx_filter_with_the_message_in_the_slot_list(
    world: World, login: Callable[[str], Client]
) -> None:
    response = login("caseworker").get(
        f"/sager/{world.spell.id}/booking/?fra=0000-01-01", headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page
    assert "Fra: «0000-01-01» er ikke en dato mellem" in _problems(page)


def test_it_answers_404_for_a_posted_slot_written_with_a_superscript_digit(
    world: World, login: Callable[[str], Client]
) -> None:
    conversation = book(world.spell, world.slots[0], [Kind.CV], "in_person", TODAY)
    client = login("caseworker")
    assert client.post(f"/samtaler/{conversation.id}/flyt/", {"slot": "²"}).status_code == 404
    too_long = client.post(f"/samtaler/{conversation.id}/flyt/", {"slot": TWENTY_DIGITS})
    assert too_long.status_code == 404


def test_it_refuses_the_outsider_the_booking_page_whatever_the_filters(
    world: World, login: Callable[[str], Client]
) -> None:
    outsider = login("outsider")
    path = f"/sager/{world.spell.id}/booking/?fra=9999-12-31&afdeling={TWENTY_DIGITS}"
    assert outsider.get(path).status_code == 404


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        ("007", 7),
        ("9" * 18, int("9" * 18)),
        ("9" * 19, None),
        ("²", None),
        ("", None),
        (None, None),
        ("-1", None),
        ("1.0", None),
        (" 1", None),
        ("١٢", None),
    ],
)
def test_it_reads_an_id_only_from_up_to_eighteen_ascii_digits(
    text: str | None, expected: int | None
) -> None:
    assert parse_id(text) == expected


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2022-03-14", True),
        ("1900-01-01", True),
        ("2999-12-31", True),
        ("3000-01-01", False),
        ("1899-12-31", False),
        ("9999-12-31", False),
        ("2022-02-30", False),
        ("", False),
    ],
)
def test_it_reads_a_date_only_within_the_pages_years(text: str, ok: bool) -> None:
    assert (parse_date(text) is not None) is ok


def test_it_answers_404_in_danish_with_a_link_home(world: World) -> None:
    response = Client().get("/findes-ikke/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Siden findes ikke</h1>" in page
    assert (
        "Siden findes ikke, eller du har ikke adgang til den. Tjek adressen, eller find det, "
        "du leder efter, fra forsiden."
    ) in page
    assert '<a class="button" href="/">Gå til forsiden</a>' in page


def test_it_shows_the_outsider_the_danish_404_page_with_the_menu(
    world: World, login: Callable[[str], Client]
) -> None:
    response = login("outsider").get(f"/sager/{world.spell.id}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Siden findes ikke</h1>" in page
    assert '<a href="/arbejdsliste/">Arbejdsliste</a>' in page
    assert "Medlem 1" not in page


def test_it_answers_403_in_danish_with_the_reason_and_a_link_home(
    world: World, login: Callable[[str], Client]
) -> None:
    response = login("outsider").get("/team/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Ingen adgang</h1>" in page
    assert "<p>Din rolle giver ikke adgang til siden.</p>" in page
    assert '<a class="button" href="/">Gå til forsiden</a>' in page
    assert '<a href="/arbejdsliste/">Arbejdsliste</a>' in page


def test_it_explains_a_refused_form_in_danish(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "sagsbehandler", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Formularen kunne ikke sendes</h1>" in page
    assert "Gå tilbage, genindlæs siden, og prøv igen." in page
    assert '<a class="button" href="/">Gå til forsiden</a>' in page
    assert "CSRF" not in page


@pytest.mark.urls("tests.web.test_errors")
def test_it_shows_the_500_page_in_danish_with_the_headers(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    client.raise_request_exception = False
    response = client.get("/fejl/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Der skete en fejl</h1>" in page
    assert "Siden kunne ikke vises, fordi der skete en fejl hos os." in page
    assert '<a class="button" href="/">Gå til forsiden</a>' in page
    assert "a fault in a view" not in page
    assert response["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_it_renders_the_500_page_without_a_database_or_a_request() -> None:
    """No database fixture: any query would fail the test. Django renders 500.html with an
    empty context and no request, as here."""
    page = loader.get_template("500.html").render()
    assert "<h1>Der skete en fejl</h1>" in page
    assert '<link rel="stylesheet" href="/static/akasse/app.css">' in page
    assert '<a class="brand" href="/">akasse</a>' in page


def test_it_answers_a_request_for_another_host_with_the_danish_400_page(world: World) -> None:
    response = Client(headers={"host": "akasse.example"}).get("/arbejdsliste/")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>Forespørgslen kunne ikke bruges</h1>" in page
    assert '<a class="button" href="/">Gå til forsiden</a>' in page
