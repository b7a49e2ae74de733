"""Sessions in the database, which every server process shares: logging out ends every session
of the user, the user's own new password every other one, a password set in the admin all of
them; a session costs one query a request, may be made by Django's own store (as the web
benchmark makes them), and goes with its record when expired. (tests/test_sessions_processes.py
shows the same across two real server processes.)"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from akasse.web.accounts.models import User, UserSession
from tests.web.world import PASSWORD, World

NEW_PASSWORD = "ny-adgangskode-2022"
CHANGED = "Din adgangskode er skiftet, og du er logget ud alle andre steder."


def _logged_in(client: Client) -> bool:
    return client.get("/ping/").status_code == 200


def _key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_it_keeps_sessions_in_the_database_and_records_whose_they_are(
    world: World, login: Callable[[str], Client]
) -> None:
    assert settings.SESSION_ENGINE == "akasse.web.accounts.sessions"
    client = login("caseworker")
    key = _key(client)
    assert Session.objects.filter(session_key=key).exists()
    assert UserSession.objects.get(session_id=key).user == world.users["caseworker"]


def test_it_reads_a_session_and_its_user_with_one_query_each(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    with CaptureQueriesContext(connection) as queries:
        assert _logged_in(client)
    tables = [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries]
    assert tables == ['"django_session"', '"accounts_user"']


def test_it_ends_every_session_of_the_user_on_logout(
    world: World, login: Callable[[str], Client]
) -> None:
    here, there, colleague = login("caseworker"), login("caseworker"), login("team_lead")
    assert _logged_in(there)
    assert here.post("/logout/").status_code == 302
    assert not _logged_in(here) and not _logged_in(there)
    assert _logged_in(colleague)
    assert not UserSession.objects.filter(user=world.users["caseworker"]).exists()
    assert UserSession.objects.filter(user=world.users["team_lead"]).count() == 1


def test_it_ends_the_other_sessions_on_a_password_change_and_keeps_this_one(
    world: World, login: Callable[[str], Client]
) -> None:
    here, there = login("caseworker"), login("caseworker")
    page = here.get("/arbejdsliste/").content.decode()
    assert 'href="/adgangskode/">Skift adgangskode</a>' in page
    form = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = here.post("/adgangskode/", form, follow=True)
    assert response.redirect_chain[0] == ("/", 302)
    assert CHANGED in response.content.decode()
    assert _logged_in(here) and not _logged_in(there)
    # This session goes on under a new key, recorded as the user's: a logout ends it too.
    assert UserSession.objects.filter(user=world.users["caseworker"]).count() == 1
    assert Client().login(username="sagsbehandler", password=NEW_PASSWORD)


def test_it_refuses_a_wrong_old_password_in_danish(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    form = {"old_password": "forkert", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    page = client.post("/adgangskode/", form).content.decode()
    assert "Adgangskoden er ikke skiftet. Ret det, der står under felterne." in page
    assert "Din gamle adgangskode blev ikke indtastet korrekt. Indtast den venligst igen." in page
    assert world.users["caseworker"].check_password(PASSWORD)


def test_it_sends_a_stranger_from_the_password_page_to_the_login() -> None:
    response = Client().get("/adgangskode/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=/adgangskode/"


def test_it_ends_every_session_when_an_administrator_sets_a_password(
    world: World, login: Callable[[str], Client]
) -> None:
    User.objects.create_superuser("chef", password=PASSWORD, role="")
    admin = Client()
    assert admin.login(username="chef", password=PASSWORD)
    user = login("caseworker")
    target = world.users["caseworker"]
    response = admin.post(
        f"/admin/accounts/user/{target.pk}/password/",
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    # The session's password hash no longer matches: Django ends it on its next request.
    assert not _logged_in(user)
    assert _logged_in(admin)


def test_it_reads_a_session_made_by_djangos_own_database_store(world: World) -> None:
    # The web benchmark makes its users' sessions so, without logging in.
    user = world.users["caseworker"]
    session = DjangoStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    assert _logged_in(client)


def test_it_removes_expired_sessions_with_their_records(
    world: World, login: Callable[[str], Client]
) -> None:
    old, current = login("caseworker"), login("team_lead")
    Session.objects.filter(session_key=_key(old)).update(expire_date=timezone.now())
    call_command("clearsessions")
    assert list(UserSession.objects.values_list("session_id", flat=True)) == [_key(current)]


def test_it_keeps_whose_a_session_is_when_the_admin_gives_it_a_new_key(
    world: World, login: Callable[[str], Client]
) -> None:
    """Django's admin gives the session a new key when its user changes their password there;
    a logout elsewhere must still end it."""
    lead = world.users["team_lead"]
    lead.is_staff = True
    lead.save()
    here, there = login("team_lead"), login("team_lead")
    changed = here.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert _logged_in(here)
    assert UserSession.objects.get(session_id=_key(here)).user == lead
    assert not _logged_in(there)  # the new password ended the other session
    again = Client()
    assert again.login(username=lead.username, password=NEW_PASSWORD)
    again.post("/logout/")
    assert not _logged_in(here)
