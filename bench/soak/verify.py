"""After the soak: what the simulated caseworkers were told (their ledgers) against what the
database holds. Nothing acknowledged may be missing (lost) or there twice (doubled), every
case page answered 200 has its audit event, and every change written has its own.

A change whose request failed (``unknown``: the worker was killed, the database went away)
may or may not have been written; either is allowed, but written at most once."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Entry = dict[str, Any]
State = tuple[str, int | None]  # a conversation's status and slot


@dataclass
class Verdict:
    reads: int = 0
    reads_unaudited: int = 0
    booked: int = 0
    moved: int = 0
    cancelled: int = 0
    registered: int = 0
    refused: int = 0
    unknown: int = 0
    lost: list[str] = field(default_factory=list)
    doubled: list[str] = field(default_factory=list)
    unaudited_changes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.lost or self.doubled or self.unaudited_changes or self.reads_unaudited)


def read_ledgers(folder: Path) -> list[Entry]:
    entries = []
    for file in sorted(folder.glob("ledger-*.jsonl")):
        with file.open(encoding="utf-8") as lines:
            entries += [json.loads(line) for line in lines if line.strip()]
    return entries


def baseline() -> dict[str, int]:
    """The last conversation and audit event before the soak: what came after is its."""
    from akasse.web.audit.models import AuditEvent  # noqa: PLC0415
    from akasse.web.casework.models import Conversation  # noqa: PLC0415

    last = Conversation.objects.order_by("-pk").values_list("pk", flat=True).first()
    event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    return {"conversation": last or 0, "audit": event or 0}


def check(entries: list[Entry], base: dict[str, int]) -> Verdict:
    verdict = Verdict()
    events = _audit(base["audit"])
    _reads(entries, events, verdict)
    _bookings(entries, verdict)
    _registrations(entries, verdict)
    _new_conversations(entries, events, base["conversation"], verdict)
    for entry in entries:
        if entry["kind"] in ("book", "move", "cancel", "register"):
            verdict.refused += entry["outcome"] == "refused"
            verdict.unknown += entry["outcome"] == "unknown"
    return verdict


def _audit(after: int) -> Counter[tuple[str, str, str]]:
    from akasse.web.audit.models import AuditEvent  # noqa: PLC0415

    rows = AuditEvent.objects.filter(pk__gt=after).values_list("username", "action", "what")
    return Counter(rows.iterator(chunk_size=5000))


def _reads(entries: list[Entry], events: Counter[tuple[str, str, str]], verdict: Verdict) -> None:
    """Each case page answered 200 has its VIEW event, counted per user and member's spell
    (a read whose answer was lost may have one more: recorded, then the reply failed)."""
    read = Counter((e["user"], e["spell"]) for e in entries if e["kind"] == "read" and e["ok"])
    verdict.reads = sum(read.values())
    for (user, spell), count in read.items():
        verdict.reads_unaudited += max(0, count - events[(user, "view", f"sag {spell}")])


def _bookings(entries: list[Entry], verdict: Verdict) -> None:
    from akasse.web.casework.models import Conversation  # noqa: PLC0415

    states: dict[int, set[State]] = {}
    by_slot: list[Entry] = []
    for e in entries:
        if e["kind"] == "book" and e["outcome"] == "acked":
            verdict.booked += 1
            if e["conversation"] is None:
                by_slot.append(e)
            else:
                states[e["conversation"]] = {("booked", e["slot"])}
        elif e["kind"] in ("move", "cancel") and e["conversation"] in states:
            new: State = ("booked", e["slot"]) if e["kind"] == "move" else ("cancelled", None)
            if e["outcome"] == "acked":
                states[e["conversation"]] = {new}
                verdict.moved += e["kind"] == "move"
                verdict.cancelled += e["kind"] == "cancel"
            elif e["outcome"] == "unknown":
                states[e["conversation"]].add(new)
    stored = dict(
        (pk, (status, slot))
        for pk, status, slot in Conversation.objects.filter(pk__in=states).values_list(
            "pk", "status", "slot_id"
        )
    )
    for pk, allowed in sorted(states.items()):
        if stored.get(pk) not in allowed:
            verdict.lost.append(f"conversation {pk}: {stored.get(pk)} in the database, {allowed}")
    for e in by_slot:
        found = Conversation.objects.filter(spell_id=e["spell"], slot_id=e["slot"]).count()
        if found != 1:
            verdict.lost.append(f"booking of slot {e['slot']} for spell {e['spell']}: {found}")


def _registrations(entries: list[Entry], verdict: Verdict) -> None:
    from akasse.web.casework.models import Conversation  # noqa: PLC0415

    for e in (e for e in entries if e["kind"] == "register"):
        found = Conversation.objects.filter(
            spell_id=e["spell"], summary__contains=f"({e['token']})"
        ).count()
        verdict.registered += e["outcome"] == "acked"
        if found > 1:
            verdict.doubled.append(f"registration {e['token']}: {found} conversations")
        elif e["outcome"] == "acked" and found == 0:
            verdict.lost.append(f"registration {e['token']}: not in the database")
        elif e["outcome"] == "refused" and found:
            verdict.doubled.append(f"registration {e['token']}: refused, yet written")


def _new_conversations(
    entries: list[Entry], events: Counter[tuple[str, str, str]], after: int, verdict: Verdict
) -> None:
    """No spell got more new bookings than were asked for, and every new conversation has
    the audit event of its creation (a change without it would be half-written)."""
    from akasse.web.casework.models import Conversation  # noqa: PLC0415

    asked = Counter(
        e["spell"] for e in entries if e["kind"] == "book" and e["outcome"] != "refused"
    )
    made = Counter[int]()
    creations = {what for (_, action, what) in events if action == "create"}
    for pk, spell, summary in Conversation.objects.filter(pk__gt=after).values_list(
        "pk", "spell_id", "summary"
    ):
        registered = "(soak-" in summary
        made[spell] += not registered
        if f"{'samtale' if registered else 'booking'} {pk}" not in creations:
            verdict.unaudited_changes.append(f"conversation {pk} without its audit event")
    for spell, count in made.items():
        if count > asked[spell]:
            verdict.doubled.append(f"spell {spell}: {count} new bookings, {asked[spell]} asked")
    verdict.unaudited_changes += _changes_without_event(entries, events)


def _changes_without_event(
    entries: Iterable[Entry], events: Counter[tuple[str, str, str]]
) -> list[str]:
    """Each move and cancellation acknowledged has its audit event."""
    updates = {what for (_, action, what) in events if action == "update"}
    missing = []
    for e in entries:
        if e["kind"] in ("move", "cancel") and e["outcome"] == "acked":
            what = f"samtale {e['conversation']} {'flyttet' if e['kind'] == 'move' else 'aflyst'}"
            if what not in updates:
                missing.append(f"{what}: acknowledged without its audit event")
    return missing
