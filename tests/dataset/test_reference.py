"""The reference lists (akasse/dataset/reference): the loader's frames and lookups, and the data
itself: every municipality placed in Denmark and near its neighbours, postcodes that exist once,
occupations that cover the DISCO-08 major groups with known fields, levels and skills, first
names by decade, and the CVR check. Each assertion names the offending entries."""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import numpy as np
import polars as pl
import pytest
import yaml

from akasse.dataset import reference
from akasse.dataset.schema import tables
from akasse.rules.reference import REFERENCE_DIR, load_reference

DENMARK_LAT = (54.5, 57.8)
DENMARK_LON = (8.0, 15.2)
BORNHOLM = "0400"
# The first digit of a postcode follows the postal regions (1-2 København and surroundings,
# 3 Nordsjælland and Bornholm, 4 the rest of Sjælland and the islands south of it, 5 Fyn,
# 6 Sønderjylland and the south-west, 7-8 Midt- and Vestjylland, 9 Nordjylland).
POSTCODE_DIGITS = {
    "Hovedstaden": set("1234"),
    "Sjælland": set("24"),
    "Syddanmark": set("567"),
    "Midtjylland": set("678"),
    "Nordjylland": set("79"),
}
CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def _municipalities() -> dict[str, str]:
    return load_reference(environment=False).municipalities


def _regions() -> dict[str, str]:
    raw = yaml.safe_load((REFERENCE_DIR / "municipalities.yaml").read_text(encoding="utf-8"))
    return {str(m["code"]): str(m["region"]) for m in raw["municipalities"]}


def _km(a: str, b: str) -> float:
    return float(reference.municipality_km((a, b))[0, 1])


def _education_codes() -> list[str]:
    """The members.education codes as the schema lists them ("Highest completed: a, b, (...)")."""
    column = next(c for c in tables()["members"].columns if c.name == "education")
    listed = column.description.split(":", 1)[1].split("(", 1)[0]
    return [c.strip() for c in listed.split(",")]


def _with_check_digit(first7: str) -> str | None:
    """The CVR number starting with ``first7`` whose weighted sum is divisible by 11, if the
    digit that makes it so is 0-9."""
    total = sum(int(d) * w for d, w in zip(first7, CVR_WEIGHTS[:7], strict=True))
    last = -total % 11
    return first7 + str(last) if last < 10 else None


# The loader


def test_the_frames_have_the_documented_columns_and_types() -> None:
    assert reference.occupations().schema == pl.Schema(
        {
            "disco": pl.String,
            "major": pl.Int8,
            "title": pl.String,
            "field": pl.String,
            "education": pl.String,
            "skills": pl.List(pl.String),
        }
    )
    assert reference.places().columns == ["code", "lat", "lon"]
    assert reference.places()["lat"].dtype == pl.Float64
    assert reference.postcodes().columns == ["municipality", "postcode", "town"]
    assert reference.disco_codes() == frozenset(reference.occupations()["disco"])
    titles = reference.disco_titles()
    assert set(titles) == reference.disco_codes()
    first = reference.occupations().row(0, named=True)
    assert titles[first["disco"]] == first["title"]


def test_the_major_group_is_the_first_digit() -> None:
    wrong = [
        (d, m)
        for d, m in reference.occupations().select("disco", "major").iter_rows()
        if m != int(d[0])
    ]
    assert wrong == []


def test_distances_are_great_circle_km() -> None:
    # One degree of latitude, and of longitude on the equator, is 2 pi R / 360 km.
    degree = 2 * np.pi * reference.EARTH_RADIUS_KM / 360
    got = reference.distance_km(
        np.array([0.0, 0.0]), np.array([0.0, 0.0]), np.array([1.0, 0.0]), np.array([0.0, 1.0])
    )
    assert got == pytest.approx([degree, degree])
    # A degree of longitude shrinks with the cosine of the latitude (about 0.5 at 60 degrees).
    assert float(
        reference.distance_km(np.array(60.0), np.array(0.0), np.array(60.0), np.array(1.0))
    ) == pytest.approx(degree / 2, rel=1e-3)


