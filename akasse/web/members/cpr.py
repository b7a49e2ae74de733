"""CPR numbers: stored as a keyed digest so a database dump does not reveal them, while a
caseworker can still find a member by typing the number; shown masked."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re

from django.conf import settings
from django.utils.translation import gettext as _

_CPR = re.compile(r"^(\d{6})-?(\d{4})$")


class CprError(ValueError):
    pass


def normalise(text: str) -> str:
    """``DDMMYY-SSSS`` from a CPR number typed with or without the dash."""
    match = _CPR.match(text.strip())
    if not match:
        raise CprError(_("Skriv CPR-nummeret som 10 cifre, fx 010190-1234."))
    return f"{match.group(1)}-{match.group(2)}"


def digest(cpr: str) -> str:
    """Keyed (HMAC-SHA256) digest: without the key the 10,000 numbers of a birth date cannot
    be tried one by one."""
    key = settings.CPR_KEY.encode()
    return hmac.new(key, normalise(cpr).encode(), hashlib.sha256).hexdigest()


def masked(birth_date: dt.date) -> str:
    return f"{birth_date:%d%m%y}-xxxx"


def is_masked(text: str) -> bool:
    return text.endswith("-xxxx")
