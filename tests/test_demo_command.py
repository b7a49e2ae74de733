"""The README's demo, end to end (outside tests/web: the demo always runs on its own SQLite
file, so the PostgreSQL pass would only repeat it): ``akasse demo`` simulates a fund, loads it,
prints one user per role and the caseworker's day, and serves; a caseworker logs in over HTTP
and gets the worklist."""

from __future__ import annotations

import http.cookiejar
import re
import urllib.parse
import urllib.request
from pathlib import Path

from tests.demo import copy_home, passwords, serve

ROLES = (
    "sagsbehandler",
    "teamleder",
    "administrator",
    "jobcenter",
    "medlem",
    "analytiker",
    "databeskyttelse",
)


def _log_in(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    request = urllib.request.Request(
        f"{base}/login/", data=urllib.parse.urlencode(form).encode(), headers={"Referer": base}
    )
    opener.open(request).read()
    return opener


def test_it_prepares_the_demo_and_serves_a_caseworkers_morning(
    demo: tuple[Path, str], tmp_path: Path
) -> None:
    home, prepared = demo
    assert set(passwords(prepared)) == set(ROLES)
    day = re.search(r"Sagsbehandleren: (.+) \(medarbejder \d+\): (\d+) aktive forløb", prepared)
    assert day is not None, prepared
    with serve(copy_home(home, tmp_path)) as served:
        # Each start gives new passwords, and keeps the caseworker chosen at the first.
        password = passwords(served.output)["sagsbehandler"]
        assert password != passwords(prepared)["sagsbehandler"]
        assert f"Sagsbehandleren: {day.group(1)} " in served.output
        opener = _log_in(served.url, "sagsbehandler", password)
        page = opener.open(f"{served.url}/arbejdsliste/").read().decode()
        assert "Dagens samtaler" in page
        assert "16. oktober 2023" in page
