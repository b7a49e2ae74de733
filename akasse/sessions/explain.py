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


def km_text(km: float) -> str:
    """Km the Danish way: a decimal comma, and no decimals for whole km ("29,3", "15")."""
    return f"{km:.0f}" if km == round(km) else f"{km:.1f}".replace(".", ",")


def explain(instance: Instance, m: int) -> Unplaced:
    member = instance.members[m]
    window = [s for s in range(len(instance.sessions)) if instance.in_window(m, s)]
    span = f"fra {day_text(member.earliest)} til fristen {day_text(member.due)}"
    channels = [s for s in window if instance.channel_ok(m, s)]
    near = [s for s in channels if instance.near(m, s)]
    roomy = [s for s in near if instance.has_room(m, s)]
    if not window:
        reason, message = Reason.NO_SESSION_BEFORE_DUE, f"Der er ingen session {span}."
    elif not channels:
        reason, message = Reason.CHANNEL_NOT_ACCEPTED, _channels(instance, m, window, span)
    elif not near:
        reason, message = Reason.TOO_FAR, _too_far(instance, m, channels, span)
    elif not roomy:
        reason, message = (
            Reason.NO_ROOM_FOR_TWO,
            f"Medlemmet skal have to samtaler samme dag, men ingen af sessionerne {span} har "
            "plads til to samtaler.",
        )
    else:
        reason, message = Reason.SESSIONS_FULL, _full(instance, m, roomy, span)
    sessions = roomy or near or channels or window
    return Unplaced(member.id, reason, message, tuple(instance.sessions[s].id for s in sessions))


def _channels(instance: Instance, m: int, window: list[int], span: str) -> str:
    held = [HELD[c] for c in HELD if any(instance.sessions[s].channel == c for s in window)]
    accepted = [HELD[c] for c in HELD if c in instance.members[m].accepts]
    return (
        f"{_the(window)} {span} holdes {_words(held)}, og medlemmet deltager kun "
        f"{_words(accepted)}."
    )


def _too_far(instance: Instance, m: int, channels: list[int], span: str) -> str:
    nearest = min(channels, key=lambda s: (instance.km10[m, s], s))
    return (
        f"{_the(channels)} {span}, som medlemmet kan deltage i, er for langt væk: den nærmeste "
        f"er i kommune {instance.sessions[nearest].place}, "
        f"{km_text(instance.km10[m, nearest] / 10)} km fra bopælen, og grænsen er "
        f"{km_text(instance.max_km(m))} km."
    )


def _full(instance: Instance, m: int, roomy: list[int], span: str) -> str:
    if instance.members[m].conversations == 2:
        two = f"to ledige tider med højst {instance.limits.max_wait} minutters ventetid imellem"
        if len(roomy) == 1:
            return f"Den eneste session {span}, som medlemmet kan deltage i, har ikke {two}."
        return f"Ingen af de {len(roomy)} sessioner {span}, som medlemmet kan deltage i, har {two}."
    if len(roomy) == 1:
        return f"Den eneste session {span}, som medlemmet kan deltage i, er fuld."
    return f"Alle {len(roomy)} sessioner {span}, som medlemmet kan deltage i, er fulde."


def _the(sessions: list[int]) -> str:
    return "Sessionen" if len(sessions) == 1 else "Sessionerne"


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " eller " + items[-1]