def test_the_distance_matrix_follows_the_codes_order() -> None:
    codes = ("0101", "0851", "0400")
    km = reference.municipality_km(codes)
    assert km.shape == (3, 3)
    assert np.allclose(np.diag(km), 0.0)
    assert np.allclose(km, km.T)
    assert km[0, 1] == pytest.approx(_km("0101", "0851"))
    assert km[1, 2] == pytest.approx(_km("0851", "0400"))
    with pytest.raises(KeyError):
        reference.municipality_km(("0101", "0411"))  # Christiansø has a code, not a centre


# Places and postcodes


def test_every_municipality_has_one_centre_and_no_extras() -> None:
    codes = list(reference.places()["code"])
    repeated = [c for c, n in Counter(codes).items() if n > 1]
    assert repeated == []
    expected = set(_municipalities())
    assert sorted(expected - set(codes)) == []
    assert sorted(set(codes) - expected) == []


def test_every_municipality_has_one_to_four_postcodes() -> None:
    counts = Counter(reference.postcodes()["municipality"])
    wrong = [(c, counts.get(c, 0)) for c in _municipalities() if not 1 <= counts.get(c, 0) <= 4]
    assert wrong == []
    assert sorted(set(counts) - set(_municipalities())) == []


def test_centres_lie_in_denmark_with_two_decimals() -> None:
    outside = [
        (c, lat, lon)
        for c, lat, lon in reference.places().iter_rows()
        if not (DENMARK_LAT[0] <= lat <= DENMARK_LAT[1] and DENMARK_LON[0] <= lon <= DENMARK_LON[1])
    ]
    assert outside == []
    unrounded = [
        (c, lat, lon)
        for c, lat, lon in reference.places().iter_rows()
        if round(lat, 2) != lat or round(lon, 2) != lon
    ]
    assert unrounded == []


def test_known_distances() -> None:
    names = {v: k for k, v in _municipalities().items()}
    kbh, frb, aalborg = names["København"], names["Frederiksberg"], names["Aalborg"]
    assert _km(kbh, frb) < 10
    assert 200 < _km(kbh, aalborg) < 260
    assert _km(kbh, BORNHOLM) > 130
    assert 90 < _km(names["Aarhus"], names["Aalborg"]) < 110  # about 120 km by road
    assert 130 < _km(names["Odense"], kbh) < 150
    assert 55 < _km(names["Esbjerg"], names["Kolding"]) < 75


def test_every_centre_is_near_a_neighbour_of_its_region() -> None:
    # Bornholm aside, every municipality has another one of its region within 50 km: a
    # centre put in the wrong place (swapped digits, lat and lon swapped) has none.
    regions = _regions()
    codes = tuple(reference.places()["code"])
    km = reference.municipality_km(codes)
    lonely = []
    for i, code in enumerate(codes):
        if code == BORNHOLM:
            continue
        same = [j for j, other in enumerate(codes) if j != i and regions[other] == regions[code]]
        nearest = min(km[i, j] for j in same)
        if nearest > 50:
            lonely.append((code, round(float(nearest))))
    assert lonely == []
    others = [km[codes.index(BORNHOLM), j] for j, c in enumerate(codes) if c != BORNHOLM]
    assert min(others) > 130


def test_postcodes_are_unique_four_digit_numbers_with_a_town() -> None:
    frame = reference.postcodes()
    bad = [
        (m, p, t)
        for m, p, t in frame.iter_rows()
        if len(p) != 4 or not p.isascii() or not p.isdigit() or p[0] == "0" or not t.strip()
    ]
    assert bad == []
    repeated = [p for p, n in Counter(frame["postcode"]).items() if n > 1]
    assert repeated == []


def test_postcodes_follow_the_postal_regions() -> None:
    regions = _regions()
    wrong = [
        (m, p, t)
        for m, p, t in reference.postcodes().iter_rows()
        if p[0] not in POSTCODE_DIGITS[regions[m]]
    ]
    assert wrong == []
    bornholm = [p for m, p, _ in reference.postcodes().iter_rows() if m == BORNHOLM]
    assert bornholm and all(p.startswith("37") for p in bornholm), bornholm


