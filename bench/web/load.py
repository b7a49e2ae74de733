"""The load generator, run as a separate process: one thread per user, each with its own
session cookie and its own list of paths, requesting in a loop for ``seconds`` with a think time
between requests (uniform between half and one and a half times ``--think``; 0 hammers); prints
the latencies in milliseconds as JSON."""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import threading
import time


def _user(
    host: str,
    port: int,
    cookie: str,
    paths: list[str],
    until: float,
    think: float,
    out: list[float],
    errors: list[str],
) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    rng = random.Random(cookie)
    time.sleep(rng.uniform(0, think))  # users do not arrive in lockstep
    i = 0
    while time.perf_counter() < until:
        path = paths[i % len(paths)]
        i += 1
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors.append(f"{path}: {exc}")
            conn.close()
            continue
        if response.status != 200:
            errors.append(f"{path}: HTTP {response.status}")
        out.append((time.perf_counter() - start) * 1000)
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
        if think:
            time.sleep(rng.uniform(0.5 * think, 1.5 * think))
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--think", type=float, default=0.0)
    args = parser.parse_args()
    plan = json.load(sys.stdin)  # [{"cookie": ..., "paths": [...]}, ...]
    until = time.perf_counter() + args.seconds
    latencies: list[float] = []
    errors: list[str] = []
    threads = [
        threading.Thread(
            target=_user,
            args=(
                args.host,
                args.port,
                u["cookie"],
                u["paths"],
                until,
                args.think,
                latencies,
                errors,
            ),
        )
        for u in plan
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump(
        {"latencies": latencies, "errors": errors[:20], "error_count": len(errors)}, sys.stdout
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
