"""The simulated world's people, employers, openings, CVs and joblog as Arrow tables in the
dataset schema (the rest of the tables are in ``tables``)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from akasse.sim.course import NEVER
from akasse.sim.cvs import HOURS, CVs
from akasse.sim.employers import Employers
from akasse.sim.joblog import CHANNELS, NO_OPENING, Entries
from akasse.sim.occupations import Occupations
from akasse.sim.openings import Openings
from akasse.sim.people import Consultants, People
from akasse.sim.population import EDUCATION
from akasse.sim.tables import codes, dates, ids, spell_ids


def labelled(index: np.ndarray, labels: pa.Array) -> pa.Array:
    """Indices into ``labels`` (an Arrow string array) as strings; -1 becomes null."""
    index = np.asarray(index, dtype=np.int32)
    missing = index < 0
    dictionary = pa.DictionaryArray.from_arrays(
        pa.array(np.where(missing, 0, index), mask=missing if missing.any() else None), labels
    )
    return dictionary.cast(pa.string())


def lists(matrix: np.ndarray, labels: pa.Array) -> pa.Array:
    """Rows of indices (-1 for none) as lists of their labels, in row order."""
    matrix = np.asarray(matrix)
    present = matrix >= 0
    offsets = np.concatenate([[0], np.cumsum(present.sum(axis=1))]).astype(np.int32)
    values = labelled(matrix[present], labels)
    return pa.ListArray.from_arrays(pa.array(offsets), values)


def bit_lists(bits: np.ndarray, labels: pa.Array) -> pa.Array:
    """Bit sets (rows x uint64 words) as lists of the labels of their set bits."""
    flags = np.unpackbits(np.ascontiguousarray(bits).view(np.uint8), axis=1, bitorder="little")[
        :, : len(labels)
    ]
    rows, cols = np.nonzero(flags)
    offsets = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=bits.shape[0]))])
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), labelled(cols, labels))


def text(values: Sequence[str | None]) -> pa.Array:
    return pa.array(values, type=pa.string())


def people_columns(p: People) -> dict[str, pa.Array]:
    return {
        "first_name": text(p.first_name),
        "last_name": text(p.last_name),
        "street": text(p.street),
        "postcode": text(p.postcode),
        "town": text(p.town),
        "email": text(p.email),
        "phone": text(p.phone),
    }


def consultant_table(c: Consultants, municipality_codes: list[str]) -> pa.Table:
    return pa.table(
        {
            "consultant_id": pa.array(c.consultant_id),
            "municipality": codes(c.municipality, municipality_codes),
            "name": text(c.name),
        }
    )


def employer_table(e: Employers, municipality_codes: list[str]) -> pa.Table:
    return pa.table(
        {
            "cvr": text(e.cvr),
            "name": text(e.name),
            "industry": codes(e.industry, e.industries),
            "municipality": codes(e.municipality, municipality_codes),
        }
    )


def opening_table(
    o: Openings,
    occ: Occupations,
    e: Employers,
    municipality_codes: list[str],
    fund_codes: list[str],
) -> pa.Table:
    cvr = np.where(o.named, o.employer, -1)
    return pa.table(
        {
            "opening_id": ids(o.size),
            "fund": labelled(o.fund, pa.array(fund_codes)),
            "employer_cvr": labelled(cvr, pa.array(e.cvr)),
            "title": labelled(o.occupation, pa.array(occ.title)),
            "disco": labelled(o.occupation, pa.array(occ.disco)),
            "disco_major": pa.array(occ.major[o.occupation]),
            "municipality": codes(o.municipality, municipality_codes),
            "posted_on": dates(o.posted),
            "closes_on": dates(o.closes),
            "source": codes((o.fund >= 0).astype(np.int8), ["portal", "job_order"]),
            "hours_per_week": pa.array(o.hours),
            "permanent": pa.array(o.permanent),
            "requires_education": labelled(o.education, pa.array(EDUCATION)),
            "requires_skills": lists(o.skills, pa.array(occ.skill_codes)),
            "requires_licence": pa.array(o.licence),
        }
    )


def cv_table(cv: CVs, members: np.ndarray, education: np.ndarray, occ: Occupations) -> pa.Table:
    has = np.flatnonzero(cv.has)
    return pa.table(
        {
            "member_id": spell_ids(members[has]),
            "updated_on": dates(cv.updated[has]),
            "searchable": pa.array(cv.searchable[has]),
            "education_level": codes(education[has], EDUCATION),
            "education_field": text([cv.field[i] for i in has.tolist()]),
            "skills": bit_lists(cv.skills[has], pa.array(occ.skill_codes)),
            "driving_licence": pa.array(cv.licence[has]),
            "languages": lists(cv.languages[has], pa.array(cv.language_codes)),
            "wished_disco": lists(cv.wished[has], pa.array(occ.disco)),
            "wish_text": text([cv.wish_text[i] for i in has.tolist()]),
            "hours_wished": codes(cv.hours[has], HOURS),
            "max_travel_km": pa.array(cv.travel_km[has]),
        }
    )


def cv_job_table(cv: CVs, members: np.ndarray, occ: Occupations, e: Employers) -> pa.Table:
    j = cv.jobs
    return pa.table(
        {
            "cv_job_id": ids(j.member.size),
            "member_id": spell_ids(members[j.member]),
            "disco": labelled(j.occupation, pa.array(occ.disco)),
            "title": labelled(j.occupation, pa.array(occ.title)),
            "employer": labelled(j.employer, pa.array(e.name)),
            "from_date": dates(j.start),
            "to_date": dates(np.where(j.end == NEVER, NEVER, j.end)),
        }
    )


def joblog_table(x: Entries, first_id: int, titles: pa.Array, names: pa.Array) -> pa.Table:
    n = x.spell.size
    opening = np.where(x.opening == NO_OPENING, 0, x.opening + 1).astype(np.int64)
    return pa.table(
        {
            "entry_id": pa.array(np.arange(first_id, first_id + n, dtype=np.int64)),
            "spell_id": spell_ids(x.spell),
            "applied_on": dates(x.day),
            "employer": labelled(x.employer, names),
            "title": labelled(x.occupation, titles),
            "channel": codes(x.channel, CHANNELS),
            "opening_id": pa.array(opening, mask=x.opening == NO_OPENING),
        }
    )
