"""Values a page reads from its address or a posted form: text anyone can type. A date or an id
that cannot be used leaves the page's default in its place and a message saying why, never a
server error (a date near 9999-12-31 overflows when days are added to it; an id of twenty
digits does not fit the database's integer columns; ``str.isdigit`` accepts "²", which
``int`` refuses)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext as _

from akasse.web.formats import day_text

# Up to 18 ASCII digits: always below 2**63, so it fits a 64-bit integer column (SQLite's
# INTEGER, PostgreSQL's bigint) and compares safely with a 32-bit one.
_ID = re.compile(r"[0-9]{1,18}")
# The dates a page accepts: far from the ends of the calendar, so that a page can add years to
# one and the database can store it.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)
_SHOWN = 40  # characters of a bad value repeated in the message


def parse_id(text: str | None) -> int | None:
    """An id written in digits, or None when no row can have it."""
    return int(text) if text is not None and _ID.fullmatch(text) else None


def parse_date(text: str | None) -> dt.date | None:
    """A date written YYYY-MM-DD between FIRST_DAY and LAST_DAY, or None."""
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= LAST_DAY else None


@dataclass
class Query:
    """A request's query string read value by value. An empty or missing value gives the
    default quietly; a value that is given but cannot be used gives the default and a message
    in ``problems`` for the page to show."""

    data: QueryDict
    problems: list[str] = field(default_factory=list)

    def date(self, name: str, label: str, default: dt.date) -> dt.date:
        text = self.data.get(name, "")
        if not text:
            return default
        day = parse_date(text)
        if day is None:
            self.problems.append(
                _(
                    "%(label)s: «%(text)s» er ikke en dato mellem %(first)s og %(last)s. "
                    "Skriv datoen som ÅÅÅÅ-MM-DD; siden viser i stedet fra %(default)s."
                )
                % {
                    "label": label,
                    "text": text[:_SHOWN],
                    "first": day_text(FIRST_DAY),
                    "last": day_text(LAST_DAY),
                    "default": day_text(default),
                }
            )
            return default
        return day

    def choice(self, name: str, label: str, allowed: Collection[int], instead: str) -> int | None:
        """The id of one of ``allowed`` (what the page's list offers), or None; ``instead``
        says what the page shows then (e.g. "alle medarbejdere")."""
        text = self.data.get(name, "")
        if not text:
            return None
        number = parse_id(text)
        if number is None or number not in allowed:
            self.problems.append(
                _(
                    "%(label)s: «%(text)s» er ikke en af valgmulighederne. "
                    "Vælg i listen; siden viser i stedet %(instead)s."
                )
                % {"label": label, "text": text[:_SHOWN], "instead": instead}
            )
            return None
        return number
