"""The soak's simulated caseworkers, for ``locust --headless`` (started by ``python -m
bench.soak``). Locust patches the standard library with gevent, so nothing here imports
Django: the users speak HTTP to the server like a browser and keep a ledger of what it
acknowledged, which the soak then checks against the database.

Each user is logged in as one of the prepared caseworkers (their session cookie) and works
their own spells: reads the worklist and a case page, then books a free slot from tomorrow
(and sometimes moves or cancels that booking) or registers a conversation held today, with a
think time between requests. Environment: ``SOAK_PLAN`` (the prepared users, JSON),
``SOAK_LEDGER`` (folder for the ledgers, one file per process), ``SOAK_TODAY`` (the
application's date), ``SOAK_THINK`` (seconds, the mean think time)."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import HttpUser, events, task
from locust.clients import ResponseContextManager

PLAN: list[dict[str, Any]] = json.loads(Path(os.environ["SOAK_PLAN"]).read_text("utf-8"))
TODAY = dt.date.fromisoformat(os.environ["SOAK_TODAY"])
TOMORROW = (TODAY + dt.timedelta(days=1)).isoformat()
THINK = float(os.environ.get("SOAK_THINK", "1"))
_LEDGER = Path(os.environ["SOAK_LEDGER"]) / f"ledger-{os.getpid()}.jsonl"
_OUT = _LEDGER.open("a", encoding="utf-8", buffering=1)  # a line is written whole
_NEXT_USER = itertools.count()
_TOKENS = itertools.count()

_SLOT = re.compile(r'name="slot" value="(\d+)"')
_CANCEL = re.compile(r'/samtaler/(\d+)/aflys/"')
CANCELLED = "Samtalen er aflyst, og tiden er frigivet."


def write(**entry: Any) -> None:
    _OUT.write(json.dumps(entry) + "\n")


@events.request.add_listener
def _every_request(
    request_type: str,
    name: str,
    response_time: float,
    exception: BaseException | None,
    start_time: float,
    **_: Any,
) -> None:
    """Every request with its start, so that the soak can tell which failed in a fault's
    window and which after it."""
    error = None if exception is None else f"{type(exception).__name__}: {exception}"[:200]
    write(kind="request", t=start_time, name=name, ms=response_time, error=error)


class Caseworker(HttpUser):
    def wait_time(self) -> float:
        return random.uniform(0.5 * THINK, 1.5 * THINK)

    def on_start(self) -> None:
        me = PLAN[next(_NEXT_USER) % len(PLAN)]
        self.username: str = me["username"]
        self.spells: list[int] = me["spells"]
        name, _, value = me["cookie"].partition("=")
        self.client.cookies.set(name, value)
        self.rng = random.Random(self.username)

    # -- requests ---------------------------------------------------------------------------

    def page(self, path: str, name: str) -> str | None:
        """A page that should answer 200; its text, or None when it did not."""
        with self.client.get(path, name=name, catch_response=True) as response:
            return _expect(response, 200)

    def post(self, path: str, name: str, data: dict[str, Any]) -> str | None:
        """A form posted; where the server redirects to, or None when it did not."""
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 400:  # refused with a reason (the rules), no fault
                response.success()
                return ""
            if _expect(response, 302) is None:
                return None
            return str(response.headers.get("Location", ""))

    def read_case(self, spell: int) -> str | None:
        text = self.page(f"/sager/{spell}/", "case page")
        write(kind="read", user=self.username, spell=spell, ok=text is not None)
        return text

    # -- the work ---------------------------------------------------------------------------

    @task
    def morning(self) -> None:
        spell = self.rng.choice(self.spells)
        self.page("/arbejdsliste/", "worklist")
        case = self.read_case(spell)
        if case is None:
            return
        if self.rng.random() < 0.6:
            self.book(spell, set(_CANCEL.findall(case)))
        else:
            self.register(spell)

    def book(self, spell: int, before: set[str]) -> None:
        text = self.page(f"/sager/{spell}/booking/?fra={TOMORROW}", "booking page")
        slots = _SLOT.findall(text or "")
        if not slots:
            return
        slot = int(self.rng.choice(slots))
        to = self.post(
            f"/sager/{spell}/booking/",
            "book",
            {"slot": slot, "kinds": "cv", "channel": "in_person"},
        )
        outcome = _outcome(to, f"/sager/{spell}/")
        conversation = None
        if outcome == "acked":
            case = self.read_case(spell)
            new = set(_CANCEL.findall(case or "")) - before
            # The new booking's id, from the case page it is listed on; unknown if that failed.
            conversation = int(new.pop()) if case is not None and len(new) == 1 else None
        write(
            kind="book",
            user=self.username,
            spell=spell,
            slot=slot,
            outcome=outcome,
            conversation=conversation,
        )
        if conversation is None:
            return
        chance = self.rng.random()
        if chance < 0.35:
            self.move(spell, conversation)
        elif chance < 0.6:
            self.cancel(spell, conversation)

    def move(self, spell: int, conversation: int) -> None:
        text = self.page(f"/samtaler/{conversation}/flyt/?fra={TOMORROW}", "move page")
        slots = _SLOT.findall(text or "")
        if not slots:
            return
        slot = int(self.rng.choice(slots))
        to = self.post(f"/samtaler/{conversation}/flyt/", "move", {"slot": slot})
        outcome = _outcome(to, f"/sager/{spell}/")
        write(kind="move", conversation=conversation, slot=slot, outcome=outcome)

    def cancel(self, spell: int, conversation: int) -> None:
        to = self.post(f"/samtaler/{conversation}/aflys/", "cancel", {})
        outcome = "unknown"
        if to is not None:
            # The same redirect either way: the confirmation on the next page tells.
            case = self.read_case(spell)
            if case is not None:
                outcome = "acked" if CANCELLED in case else "refused"
        write(kind="cancel", conversation=conversation, outcome=outcome)

    def register(self, spell: int) -> None:
        if self.page(f"/sager/{spell}/samtale/", "register page") is None:
            return
        token = f"soak-{self.username}-{os.getpid()}-{next(_TOKENS)}"
        to = self.post(
            f"/sager/{spell}/samtale/",
            "register",
            {
                "kinds": "job",
                "channel": "in_person",
                "held_on": TODAY.isoformat(),
                "participants": "medlem, sagsbehandler",
                "summary": f"Samtale om jobsøgning ({token}).",
                "agreements": "Søger to job om ugen.",
                "next_slot": "",
            },
        )
        outcome = _outcome(to, f"/sager/{spell}/")
        write(kind="register", user=self.username, spell=spell, token=token, outcome=outcome)


def _expect(response: ResponseContextManager, status: int) -> str | None:
    if response.status_code == status:
        return str(response.text)
    if response.status_code:
        response.failure(f"HTTP {response.status_code}")
    return None  # an exception (status 0) locust has already counted as a failure


def _outcome(to: str | None, success: str) -> str:
    """``acked`` when the server redirected to the page it sends a success to, ``refused``
    when it answered with the reason, ``unknown`` when the request failed."""
    if to is None:
        return "unknown"
    return "acked" if to.endswith(success) else "refused"
