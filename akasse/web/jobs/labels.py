"""The Danish names of the job search's codes that the reference lists do not name: the
education levels (members.education, cvs.education_level) and the languages of a CV."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EDUCATIONS: dict[str, Promise] = {
    "none": _("Grundskole"),
    "upper_secondary": _("Gymnasial uddannelse"),
    "vocational": _("Erhvervsfaglig uddannelse"),
    "short": _("Kort videregående uddannelse"),
    "medium": _("Mellemlang videregående uddannelse"),
    "long": _("Lang videregående uddannelse"),
}
# ISO 639-1 codes; a CV's other languages are shown by their code.
LANGUAGES: dict[str, Promise] = {
    "da": _("dansk"),
    "en": _("engelsk"),
    "de": _("tysk"),
    "sv": _("svensk"),
    "no": _("norsk"),
    "fr": _("fransk"),
    "es": _("spansk"),
    "it": _("italiensk"),
    "pl": _("polsk"),
    "ro": _("rumænsk"),
    "lt": _("litauisk"),
    "uk": _("ukrainsk"),
    "ru": _("russisk"),
    "ar": _("arabisk"),
    "tr": _("tyrkisk"),
    "fa": _("persisk"),
    "so": _("somali"),
    "ur": _("urdu"),
    "ti": _("tigrinya"),
}


def education_label(code: str | None) -> str:
    return str(EDUCATIONS.get(code or "", code or ""))


def language_label(code: str) -> str:
    return str(LANGUAGES.get(code, code))