# Occupations, fields and skills


def test_disco_codes_are_unique_four_digit_unit_groups() -> None:
    codes = list(reference.occupations()["disco"])
    bad = [c for c in codes if len(c) != 4 or not c.isascii() or not c.isdigit() or c[0] == "0"]
    assert bad == []
    assert [c for c, n in Counter(codes).items() if n > 1] == []


def test_every_major_group_has_at_least_eight_occupations() -> None:
    counts = Counter(reference.occupations()["major"])
    thin = [(g, counts.get(g, 0)) for g in range(1, 10) if counts.get(g, 0) < 8]
    assert thin == []
    assert sorted(set(counts) - set(range(1, 10))) == []
    assert reference.occupations().height >= 150


def test_titles_are_unique_and_not_empty() -> None:
    titles = list(reference.occupations()["title"])
    assert [t for t in titles if not t.strip() or t != t.strip()] == []
    assert [t for t, n in Counter(titles).items() if n > 1] == []


def test_the_fund_profiles_are_covered() -> None:
    # Occupations typical of the funds' members: manual, office, care, welfare and academic.
    titles = set(reference.occupations()["title"])
    wanted = {
        "Social- og sundhedshjælper",
        "Social- og sundhedsassistent",
        "Pædagogisk assistent",
        "Rengøringsassistent",
        "Køkkenmedhjælper",
        "Sygeplejerske",
        "Pædagog",
        "Folkeskolelærer",
        "Socialrådgiver",
        "Kontorassistent",
        "Butiksassistent",
        "Bogholder",
        "IT-supporter",
        "Tømrer",
        "Murer",
        "Elektriker",
        "Svejser",
        "Lastbilchauffør",
        "Lagermedarbejder",
        "Landbrugsmedhjælper",
        "Tjener",
        "Kok",
        "Økonom",
        "Jurist",
        "Advokat",
        "Softwareudvikler",
        "Bygningsingeniør",
        "Universitetslektor",
        "Organisationskonsulent",
    }
    assert sorted(wanted - titles) == []


def test_fields_and_skills_are_codes_with_danish_names() -> None:
    for what, mapping, raw in (
        ("education_fields", reference.education_fields(), "education_fields"),
        ("skills", reference.skills(), "skills"),
    ):
        rows = yaml.safe_load(reference.OCCUPATIONS.read_text(encoding="utf-8"))[raw]
        codes = [str(r["code"]) for r in rows]
        assert [c for c, n in Counter(codes).items() if n > 1] == [], what
        bad = [
            c
            for c in codes
            if not c.isascii() or not c.replace("_", "").isalpha() or c != c.lower()
        ]
        assert bad == [], what
        assert [c for c, name in mapping.items() if not name.strip()] == [], what
        names = list(mapping.values())
        assert [n for n, k in Counter(names).items() if k > 1] == [], what
    assert 15 <= len(reference.education_fields()) <= 20
    assert 40 <= len(reference.skills()) <= 70


def test_every_field_and_skill_an_occupation_names_exists() -> None:
    fields, skills = reference.education_fields(), reference.skills()
    unknown_fields, unknown_skills, counts = [], [], []
    for disco, field, names in zip(
        reference.occupations()["disco"],
        reference.occupations()["field"],
        reference.occupations()["skills"],
        strict=True,
    ):
        if field is not None and field not in fields:
            unknown_fields.append((disco, field))
        unknown_skills += [(disco, s) for s in names if s not in skills]
        if not 2 <= len(names) <= 5 or len(set(names)) != len(names):
            counts.append((disco, list(names)))
    assert unknown_fields == []
    assert unknown_skills == []
    assert counts == []


def test_every_skill_and_field_is_used() -> None:
    used = {s for names in reference.occupations()["skills"] for s in names}
    assert sorted(set(reference.skills()) - used) == []
    fields = set(reference.occupations()["field"].drop_nulls())
    assert sorted(set(reference.education_fields()) - fields) == []


