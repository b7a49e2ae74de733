"""The Danish names of the rules' codes, in one place: the engine's messages, ``akasse
examples`` and the web application all take them from here.

The web application shows each ``title`` translated: its English catalogue
(akasse/web/locale) is keyed by these Danish titles, and tests/web/test_language.py checks
that it holds every one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from akasse.rules.model import Channel, Kind, Owner, Regime, Status


@dataclass(frozen=True)
class Label:
    """A code's Danish name. ``title`` stands on its own, capitalised (a heading, a column, a
    choice in the web application); ``text`` is how the engine's messages and the terminal
    write it (within a sentence, or for a regime its full name)."""

    title: str
    text: str


KINDS = {
    Kind.CV: Label("CV-samtale", "CV-samtale"),
    Kind.JOB: Label("Jobsamtale", "jobsamtale"),
    Kind.JOINT: Label("Fællessamtale", "fællessamtale"),
    Kind.AVAILABILITY: Label("Rådighedssamtale", "rådighedssamtale"),
}
OWNERS = {
    Owner.AKASSE: Label("A-kassen", "a-kassen"),
    Owner.JOBCENTER: Label("Jobcentret", "jobcentret"),
}
CHANNELS = {
    Channel.IN_PERSON: Label("Fremmøde", "personligt fremmøde"),
    Channel.PHONE: Label("Telefon", "telefon"),
    Channel.VIDEO: Label("Video", "video"),
}
STATUSES = {
    Status.MET: Label("Opfyldt", "opfyldt"),
    Status.LATE: Label("Holdt for sent", "for sent"),
    Status.DUE: Label("Skal holdes", "skal holdes"),
    Status.OVERDUE: Label("Overskredet", "overskredet"),
    Status.LAPSED: Label("Bortfaldet", "bortfaldet"),
}
REGIMES = {
    Regime.PRE_2020: Label("Før 2020", "Før 2020 (kun særlig indsats og akutpakke)"),
    Regime.NORMAL_2020: Label("Normalt kontaktforløb (2020)", "Normalindsatsen 2020"),
    Regime.TRIAL_2020: Label("Forsøg (2020-2023)", "Forsøg med mere ansvar til a-kasser"),
    Regime.SIMPLIFIED_2024: Label("Forenklet kontaktforløb (2024)", "Forenklet kontaktforløb 2024"),
}
