"""Two-factor authentication for staff (OTP_REQUIRED on): the set-up page with its QR code and
key, the code page after the password, every other page (the admin too) closed until the code
is given, wrong codes throttled and audited, members never asked, and an administrator's
reset of a lost app."""

from __future__ import annotations

import re
import subprocess
import sys
from base64 import b32encode
from collections.abc import Callable

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from akasse.web.accounts.models import User, UserSession
from akasse.web.audit.models import AuditEvent
from tests.web.world import PASSWORD, World

WRONG = "Koden er forkert. Skriv den kode, appen viser nu (den skifter hvert 30. sekund)."
WAIT = re.compile(r"For mange forkerte koder\. Vent (\d+) sekunder, og prøv igen\.")


@pytest.fixture(autouse=True)
def _required(settings: Settings) -> None:
    settings.OTP_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def _device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Autentificeringsapp", confirmed=True)


def _verify(client: Client, device: TOTPDevice, code: str | None = None) -> str:
    response = client.post("/login/kode/", {"code": code or _code(device), "next": "/ping/"})
    return response["Location"] if response.status_code == 302 else response.content.decode()


def _session(client: Client) -> str:
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


def test_it_sends_a_staff_user_from_every_page_to_the_code_page_until_verified(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    for path in ("/arbejdsliste/", "/ping/", f"/sager/{world.spell.id}/", "/adgangskode/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == f"/login/kode/?next={path}"
    assert client.get("/healthz/").status_code == 200
    # Without an app, the code page sends them on to set one up.
    response = client.get("/login/kode/?next=/arbejdsliste/")
    assert response["Location"] == "/login/app/?next=/arbejdsliste/"


def test_it_sets_up_an_app_with_a_qr_code_and_the_key_and_confirms_it_with_one_code(
    world: World, login: Callable[[str], Client]
) -> None:
    client = login("caseworker")
    page = client.get("/login/app/?next=/arbejdsliste/").content.decode()
    device = TOTPDevice.objects.get(user=world.users["caseworker"])
    assert not device.confirmed
    key = b32encode(device.bin_key).decode()
    assert "Sæt autentificeringsappen op" in page and '<svg width="' in page
    assert "<title>QR-kode til autentificeringsappen</title>" in page
    assert " ".join(key[i : i + 4] for i in range(0, len(key), 4)) in page
    assert "style=" not in page and "<script>" not in page  # the strict CSP
    # Opening the page again shows the same key: a scanned code stays good.
    client.get("/login/app/")
    assert TOTPDevice.objects.get(user=world.users["caseworker"]).key == device.key
    before, code = _session(client), _code(device)
    response = client.post("/login/app/", {"code": code, "next": "/arbejdsliste/"})
    assert response.status_code == 302 and response["Location"] == "/arbejdsliste/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get("/arbejdsliste/").status_code == 200
    # Verified under a new session key, recorded as the user's.
    assert _session(client) != before
    assert UserSession.objects.filter(session_id=_session(client)).exists()
    # The same code cannot be used twice; a second app needs a reset first.
    again = login("caseworker")
    assert WRONG in _verify(again, device, code)
    assert again.get("/login/app/")["Location"] == "/login/kode/?next=/"


def test_it_asks_a_user_with_an_app_for_the_code(
    world: World, login: Callable[[str], Client]
) -> None:
    device = _device(world.users["team_lead"])
    client = login("team_lead")
    page = client.get("/login/kode/?next=/team/").content.decode()
    assert "Åbn autentificeringsappen på din telefon" in page
    assert _verify(client, device) == "/ping/"
    assert client.get("/team/").status_code == 200
    # A verified user is sent on from the code page.
    assert client.get("/login/kode/?next=/team/")["Location"] == "/team/"


def test_it_refuses_a_code_that_is_not_six_digits(
    world: World, login: Callable[[str], Client]
) -> None:
    device = _device(world.users["caseworker"])
    client = login("caseworker")
    assert "Skriv de 6 cifre, som appen viser." in _verify(client, device, "12a456")
    assert _verify(client, device, " ".join(_code(device))) == "/ping/"  # spaces are fine


def test_it_throttles_wrong_codes_and_audits_them(
    world: World, login: Callable[[str], Client]
) -> None:
    user = world.users["caseworker"]
    device = _device(user)
    client = login("caseworker")
    assert WRONG in _verify(client, device, "000000" if _code(device) != "000000" else "111111")
    # After four wrong codes in a row, even the right one waits 2**3 = 8 seconds.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=4, throttling_failure_timestamp=timezone.now()
    )
    page = _verify(client, device)
    found = WAIT.search(page)
    assert found is not None and 1 <= int(found.group(1)) <= 8
    assert client.get("/ping/").status_code == 302
    failures = AuditEvent.objects.filter(action="login_failed", username="sagsbehandler")
    assert list(failures.order_by("id").values_list("what", flat=True)) == [
        "totp",
        "totp: for mange forsøg",
    ]
    assert failures.first().user == user  # type: ignore[union-attr]
    # Wrong codes are not wrong passwords: they do not count towards the login lock.
    for _ in range(5):
        _verify(client, device, "000000")
    assert (
        Client().post("/login/", {"username": "sagsbehandler", "password": PASSWORD})["Location"]
        == "/"
    )


def test_it_never_asks_a_member_for_a_code(world: World, login: Callable[[str], Client]) -> None:
    client = login("member")
    assert client.get(f"/sager/{world.spell.id}/").status_code == 200  # their own case
    assert client.get("/login/app/")["Location"] == "/"
    assert not TOTPDevice.objects.exists()


def test_it_closes_the_admin_to_an_unverified_administrator(world: World) -> None:
    chef = User.objects.create_superuser("chef", password=PASSWORD, role="")
    device = _device(chef)
    client = Client()
    client.post("/admin/login/", {"username": "chef", "password": PASSWORD})
    response = client.get("/admin/accounts/user/")
    assert response["Location"] == "/login/kode/?next=/admin/accounts/user/"
    assert (
        client.post("/login/kode/", {"code": _code(device), "next": "/admin/"})["Location"]
        == "/admin/"
    )
    assert client.get("/admin/accounts/user/").status_code == 200


def test_it_lets_an_administrator_reset_a_lost_app(
    world: World, login: Callable[[str], Client]
) -> None:
    chef = User.objects.create_superuser("chef", password=PASSWORD, role="")
    admin = Client()
    assert admin.login(username="chef", password=PASSWORD)
    _verify(admin, _device(chef))
    target = world.users["caseworker"]
    lost = _device(target)
    user = login("caseworker")
    assert _verify(user, lost) == "/ping/"
    response = admin.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [target.pk]},
        follow=True,
    )
    assert "Autentificeringsappen er nulstillet for 1 bruger." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=target).exists()
    audited = AuditEvent.objects.get(what="autentificeringsapp nulstillet for sagsbehandler")
    assert (audited.username, audited.action, audited.why) == ("chef", "update", "administration")
    assert user.get("/ping/")["Location"] == "/login/?next=/ping/"  # logged out everywhere
    again = login("caseworker")
    assert again.get("/ping/")["Location"] == "/login/kode/?next=/ping/"
    assert again.get("/login/kode/")["Location"] == "/login/app/?next=/"


