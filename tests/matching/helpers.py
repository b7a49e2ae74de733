"""Members and openings built by hand from codes, for the matching's tests."""

from __future__ import annotations

import datetime as dt

import polars as pl

from akasse.matching.features import Members, Openings, members_from, openings_from


def members(rows: list[dict[str, object]]) -> Members:
    """Each row: municipality, and optionally disco (latest CV job), wished, skills,
    education, licence, hours, km, insurance; ``cv=False`` for a member without a CV."""
    spells = pl.DataFrame(
        {
            "spell_id": list(range(1, len(rows) + 1)),
            "member_id": list(range(1, len(rows) + 1)),
            "municipality": [r.get("municipality") for r in rows],
            "insurance": [r.get("insurance", "full_time") for r in rows],
        }
    )
    with_cv = [(i + 1, r) for i, r in enumerate(rows) if r.get("cv", True)]
    cvs = pl.DataFrame(
        {
            "member_id": [i for i, _ in with_cv],
            "updated_on": [dt.date(2023, 1, 1)] * len(with_cv),
            "education_level": [r.get("education", "vocational") for _, r in with_cv],
            "skills": [list(r.get("skills", [])) for _, r in with_cv],
            "driving_licence": [bool(r.get("licence", True)) for _, r in with_cv],
            "wished_disco": [list(r.get("wished", [])) for _, r in with_cv],
            "hours_wished": [r.get("hours", "full_time") for _, r in with_cv],
            "max_travel_km": [int(r.get("km", 40)) for _, r in with_cv],  # type: ignore[call-overload]
        },
        schema_overrides={"skills": pl.List(pl.String), "wished_disco": pl.List(pl.String)},
    )
    jobs = [(i, r["disco"]) for i, r in with_cv if r.get("disco")]
    cv_jobs = pl.DataFrame(
        {
            "member_id": [i for i, _ in jobs],
            "disco": [d for _, d in jobs],
            "from_date": [dt.date(2020, 1, 1)] * len(jobs),
        },
        schema={"member_id": pl.Int64, "disco": pl.String, "from_date": pl.Date},
    )
    return members_from(spells, cvs, cv_jobs)


def openings(rows: list[dict[str, object]]) -> Openings:
    return openings_from(
        pl.DataFrame(
            {
                "opening_id": list(range(1, len(rows) + 1)),
                "disco": [r.get("disco") for r in rows],
                "requires_skills": [list(r.get("skills", [])) for r in rows],  # type: ignore[call-overload]
                "requires_education": [r.get("education") for r in rows],
                "requires_licence": [bool(r.get("licence", False)) for r in rows],
                "municipality": [r.get("municipality") for r in rows],
                "hours_per_week": [int(r.get("hours", 37)) for r in rows],  # type: ignore[call-overload]
            },
            schema_overrides={
                "requires_skills": pl.List(pl.String),
                "disco": pl.String,
                "requires_education": pl.String,
                "municipality": pl.String,
            },
        )
    )
