"""The audit log's hash chain: each event's hash is HMAC-SHA256 under ``AKASSE_AUDIT_KEY`` of
the previous event's hash and a canonical serialisation of the event's fields, so an event
changed, removed or moved is found by walking the chain (``verify``), and a hash cannot be
recomputed without the key.

The sequence number is the order of the walk; it is not itself hashed, because the chain
already fixes each event's place (its hash covers the previous hash): a gap in the numbers is
an event removed, a number given to another event breaks a link."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext as _

from akasse.web.audit.models import GENESIS, AuditEvent, ChainHead

FIELDS = ("at", "user_id", "username", "action", "member_id", "what", "why", "address")


def canonical_address(address: str | None) -> str | None:
    """The address as the database gives it back (PostgreSQL's ``inet`` rewrites IPv6)."""
    if not address:
        return None
    parsed = ipaddress.ip_address(address)
    return str(parsed) if parsed.version == 4 else clean_ipv6_address(address)


def canonical(values: Mapping[str, Any]) -> bytes:
    """The event's fields as sorted, compact JSON, the time in UTC to the microsecond."""
    at = values["at"]
    assert isinstance(at, dt.datetime)
    fields = {name: values[name] for name in FIELDS} | {
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    }
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def event_hash(prev_hash: str, values: Mapping[str, Any], key: str | None = None) -> str:
    secret = (key if key is not None else settings.AUDIT_KEY).encode()
    message = prev_hash.encode() + b"\n" + canonical(values)
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def lock_head(using: str) -> ChainHead:
    """The chain's head, locked until the transaction ends (``SELECT ... FOR UPDATE`` on
    PostgreSQL; SQLite's writers are serialised by their IMMEDIATE transactions). A head lost
    to a flush of the database is rebuilt from the last event."""
    heads = ChainHead.objects.using(using).select_for_update()
    head = heads.filter(pk=1).first()
    if head is None:
        last = AuditEvent.objects.using(using).order_by("-seq").first()
        start = ChainHead(pk=1, seq=last.seq, hash=last.hash) if last else ChainHead(pk=1)
        ChainHead.objects.using(using).bulk_create([start], ignore_conflicts=True)
        head = heads.get(pk=1)
    return head


def seal(event: AuditEvent, head: ChainHead) -> None:
    """Give the event its place after ``head``, its time, and its hash."""
    event.seq = head.seq + 1
    event.at = timezone.now()
    event.address = canonical_address(event.address)
    event.prev_hash = head.hash
    event.hash = event_hash(head.hash, vars(event))


def advance(head: ChainHead, event: AuditEvent, using: str) -> None:
    ChainHead.objects.using(using).filter(pk=head.pk).update(seq=event.seq, hash=event.hash)


@dataclass(frozen=True)
class Break:
    """The first event where the chain does not hold."""

    event_id: int
    seq: int
    kind: str  # "changed", "removed" or "reordered"
    detail: str


@dataclass(frozen=True)
class Verdict:
    checked: int
    broken: Break | None

    @property
    def intact(self) -> bool:
        return self.broken is None


Progress = Callable[[int, int], None]


def verify(progress: Progress | None = None, using: str = "default") -> Verdict:
    """Walk the chain in sequence order and return the count of events found intact, and the
    first break if there is one. ``progress(done, total)`` is called every thousand events.

    The head is read first and the walk stops at its number: events appended while the walk
    runs (the application is up) are the next verification's, not a false break."""
    head = ChainHead.objects.using(using).filter(pk=1).first()
    events = AuditEvent.objects.using(using)
    if head is not None:
        events = events.filter(seq__lte=head.seq)
    total = events.count()
    checked, previous = 0, None
    rows = events.order_by("seq").values("id", "seq", "prev_hash", "hash", *FIELDS)
    for row in rows.iterator(chunk_size=2000):
        broken = _check(row, previous, events)
        if broken:
            return Verdict(checked, broken)
        checked, previous = checked + 1, row
        if progress and checked % 1000 == 0:
            progress(checked, total)
    if progress:
        progress(checked, total)
    return Verdict(checked, _check_head(previous, head))


def _check(row: dict[str, Any], previous: dict[str, Any] | None, events: Any) -> Break | None:
    expected_seq = previous["seq"] + 1 if previous else 1
    expected_prev = previous["hash"] if previous else GENESIS

    def broken(kind: str, detail: str) -> Break:
        return Break(row["id"], row["seq"], kind, detail)

    if row["seq"] != expected_seq:
        missing = (
            f"{expected_seq}"
            if row["seq"] == expected_seq + 1
            else (f"{expected_seq}–{row['seq'] - 1}")
        )
        return broken("removed", _("hændelse nummer %(seq)s mangler") % {"seq": missing})
    if not hmac.compare_digest(event_hash(row["prev_hash"], row), row["hash"]):
        return broken("changed", _("indholdet passer ikke med hændelsens hash"))
    if row["prev_hash"] != expected_prev:
        if events.filter(hash=row["prev_hash"]).exists():
            return broken("reordered", _("hændelsen følger en anden hændelse end den forrige"))
        return broken("removed", _("hændelsen, den følger, mangler"))
    if previous and row["id"] < previous["id"]:
        return broken("reordered", _("hændelsen står før en hændelse, der er skrevet før den"))
    return None


def _check_head(last: dict[str, Any] | None, head: ChainHead | None) -> Break | None:
    """The head (as read before the walk) names the last event appended: events removed from
    the end show here. With no events and no head, the log is new (or the whole database was
    flushed)."""
    last_seq, last_hash = (last["seq"], last["hash"]) if last else (0, GENESIS)
    if head is None and last is None:
        return None
    if head is not None and (head.seq, head.hash) == (last_seq, last_hash):
        return None
    detail = (
        _("kædens hoved mangler")
        if head is None
        else _("kæden slutter ved nummer %(last)d, men hændelse nummer %(head)d er skrevet")
        % {"last": last_seq, "head": head.seq}
    )
    return Break(last["id"] if last else 0, last_seq, "removed", detail)