def test_it_keeps_the_code_pages_next_on_this_site(
    world: World, login: Callable[[str], Client]
) -> None:
    device = _device(world.users["caseworker"])
    client = login("caseworker")
    response = client.post("/login/kode/", {"code": _code(device), "next": "https://ond.example/"})
    assert response["Location"] == "/"


def test_it_asks_for_a_code_by_default_but_not_in_the_demo() -> None:
    def required(env: dict[str, str]) -> str:
        code = "import akasse.web.settings as s; print(s.OTP_REQUIRED)"
        keys = {"SECRET_KEY": "k" * 50, "AKASSE_CPR_KEY": "c" * 32, "AKASSE_AUDIT_KEY": "a" * 32}
        run = subprocess.run(
            [sys.executable, "-c", code],
            env={"PATH": "/usr/bin:/bin", **keys, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return run.stdout.strip()

    assert required({}) == "True"
    assert required({"AKASSE_DEMO": "true", "SECRET_KEY": "", "AKASSE_CPR_KEY": ""}) == "False"
    assert required({"AKASSE_OTP_REQUIRED": "false"}) == "False"


def test_it_sends_a_stranger_from_the_code_pages_to_the_login(world: World) -> None:
    for path in ("/login/kode/", "/login/app/"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"] == f"/login/?next={path}"
    assert not TOTPDevice.objects.exists()


def test_it_asks_a_staff_user_for_a_code_whatever_the_role(world: World) -> None:
    """Staff reach the admin; a member made staff gives a code too."""
    member = world.users["member"]
    assert not member.needs_second_factor
    member.is_staff = True
    assert member.needs_second_factor


def test_it_sends_an_htmx_request_to_the_code_page_as_a_whole_page(
    world: World, login: Callable[[str], Client]
) -> None:
    """htmx would put the code page inside the booking page's slot list: the browser is told
    to go to the code page, and back to the page after it."""
    _device(world.users["caseworker"])
    client = login("caseworker")
    booking = f"/sager/{world.spell.id}/booking/"
    answer = client.get(
        f"{booking}?fra=2022-03-15",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{booking}",
    )
    assert answer.status_code == 200
    assert answer["HX-Redirect"] == f"/login/kode/?next={booking}"
    assert b"Kode fra appen" not in answer.content
