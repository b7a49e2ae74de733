"""Reference lists that ship with the project: occupations (DISCO-08) with Danish titles, the
education fields and skills codes, the municipalities' centres and postcodes, and first names
by birth decade. The simulator draws from them, loading checks codes against them, and the
matching measures distances with them. Each file names its source."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import yaml

HERE = Path(__file__).parent
OCCUPATIONS = HERE / "occupations.yaml"
PLACES = HERE / "places.yaml"
NAMES = HERE / "names.yaml"
EARTH_RADIUS_KM = 6371.0
# CVR numbers: eight digits whose weighted sum is divisible by 11.
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


@cache
def _read(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    return data


@cache
def occupations() -> pl.DataFrame:
    """One row per occupation: disco (4 digits), major (1-9), title, field (may be null),
    education (members.education code) and skills (codes)."""
    rows = _read(OCCUPATIONS)["occupations"]
    return pl.DataFrame(
        {
            "disco": [str(r["disco"]) for r in rows],
            "major": [int(str(r["disco"])[0]) for r in rows],
            "title": [str(r["title"]) for r in rows],
            "field": [None if r.get("field") is None else str(r["field"]) for r in rows],
            "education": [str(r["education"]) for r in rows],
            "skills": [[str(s) for s in r.get("skills") or []] for r in rows],
        },
        schema={
            "disco": pl.String,
            "major": pl.Int8,
            "title": pl.String,
            "field": pl.String,
            "education": pl.String,
            "skills": pl.List(pl.String),
        },
    )


@cache
def disco_codes() -> frozenset[str]:
    return frozenset(occupations()["disco"])


@cache
def disco_titles() -> dict[str, str]:
    return dict(zip(occupations()["disco"], occupations()["title"], strict=True))


@cache
def skills() -> dict[str, str]:
    """Skill code -> Danish name."""
    return {str(r["code"]): str(r["name"]) for r in _read(OCCUPATIONS)["skills"]}


@cache
def education_fields() -> dict[str, str]:
    """Education field code -> Danish name."""
    return {str(r["code"]): str(r["name"]) for r in _read(OCCUPATIONS)["education_fields"]}


@cache
def places() -> pl.DataFrame:
    """One row per municipality: code, lat, lon (its main town, WGS84 degrees)."""
    rows = _read(PLACES)["municipalities"]
    return pl.DataFrame(
        {
            "code": [str(r["code"]) for r in rows],
            "lat": [float(r["lat"]) for r in rows],
            "lon": [float(r["lon"]) for r in rows],
        }
    )


@cache
def postcodes() -> pl.DataFrame:
    """One row per postcode: municipality, postcode, town."""
    rows = [
        (str(r["code"]), str(p[0]), str(p[1]))
        for r in _read(PLACES)["municipalities"]
        for p in r["postcodes"]
    ]
    return pl.DataFrame(rows, schema=["municipality", "postcode", "town"], orient="row")


def distance_km(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Great-circle distance in km (haversine) between points given in degrees; broadcasts."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


@cache
def municipality_km(codes: tuple[str, ...]) -> np.ndarray:
    """Distances in km between the centres of ``codes`` (a square matrix in their order);
    raises KeyError for a code without a centre."""
    where = {c: i for i, c in enumerate(places()["code"])}
    idx = np.array([where[c] for c in codes], dtype=np.int64)
    lat = places()["lat"].to_numpy()[idx]
    lon = places()["lon"].to_numpy()[idx]
    return distance_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])


@cache
def first_names_by_decade() -> dict[int, dict[str, tuple[str, ...]]]:
    """Decade of birth (1940, 1950, ...) -> gender (woman, man) -> popular first names."""
    decades = _read(NAMES)["decades"]
    return {
        int(decade): {str(g): tuple(str(n) for n in names) for g, names in by_gender.items()}
        for decade, by_gender in decades.items()
    }


def cvr_valid(cvr: str) -> bool:
    """Eight digits whose weighted sum (2, 7, 6, 5, 4, 3, 2, 1) is divisible by 11."""
    if len(cvr) != 8 or not cvr.isascii() or not cvr.isdigit():
        return False
    return sum(int(d) * w for d, w in zip(cvr, CVR_WEIGHTS, strict=True)) % 11 == 0
