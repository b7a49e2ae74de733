"""``python -m bench.soak.restart``: the first request after a PostgreSQL restart, on a worker
that holds a database connection from before it, is answered 200.

Under load the soak cannot show this: requests that arrive while the server is down fail (as
they may) and leave each worker reconnecting anyway. Here one gunicorn worker with a kept
connection (``AKASSE_DB_CONN_MAX_AGE``) answers a page, the server is restarted while nothing
is asked, and the next page must be answered without an error: Django checks a kept
connection before a request uses it (``conn_health_checks``). Loopback only; prints the
answers and exits 0 when every one was 200."""

from __future__ import annotations

import http.client
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("/ping/", "/arbejdsliste/")


def _get(port: int, path: str, cookie: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie})
        return conn.getresponse().status
    finally:
        conn.close()


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from bench.web.__main__ import _free_port, _prepare, _wait, bench_server  # noqa: PLC0415

    with bench_server() as (server, _home):
        cookie = str(_prepare(200, 2, 1)[0]["cookie"])
        from django.db import connection  # noqa: PLC0415

        connection.close()
        port = _free_port()
        gunicorn = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", "akasse.web.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "critical"),
            ],
            cwd=ROOT,
        )
        try:
            _wait(port)
            before = [_get(port, page, cookie) for page in PAGES]
            server.restart()
            after = [_get(port, page, cookie) for page in PAGES]
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
    print(f"before the restart: {before}; the first requests after it: {after}")
    return 0 if before + after == [200] * 2 * len(PAGES) else 1


if __name__ == "__main__":
    sys.exit(main())
