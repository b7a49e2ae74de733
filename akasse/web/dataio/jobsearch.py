"""The job search's tables checked against the reference lists that ship with the project
(akasse/dataset/reference): DISCO-08 codes, skills and education fields, CVR numbers by their
modulus-11 check, and each opening's dates and occupation agreeing with themselves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from akasse.dataset import reference
from akasse.web.dataio.checks import ROW, check_known, check_range, fail, first_hit

_OCCUPATIONS = f"in the reference list {reference.OCCUPATIONS.name}"
DISCO = f"a DISCO-08 code {_OCCUPATIONS}"
SKILL = f"a skill {_OCCUPATIONS}"
FIELD = f"an education field {_OCCUPATIONS}"
LANGUAGE = r"^[a-z]{2}$"


def _employers(path: Path, frame: pl.DataFrame) -> None:
    valid = pl.col("cvr").map_elements(reference.cvr_valid, return_dtype=pl.Boolean)
    hit = first_hit(frame, ~valid)
    if hit is not None:
        problem = f"{hit['cvr']!r} is not a CVR number (eight digits passing the modulus-11 check)"
        fail(path, hit[ROW], "cvr", problem)


def _openings(path: Path, frame: pl.DataFrame) -> None:
    """Codes from the reference list; the major group is the code's first digit; an opening
    closes on or after the day it was posted."""
    check_known(path, frame, "disco", reference.disco_codes(), DISCO)
    check_known(path, frame, "requires_skills", reference.skills(), SKILL)
    check_range(path, frame, "disco_major", 1, 9)
    first_digit = pl.col("disco").str.slice(0, 1).cast(pl.Int8)
    hit = first_hit(frame, pl.col("disco").is_not_null() & (pl.col("disco_major") != first_digit))
    if hit is not None:
        problem = (
            f"{hit['disco_major']} is not the major group of DISCO-08 {hit['disco']} "
            f"(its first digit, {hit['disco'][0]})"
        )
        fail(path, hit[ROW], "disco_major", problem)
    hit = first_hit(frame, pl.col("closes_on") < pl.col("posted_on"))
    if hit is not None:
        problem = f"{hit['closes_on']} is before the day it was posted, {hit['posted_on']}"
        fail(path, hit[ROW], "closes_on", problem)


def _cvs(path: Path, frame: pl.DataFrame) -> None:
    check_known(path, frame, "education_field", reference.education_fields(), FIELD)
    check_known(path, frame, "skills", reference.skills(), SKILL)
    check_known(path, frame, "wished_disco", reference.disco_codes(), DISCO)
    check_range(path, frame, "max_travel_km", 0, 1000)
    languages = frame.select("languages").with_row_index(ROW, offset=1)
    code = pl.col("languages")
    languages = languages.explode("languages", empty_as_null=False)
    bad = languages.filter(code.is_null() | ~code.str.contains(LANGUAGE)).head(1)
    if bad.height:
        row, code = bad.row(0)
        fail(path, row, "languages", f"{code!r} is not a language code (ISO 639-1, e.g. da)")


def _cv_jobs(path: Path, frame: pl.DataFrame) -> None:
    check_known(path, frame, "disco", reference.disco_codes(), DISCO)
    hit = first_hit(frame, pl.col("to_date") < pl.col("from_date"))
    if hit is not None:
        problem = f"{hit['to_date']} is before the job's first day, {hit['from_date']}"
        fail(path, hit[ROW], "to_date", problem)


CHECKS: dict[str, Callable[[Path, pl.DataFrame], None]] = {
    "employers": _employers,
    "job_openings": _openings,
    "cvs": _cvs,
    "cv_jobs": _cv_jobs,
}
