"""The README's demo, end to end (outside tests/web: the demo always runs on its own SQLite
file, so the PostgreSQL pass would only repeat it): ``akasse demo`` simulates a fund, loads it,
prints one user per role, and serves; a caseworker logs in over HTTP and gets the worklist."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

AKASSE = [sys.executable, "-m", "akasse.cli"]
ROLES = (
    "sagsbehandler",
    "teamleder",
    "administrator",
    "jobcenter",
    "medlem",
    "analytiker",
    "databeskyttelse",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    # The demo brings its own settings; the test run's must not leak into it.
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AKASSE_", "DJANGO_", "DATABASE_URL"))
    }


def _passwords(output: str) -> dict[str, str]:
    return dict(re.findall(r"│ (\w+)\s+│ (\S+)\s+│", output))


def _wait(port: int, server: subprocess.Popen[str]) -> None:
    for _ in range(300):
        assert server.poll() is None, server.communicate()[0]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the demo server did not answer")


def _log_in(port: int, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    page = opener.open(f"{base}/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)}
    request = urllib.request.Request(
        f"{base}/login/", data=urllib.parse.urlencode(form).encode(), headers={"Referer": base}
    )
    opener.open(request).read()
    return opener


def test_it_prepares_the_demo_and_serves_a_caseworkers_morning(tmp_path: Path) -> None:
    home = tmp_path / "demo"
    prepared = subprocess.run(
        [*AKASSE, "demo", "--no-serve", "--home", str(home)],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    assert set(_passwords(prepared.stdout)) == set(ROLES)
    port = _free_port()
    server = subprocess.Popen(
        [*AKASSE, "demo", "--home", str(home), "--port", str(port)],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        _wait(port, server)
        assert server.stdout is not None
        output = ""
        while "analytiker" not in output:
            output += server.stdout.readline()
        # Each start gives new passwords.
        password = _passwords(output)["sagsbehandler"]
        assert password != _passwords(prepared.stdout)["sagsbehandler"]
        opener = _log_in(port, "sagsbehandler", password)
        page = opener.open(f"http://127.0.0.1:{port}/arbejdsliste/").read().decode()
        assert "Dagens samtaler" in page
        assert "16. oktober 2023" in page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
