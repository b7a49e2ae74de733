"""Why a member was not placed, as a reason code and a sentence in Danish for the caseworker.

The first reason that applies, in this order: no session from the earliest date to the due
date; none of those in a channel the member accepts; the in-person ones too far away; none
with room for two conversations (for a member who has two); and otherwise every session the
member could attend is full in the plan (for two conversations: has no two free times with
the wait held)."""

from __future__ import annotations

from datetime import date

from .instance import Instance
from .model import IN_PERSON, PHONE, VIDEO, Reason, Unplaced

HELD = {IN_PERSON: "ved fremmøde", PHONE: "over telefon", VIDEO: "over video"}


def day_text(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


def explain(instance: Instance, m: int) -> Unplaced:
    member = instance.members[m]
    window = [s for s in range(len(instance.sessions)) if instance.in_window(m, s)]
    span = f"fra {day_text(member.earliest)} til fristen {day_text(member.due)}"
    if not window:
        return Unplaced(member.id, Reason.NO_SESSION_BEFORE_DUE, f"Der er ingen session {span}.")
    ids = tuple(instance.sessions[s].id for s in window)
    channels = [s for s in window if instance.channel_ok(m, s)]
    if not channels:
        held = [HELD[c] for c in HELD if any(instance.sessions[s].channel == c for s in window)]
        accepted = [HELD[c] for c in HELD if c in member.accepts]
        return Unplaced(
            member.id,
            Reason.CHANNEL_NOT_ACCEPTED,
            f"{_the(window)} {span} holdes {_words(held)}, og medlemmet deltager kun "
            f"{_words(accepted)}.",
            ids,
        )
    near = [s for s in channels if instance.near(m, s)]
    if not near:
        nearest = min(channels, key=lambda s: (instance.km10[m, s], s))
        km = instance.km10[m, nearest] / 10
        return Unplaced(
            member.id,
            Reason.TOO_FAR,
            f"{_the(channels)} {span}, som medlemmet kan deltage i, er for langt væk: den nærmeste "
            f"er i kommune {instance.sessions[nearest].place}, {km:.1f} km fra bopælen, og "
            f"grænsen er {instance.max_km(m):.0f} km.",
            tuple(instance.sessions[s].id for s in channels),
        )
    roomy = [s for s in near if instance.has_room(m, s)]
    if not roomy:
        return Unplaced(
            member.id,
            Reason.NO_ROOM_FOR_TWO,
            f"Medlemmet skal have to samtaler samme dag, men ingen af sessionerne {span} har "
            "plads til to samtaler.",
            tuple(instance.sessions[s].id for s in near),
        )
    if member.conversations == 2:
        two = f"to ledige tider med højst {instance.limits.max_wait} minutters ventetid imellem"
        message = (
            f"Den eneste session {span}, som medlemmet kan deltage i, har ikke {two}."
            if len(roomy) == 1
            else f"Ingen af de {len(roomy)} sessioner {span}, som medlemmet kan deltage i, "
            f"har {two}."
        )
    elif len(roomy) == 1:
        message = f"Den eneste session {span}, som medlemmet kan deltage i, er fuld."
    else:
        message = f"Alle {len(roomy)} sessioner {span}, som medlemmet kan deltage i, er fulde."
    return Unplaced(
        member.id,
        Reason.SESSIONS_FULL,
        message,
        tuple(instance.sessions[s].id for s in roomy),
    )


def _the(sessions: list[int]) -> str:
    return "Sessionen" if len(sessions) == 1 else "Sessionerne"


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " eller " + items[-1]
