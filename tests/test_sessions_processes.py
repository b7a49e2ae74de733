"""Sessions across two real server processes (two gunicorn servers on two ports sharing one
database file): a session made on one works on the other; logging out on one ends the user's
sessions on the other at once; so does a new password, but for the session that set it.
(Outside tests/web: it starts servers of its own on an SQLite file.)"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "kontaktforløb-2022"
NEW_PASSWORD = "ny-adgangskode-2022"
PREPARE = f"""
import django
django.setup()
from django.core.management import call_command
from akasse.web.accounts.models import User
call_command("migrate", verbosity=0)
User.objects.create_user("analytiker", password={PASSWORD!r}, role="analyst")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Browser:
    """A browser's cookies, sent to whichever server it asks."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, port: int, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        body, headers = None, {}
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self._token(port)}
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request("POST" if form is not None else "GET", path, body, headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        connection.close()
        return response.status, text

    def _token(self, port: int) -> str:
        """The CSRF secret from the cookie (Django takes it as the form's token too)."""
        if "csrftoken" not in self.cookies:
            self.request(port, "/login/")
        return self.cookies["csrftoken"]

    def log_in(self, port: int, password: str = PASSWORD) -> None:
        status, _ = self.request(port, "/login/", {"username": "analytiker", "password": password})
        assert status == 302 and "sessionid" in self.cookies

    def logged_in(self, port: int) -> bool:
        status, _ = self.request(port, "/ping/")
        assert status in (200, 302)
        return status == 200


def _wait(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        assert server.poll() is None, "the server stopped"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not answer")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, int]]:
    home = tmp_path_factory.mktemp("sessions")
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AKASSE_", "DJANGO_", "DATABASE_URL"))
        },
        "AKASSE_DEMO": "true",
        "AKASSE_HOME": str(home),
        "AKASSE_FAST_PASSWORDS": "true",
        "AKASSE_OTP_REQUIRED": "false",
        "DATABASE_URL": f"sqlite:///{home / 'akasse.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "akasse.web.settings",
    }
    subprocess.run([sys.executable, "-c", PREPARE], env=env, cwd=ROOT, check=True, timeout=300)
    ports = (_free_port(), _free_port())
    started = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "akasse.web.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"),
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        for port in ports
    ]
    try:
        for port, server in zip(ports, started, strict=True):
            _wait(port, server)
        yield ports
    finally:
        for server in started:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def test_it_ends_a_session_on_every_process_at_logout(servers: tuple[int, int]) -> None:
    one, two = servers
    browser, phone = Browser(), Browser()
    browser.log_in(one)
    phone.log_in(one)
    assert browser.logged_in(two) and phone.logged_in(two)
    old = dict(browser.cookies)
    status, _ = browser.request(two, "/logout/", {})
    assert status == 302
    # The logged-out cookie, and the user's other session, are refused by the other process
    # at once.
    assert not Browser(old).logged_in(one)
    assert not phone.logged_in(one)


def test_it_ends_the_other_sessions_on_every_process_at_a_password_change(
    servers: tuple[int, int],
) -> None:
    one, two = servers
    browser, phone = Browser(), Browser()
    browser.log_in(one)
    phone.log_in(two)
    assert phone.logged_in(one)
    form = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    status, _ = browser.request(two, "/adgangskode/", form)
    assert status == 302
    assert not phone.logged_in(one)
    assert browser.logged_in(one) and browser.logged_in(two)
    # Back to the first password, for the other test (whichever order they run in).
    form = {"old_password": NEW_PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    assert browser.request(one, "/adgangskode/", form)[0] == 302
