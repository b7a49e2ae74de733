"""Why an opening fits a member (or does not), in plain Danish, from the explicit score's
terms: the reasons a caseworker reads beside a match and a member sees on their page."""

from __future__ import annotations

import math

import numpy as np

from akasse.dataset import reference
from akasse.matching.explicit import Terms, terms
from akasse.matching.features import EDUCATION_LEVELS, HOURS_WISHED, Members, Openings, vocabulary

EDUCATION_NAMES = {
    "none": "grundskole",
    "upper_secondary": "gymnasial uddannelse",
    "vocational": "erhvervsuddannelse",
    "short": "kort videregående uddannelse",
    "medium": "mellemlang videregående uddannelse",
    "long": "lang videregående uddannelse",
}
LEVEL_TEXT = {
    3: "Beslægtet fag",
    2: "Nærliggende fag",
    1: "Samme hovedområde",
    0: "Andet fag",
}


def reasons(m: Members, o: Openings, i: int, j: int) -> list[str]:
    """The reasons for member row ``i`` and opening row ``j``, strongest first: occupation,
    distance, skills, then any requirement not met."""
    t = terms(m.take(np.array([i])), o.take(np.array([j])))
    return _reasons(t, m, o, i, j)


def _reasons(t: Terms, m: Members, o: Openings, i: int, j: int) -> list[str]:
    out = [_occupation(t, m, o, i, j), _distance(t, m, o, i, j)]
    need = int(t.need[0])
    if need:
        out.append(f"Har {int(t.met[0])} af {need} ønskede kompetencer")
        missing = _missing_skills(m.skills[i], o.skills[j])
        if missing:
            out.append("Mangler: " + ", ".join(missing))
    if float(t.licence[0]) == 0.0:
        out.append("Mangler kørekort")
    education = _education(m, o, i, j)
    if education:
        out.append(education)
    if float(t.hours[0]) == 0.0:
        offered = "fuldtid" if bool(o.full_time[j]) else "deltid"
        want = "deltid" if HOURS_WISHED[int(m.hours[i])] == "part_time" else "fuldtid"
        out.append(f"Stillingen er på {offered}, ønsker {want}")
    if not bool(m.has_cv[i]) and int(t.level[0]) >= 0:
        out.append("Medlemmet har intet CV")
    return out


def _occupation(t: Terms, m: Members, o: Openings, i: int, j: int) -> str:
    opening_disco = int(o.disco[j])
    level = int(t.level[0])
    if opening_disco < 0:
        return "Jobåbningen har ingen stillingskode (DISCO)"
    if level < 0:
        return "Fag ukendt: medlemmet har intet CV"
    title = reference.disco_titles()[vocabulary().discos[opening_disco]].lower()
    if level == 4 and int(m.disco[i]) == opening_disco:
        return f"Samme fag: {title}"
    if level == 4:
        return f"Ønsket job: {title}"
    return f"{LEVEL_TEXT[level]}: {title}"


def _distance(t: Terms, m: Members, o: Openings, i: int, j: int) -> str:
    km = float(t.km[0])
    if math.isnan(km):
        return "Arbejdssted ukendt" if o.place[j] < 0 else "Bopæl ukendt"
    limit = float(m.max_km[i])
    text = f"{round(km)} km"
    return text if km <= limit else f"{text}, over grænsen på {round(limit)} km"


def _education(m: Members, o: Openings, i: int, j: int) -> str | None:
    required = int(o.education[j])
    if required < 0:
        return None
    name = EDUCATION_NAMES[EDUCATION_LEVELS[required]]
    member_level = int(m.education[i])
    if member_level < 0:
        return f"Kræver {name}; medlemmets uddannelse ukendt"
    if member_level < required:
        return f"Kræver {name}"
    return f"Opfylder uddannelseskravet ({name})"


def _missing_skills(have: np.ndarray, need: np.ndarray) -> list[str]:
    v = vocabulary()
    names = reference.skills()
    out = []
    for pos, code in enumerate(v.skills):
        word, bit = divmod(pos, 64)
        mask = np.uint64(1) << np.uint64(bit)
        if need[word] & mask and not have[word] & mask:
            out.append(names[code])
    return out
