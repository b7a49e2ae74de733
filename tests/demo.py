"""The demo as the tests run it: prepared once per test run (``akasse demo --no-serve``, the
README's set-up) in a folder the test workers share, and served from a copy of its database
for each test that changes it, so that the tests do not see each other's bookings or reset
each other's passwords."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

AKASSE = [sys.executable, "-m", "akasse.cli"]
PREPARED = "prepared.txt"
# What a demo folder needs to start without preparing again: the database, the profiling
# model and the data's manifest (the demo's date).
KEPT = ("akasse.sqlite3", "profilmodel.json", "data/manifest.json")


def demo_env() -> dict[str, str]:
    """The demo brings its own settings; the test run's must not leak into it."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AKASSE_", "DJANGO_", "DATABASE_URL"))
    }


def passwords(output: str) -> dict[str, str]:
    """The users and passwords of the demo's printed table."""
    return dict(re.findall(r"│ (\w+)\s+│ (\S+)\s+│", output))


def prepared_home(shared: Path) -> tuple[Path, str]:
    """The demo prepared in ``shared``/demo once, whichever worker asks first (the others
    wait on a lock); the folder and what the preparing command printed."""
    home = shared / "demo"
    with (shared / "demo.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / PREPARED
        if not done.exists():
            started = time.perf_counter()
            prepared = subprocess.run(
                [*AKASSE, "demo", "--no-serve", "--home", str(home)],
                env=demo_env(),
                capture_output=True,
                text=True,
                timeout=900,
                check=True,
            )
            seconds = time.perf_counter() - started
            print(f"\nakasse demo --no-serve: {seconds:.0f} s", file=sys.stderr)
            done.write_text(prepared.stdout + prepared.stderr, encoding="utf-8")
        return home, done.read_text(encoding="utf-8")


def copy_home(home: Path, target: Path) -> Path:
    """A demo folder with its own copy of the prepared database."""
    for name in KEPT:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(home / name, target / name)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Served:
    port: int
    output: str  # what the start printed, the users' passwords among it

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def serve(home: Path) -> Iterator[Served]:
    """``akasse demo --home`` serving on a free port until the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [*AKASSE, "demo", "--home", str(home), "--port", str(port)],
        env=demo_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        output = ""
        while "Sagsbehandleren: " not in output:  # the last line before the server starts
            line = server.stdout.readline()
            assert line or server.poll() is None, output
            output += line
        # The server's access log goes on to the pipe: keep reading it, or a full pipe would
        # stop the server.
        threading.Thread(target=server.stdout.read, daemon=True).start()
        _wait(port, server)
        yield Served(port, output)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _wait(port: int, server: subprocess.Popen[str]) -> None:
    for _ in range(300):
        assert server.poll() is None, "the demo server stopped"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("the demo server did not answer")