def test_education_levels_are_the_members_codes() -> None:
    codes = _education_codes()
    assert codes == ["none", "upper_secondary", "vocational", "short", "medium", "long"]
    wrong = [
        (d, e)
        for d, e in reference.occupations().select("disco", "education").iter_rows()
        if e not in codes
    ]
    assert wrong == []


def test_skills_are_shared_within_minor_groups_and_rarely_across_major_groups() -> None:
    rows = [(d, set(s)) for d, s in reference.occupations().select("disco", "skills").iter_rows()]
    # Every occupation shares a skill with another one of its minor group (3 digits).
    groups: dict[str, list[tuple[str, set[str]]]] = defaultdict(list)
    for disco, skills in rows:
        groups[disco[:3]].append((disco, skills))
    lonely = [
        disco
        for members in groups.values()
        if len(members) > 1
        for disco, skills in members
        if not any(skills & other for d, other in members if d != disco)
    ]
    assert lonely == []
    # And pairs of one minor group share a skill far more often than pairs of two major groups.
    same = [bool(a & b) for (x, a), (y, b) in combinations(rows, 2) if x[:3] == y[:3]]
    apart = [bool(a & b) for (x, a), (y, b) in combinations(rows, 2) if x[0] != y[0]]
    assert np.mean(same) > 0.6
    assert np.mean(apart) < 0.25


# First names


def test_decades_1940_to_2000_for_both_genders() -> None:
    decades = reference.first_names_by_decade()
    assert sorted(decades) == list(range(1940, 2001, 10))
    wrong = [(d, sorted(g)) for d, g in decades.items() if set(g) != {"woman", "man"}]
    assert wrong == []


def test_twenty_to_thirty_distinct_names_per_gender_and_decade() -> None:
    short, repeated, malformed = [], [], []
    for decade, by_gender in reference.first_names_by_decade().items():
        for gender, names in by_gender.items():
            if not 20 <= len(names) <= 30:
                short.append((decade, gender, len(names)))
            repeated += [(decade, gender, n) for n, k in Counter(names).items() if k > 1]
            malformed += [(decade, gender, n) for n in names if not (n.isalpha() and n.istitle())]
    assert short == []
    assert repeated == []
    assert malformed == []


def test_no_name_is_both_a_womans_and_a_mans_in_one_decade() -> None:
    both = [
        (decade, sorted(set(g["woman"]) & set(g["man"])))
        for decade, g in reference.first_names_by_decade().items()
        if set(g["woman"]) & set(g["man"])
    ]
    assert both == []


# CVR numbers


def test_cvr_numbers_built_by_the_weights_are_valid() -> None:
    built = [_with_check_digit(f"{n:07d}") for n in range(1000000, 9999999, 123457)]
    valid = [c for c in built if c is not None]
    assert len(valid) > 50
    assert [c for c in valid if not reference.cvr_valid(c)] == []
    # A prefix whose check digit would be 10 has no valid number.
    assert any(c is None for c in built)


def test_changing_one_digit_of_a_valid_cvr_makes_it_invalid() -> None:
    # Every weight is 1-7, so a change of 1-9 in one digit never keeps the sum divisible by 11.
    base = _with_check_digit("2532103")
    assert base is not None and reference.cvr_valid(base)
    changed = [base[:i] + d + base[i + 1 :] for i in range(8) for d in "0123456789" if d != base[i]]
    assert [c for c in changed if reference.cvr_valid(c)] == []


@pytest.mark.parametrize(
    "cvr",
    [
        "",
        "1234567",  # seven digits
        "123456789",  # nine digits
        "1234567a",
        "1234 567",
        " 12345674",
        "12345674\n",
        "١٢٣٤٥٦٧٤",  # Arabic-Indic digits: isdigit() is true, but not ASCII
        "１２３４５６７４",  # full-width digits
        "1234567٤",
    ],
)
def test_malformed_cvr_numbers_are_invalid(cvr: str) -> None:
    assert reference.cvr_valid("12345674")  # the same number written in ASCII digits
    assert not reference.cvr_valid(cvr)
