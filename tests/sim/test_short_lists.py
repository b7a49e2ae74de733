"""The simulator works with reference lists of any length: a list of three occupations, two
municipalities with centres, one with postcodes and one decade of names still gives a dataset
that passes the schema, with the documented fall-backs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from akasse.dataset import reference
from akasse.dataset.read import read_table
from akasse.dataset.schema import tables
from akasse.sim import people
from akasse.sim.config import Params, load_params
from akasse.sim.run import simulate_dataset

OCCUPATIONS = pl.DataFrame(
    {
        "disco": ["2341", "5322", "9313"],
        "major": [2, 5, 9],
        "title": ["Lærer", "Social- og sundhedshjælper", "Byggearbejder"],
        "field": ["pedagogy", "health", None],
        "education": ["medium", "vocational", "none"],
        "skills": [["childcare", "teaching"], ["personal_care"], []],
    },
    schema_overrides={"major": pl.Int8},
)
PLACES = pl.DataFrame({"code": ["0101", "0751"], "lat": [55.68, 56.16], "lon": [12.57, 10.2]})
POSTCODES = pl.DataFrame({"municipality": ["0101"], "postcode": ["2300"], "town": ["København S"]})


@pytest.fixture
def short_lists(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(reference, "occupations", lambda: OCCUPATIONS)
    monkeypatch.setattr(reference, "skills", lambda: {"childcare": "Børnepasning"})
    monkeypatch.setattr(reference, "places", lambda: PLACES)
    monkeypatch.setattr(reference, "postcodes", lambda: POSTCODES)
    names = {1970: {"woman": ("Mette",), "man": ("Thomas",)}}
    monkeypatch.setattr(reference, "first_names_by_decade", lambda: names)
    people.lists.cache_clear()
    yield
    people.lists.cache_clear()


def _tiny() -> Params:
    params = load_params()
    raw = dict(params.raw)
    raw["scales"] = {
        **raw["scales"],
        "tiny": {"description": "tests", "spells_per_year": 1500, "funds": ["FOA-A", "AAK"]},
    }
    return Params(raw, params.source)


@pytest.mark.usefixtures("short_lists")
def test_it_simulates_with_short_reference_lists(tmp_path: Path) -> None:
    out = tmp_path / "tiny"
    simulate_dataset("tiny", 1, out, params=_tiny())
    for name in tables():
        read_table(out, name)  # every table passes the schema's checks
    truth = read_table(out, "truth").join(read_table(out, "profiling"), on="spell_id")
    assert set(truth["true_disco"]) <= {"2341", "5322", "9313"}
    assert (truth["true_disco"].str.slice(0, 1).cast(pl.Int8) == truth["disco_major"]).all()
    members = read_table(out, "members")
    latest = (
        read_table(out, "spells")
        .sort("first_day", "spell_id")
        .group_by("member_id")
        .agg(pl.col("municipality").last())
    )
    joined = members.join(latest, on="member_id")
    listed = joined.filter(pl.col("municipality") == "0101")
    assert (listed["postcode"] == "2300").all() and (listed["town"] == "København S").all()
    unlisted = joined.filter(pl.col("municipality") != "0101")
    assert unlisted["postcode"].is_null().all()
    names = dict(
        zip(
            read_table(out, "municipalities")["municipality"],
            read_table(out, "municipalities")["name"],
            strict=True,
        )
    )
    assert (unlisted["town"] == unlisted["municipality"].replace_strict(names)).all()
    openings = read_table(out, "job_openings")
    assert openings.height > 0 and set(openings["disco"]) <= {"2341", "5322", "9313"}
    assert set(read_table(out, "cvs")["skills"].explode(empty_as_null=False).drop_nulls()) <= {
        "childcare",
        "teaching",
        "personal_care",
    }
