"""Members, caseworkers and jobcentre consultants have names that fit them, addresses where
they live and contact details that can reach no real person."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
from faker.providers.person.da_DK import Provider as Person

from akasse.dataset import reference
from akasse.sim.config import load_params
from akasse.sim.people import ascii_name, names

EMAIL = r"^[a-z0-9.]+@example\.(com|net|org)$"
PHONE = r"^[2-9][0-9] [0-9]{2} [0-9]{2} [0-9]{2}$"


def _given_names() -> dict[str, set[str]]:
    by_gender = {"woman": set(Person.first_names_female), "man": set(Person.first_names_male)}
    for genders in reference.first_names_by_decade().values():
        for gender, listed in genders.items():
            by_gender[gender] |= set(listed)
    return by_gender


def _latest(dataset: Path) -> pl.DataFrame:
    spells = pl.read_parquet(dataset / "spells.parquet")
    return spells.sort("first_day", "spell_id").group_by("member_id").agg(pl.all().last())


def test_it_gives_every_member_first_names_of_their_gender(dataset: Path) -> None:
    members = pl.read_parquet(dataset / "members.parquet")
    allowed = _given_names()
    for gender, other in (("woman", "man"), ("man", "woman")):
        given = members.filter(pl.col("gender") == gender)["first_name"].str.split(" ")
        words = given.explode(empty_as_null=False)
        assert words.is_in(list(allowed[gender])).all(), gender
        only_theirs = words.is_in(list(allowed[gender] - allowed[other])).mean()
        assert isinstance(only_theirs, float) and only_theirs > 0.9, gender
        doubles = float((given.list.len() == 2).mean())
        assert 0.1 < doubles < 0.2  # double_first_name 0.15, less where both draws agree
    last = members["last_name"].str.split(" ").explode(empty_as_null=False)
    assert last.is_in(list(Person.last_names)).all()
    assert members["last_name"].value_counts(sort=True)["last_name"][0] == "Jensen"


def test_it_takes_most_first_names_from_the_birth_decades_popular_names(dataset: Path) -> None:
    members = pl.read_parquet(dataset / "members.parquet").with_columns(
        decade=(pl.col("birth_date").dt.year() // 10 * 10),
        given=pl.col("first_name").str.split(" ").list.first(),
    )
    popular = reference.first_names_by_decade()
    for (decade, gender), group in members.group_by("decade", "gender"):
        if int(decade) not in popular or group.height < 500:
            continue
        share = group["given"].is_in(list(popular[int(decade)][str(gender)])).mean()
        # popular_first_name 0.6, plus Faker's names that are popular ones too
        assert isinstance(share, float) and 0.55 < share < 0.8, (decade, gender, share)


def test_it_writes_addresses_in_the_municipality_of_the_latest_spell(dataset: Path) -> None:
    members = pl.read_parquet(dataset / "members.parquet")
    latest = _latest(dataset).select("member_id", "municipality")
    joined = members.join(latest, on="member_id")
    known = reference.postcodes()
    listed = joined.filter(pl.col("municipality").is_in(known["municipality"].implode()))
    assert listed.height == joined.height  # the reference lists every municipality
    matched = listed.join(known, on=["municipality", "postcode", "town"], how="semi")
    assert matched.height == listed.height
    assert members["street"].str.contains(r"^\S.* [0-9]{1,3}(, (st|[1-5])\. (th|tv|mf)\.)?$").all()
    floors = members["street"].str.contains(",").mean()
    assert isinstance(floors, float) and 0.3 < floors < 0.4  # floor_share 0.35


def test_it_gives_contact_details_that_reach_nobody(dataset: Path) -> None:
    members = pl.read_parquet(dataset / "members.parquet")
    assert members["email"].str.contains(EMAIL).all()
    assert members["phone"].str.contains(PHONE).all()
    assert members["email"].n_unique() > 0.9 * members.height


def test_it_folds_danish_letters_in_e_mail_addresses() -> None:
    assert ascii_name("Søren") == "soeren"
    assert ascii_name("Ærø-Åse") == "aeroeaase"
    assert ascii_name("Müller") == "mueller"
    assert ascii_name("José") == "jose"


def test_it_draws_the_same_names_from_the_same_stream() -> None:
    p = load_params().section("people")
    woman = np.array([True, False] * 500)
    year = np.full(1000, 1975)
    first = names(np.random.default_rng(7), woman, year, p)
    again = names(np.random.default_rng(7), woman, year, p)
    assert first[0].tolist() == again[0].tolist() and first[1].tolist() == again[1].tolist()


def test_it_names_the_caseworkers_and_staffs_every_jobcentre_where_members_live(
    dataset: Path,
) -> None:
    caseworkers = pl.read_parquet(dataset / "caseworkers.parquet")
    assert caseworkers["name"].str.contains(r"^\S+( \S+)* \S+$").all()
    consultants = pl.read_parquet(dataset / "consultants.parquet")
    assert consultants["consultant_id"].to_list() == list(range(1, consultants.height + 1))
    assert consultants["name"].null_count() == 0
    spells = pl.read_parquet(dataset / "spells.parquet").group_by("municipality").len()
    staff = consultants.group_by("municipality").agg(staff=pl.len())
    both = spells.join(staff, on="municipality", how="left")
    assert (both["staff"] >= 2).all()
    per = float(load_params().section("people")["spells_per_consultant"])
    big = both.filter(pl.col("len") > 4 * per)
    assert ((big["staff"] - big["len"] / per).abs() <= 0.5).all()
