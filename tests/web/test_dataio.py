"""Loading a dataset into the case database and exporting the database as a dataset."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.db import transaction
from polars.testing import assert_frame_equal
from pytest_django import DjangoDbBlocker

from akasse.dataset.read import DatasetError
from akasse.dataset.schema import tables
from akasse.web.casework.models import Conversation
from akasse.web.dataio import check_dataset, export_dataset, load_dataset
from akasse.web.dataio.cli import run_export, run_load
from akasse.web.dataio.spec import BY_TABLE, EDUCATIONS, SPECS
from akasse.web.jobs.models import Cv, JoblogEntry, JobOpening
from akasse.web.members.models import Caseworker, Consultant, Fund, Member, Spell
from tests.web.world import ensure_offer_catalogue

EXPORTED = [name for name in tables() if name != "truth"]


def _personal_data() -> dict[str, dict[Any, Any]]:
    """What the masked columns hold in the database."""
    contact = ("cpr_digest", "first_name", "last_name", "street", "email", "phone")
    return {
        "members": {row[0]: row[1:] for row in Member.objects.values_list("id", *contact)},
        "caseworkers": dict(Caseworker.objects.values_list("id", "name")),
        "consultants": dict(Consultant.objects.values_list("id", "name")),
    }


def _rows_in_database() -> dict[str, int]:
    return {s.table: s.model._default_manager.count() for s in SPECS if s.model is not None}


def _dataset_rows(data: Path) -> dict[str, int]:
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    return {name: rows for name, rows in manifest["tables"].items() if name != "truth"}


def _as_exported(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """A table as an export writes it: masked columns empty, the CPR number DDMMYY-xxxx."""
    masked = [c for c in tables()[name].masked if c != "cpr"]
    frame = frame.with_columns(pl.lit(None, dtype=frame.schema[c]).alias(c) for c in masked)
    if name == "members":
        frame = frame.with_columns(pl.col("cpr").str.slice(0, 7) + "xxxx")
    return frame


def _altered(data: Path, out: Path, table: str, column: str, row: int, value: Any) -> Path:
    """A copy of ``data`` with ``column`` set to ``value`` in ``row`` (1 = the first) of
    ``table``; the other tables are links to the originals."""
    out.mkdir()
    for file in data.iterdir():
        if file.name != f"{table}.parquet":
            (out / file.name).symlink_to(file)
    frame = pl.read_parquet(data / f"{table}.parquet")
    dtype = frame.schema[column]
    changed = (
        pl.when(pl.int_range(pl.len()) == row - 1)
        .then(pl.lit(value, dtype=dtype))
        .otherwise(pl.col(column))
        .alias(column)
    )
    frame.with_columns(changed).write_parquet(out / f"{table}.parquet")
    return out


@pytest.fixture(scope="class")
def loaded(
    dataset: Path, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[float]:
    """The small dataset loaded once for a class's tests, in a transaction rolled back after
    them (each test's own changes are rolled back after it); gives the load's seconds."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        started = time.perf_counter()
        load_dataset(dataset)
        seconds = time.perf_counter() - started
    try:
        yield seconds
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.mark.django_db
class TestLoaded:
    def test_it_round_trips_every_table_through_the_database(
        self, loaded: float, dataset: Path, tmp_path: Path
    ) -> None:
        print(f"\nload_dataset(small): {loaded:.1f} s")
        out = tmp_path / "export"
        assert export_dataset(out) == _dataset_rows(dataset)
        for name in EXPORTED:
            key = list(BY_TABLE[name].key)
            original = _as_exported(name, pl.read_parquet(dataset / f"{name}.parquet")).sort(key)
            exported = pl.read_parquet(out / f"{name}.parquet").sort(key)
            assert_frame_equal(exported, original, check_exact=True)
        assert not (out / "truth.parquet").exists()
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert (manifest["source"], manifest["as_of"]) == ("export", "2024-12-31")
        assert manifest["tables"] == dict(sorted(_dataset_rows(dataset).items()))

    def test_it_leaves_the_same_database_when_loading_twice(
        self, loaded: float, dataset: Path
    ) -> None:
        after_one = _rows_in_database()
        weeks = dict(Spell.objects.values_list("id", "weeks"))
        assert load_dataset(dataset) == _dataset_rows(dataset)
        assert _rows_in_database() == after_one
        assert dict(Spell.objects.values_list("id", "weeks")) == weeks
        assert after_one["spells"] == len(weeks) == _dataset_rows(dataset)["spells"]

    def test_it_overwrites_the_rows_a_reload_changes(
        self, loaded: float, dataset: Path, tmp_path: Path
    ) -> None:
        changed = _altered(dataset, tmp_path / "changed", "conversations", "status", 2, "no_show")
        before = _rows_in_database()
        load_dataset(changed)
        assert Conversation.objects.get(id=2).status == "no_show"
        assert _rows_in_database() == before

    def test_it_loads_its_own_export_keeping_the_stored_cpr_digests_names_and_contact(
        self, loaded: float, tmp_path: Path
    ) -> None:
        personal = _personal_data()
        assert None not in personal["members"].values()
        before = _rows_in_database()
        counts = export_dataset(tmp_path / "export")
        assert load_dataset(tmp_path / "export") == counts
        assert _rows_in_database() == before
        assert _personal_data() == personal

    def test_it_exports_no_name_street_email_or_phone(self, loaded: float, tmp_path: Path) -> None:
        out = tmp_path / "export"
        export_dataset(out)
        members = pl.read_parquet(out / "members.parquet")
        for column in ("first_name", "last_name", "street", "email", "phone"):
            assert members[column].null_count() == members.height, column
        for name in ("caseworkers", "consultants"):
            frame = pl.read_parquet(out / f"{name}.parquet")
            assert frame.height and frame["name"].null_count() == frame.height, name
        assert members["cpr"].str.contains(r"^\d{6}-xxxx$").all()
        # Nor anywhere else: no text cell of any exported table holds a name, street, e-mail
        # address or phone number of the database.
        secrets = {
            value
            for row in Member.objects.values_list(
                "first_name", "last_name", "street", "email", "phone"
            )
            for value in (f"{row[0]} {row[1]}", *row[2:])
            if value.strip()
        }
        secrets |= set(Caseworker.objects.exclude(name="").values_list("name", flat=True))
        secrets |= set(Consultant.objects.exclude(name="").values_list("name", flat=True))
        assert len(secrets) > 100
        for name in EXPORTED:
            frame = pl.read_parquet(out / f"{name}.parquet")
            for column, dtype in frame.schema.items():
                if dtype == pl.String:
                    found = set(frame[column].drop_nulls()) & secrets
                    assert not found, (name, column, sorted(found)[:3])

    def test_it_keeps_the_job_search_through_the_database(self, loaded: float) -> None:
        cv = Cv.objects.exclude(skills="").exclude(wished_disco="").first()
        assert cv is not None and cv.jobs.exists()
        assert JoblogEntry.objects.filter(opening__isnull=False).exists()
        assert JobOpening.objects.filter(fund__isnull=True, source="portal").exists()
        assert JobOpening.objects.filter(source="job_order", employer__isnull=False).exists()

    def test_it_gives_rows_made_after_a_load_fresh_ids(self, loaded: float) -> None:
        latest = Conversation.objects.order_by("-id").values_list("id", flat=True)[0]
        booking = Conversation.objects.get(id=1)
        booking.pk = None
        booking.status = Conversation.Status.BOOKED
        booking.save()
        assert booking.id == latest + 1

    def test_it_sets_each_spell_s_caseworker_from_its_latest_fund_conversation(
        self, loaded: float, dataset: Path
    ) -> None:
        conversations = pl.read_parquet(dataset / "conversations.parquet")
        own = conversations.filter(
            (pl.col("owner") == "akasse") & pl.col("caseworker_id").is_not_null()
        )
        spell = int(own["spell_id"].value_counts().sort("count")["spell_id"][-1])
        latest = own.filter(pl.col("spell_id") == spell).sort("planned_for", "conversation_id")
        assert Spell.objects.get(id=spell).caseworker_id == latest["caseworker_id"][-1]
        spells = pl.read_parquet(dataset / "spells.parquet")["spell_id"]
        without = set(spells) - set(own["spell_id"])
        assert without
        assert not Spell.objects.filter(id__in=without, caseworker__isnull=False).exists()


DISCO = "a DISCO-08 code in the reference list occupations.yaml"
SKILL = "a skill in the reference list occupations.yaml"
FIELD = "an education field in the reference list occupations.yaml"
CVR = "a CVR number (eight digits passing the modulus-11 check)"
MALFORMED = [
    ("conversations", "planned_for", 5, None, "empty, but a value is required"),
    ("spells", "branch_id", 3, 999, "no branch_id 999 in branches.parquet"),
    ("caseworkers", "fund", 4, "XX-A", "no fund 'XX-A' in funds.parquet"),
    ("spells", "municipality", 7, "9999", "no municipality '9999' in municipalities.parquet"),
    ("conversations", "status", 2, "booked", "'booked' is not one of held, no_show, cancelled"),
    (
        "lab_offers",
        "offer_type",
        6,
        "cv_workshop",
        "'cv_workshop' is not one of availability_test, guidance_upskilling, internship, "
        "job_education_6w, wage_subsidy",
    ),
    ("conversations", "conversation_id", 4, 1, "1 repeats row 1"),
    ("members", "cpr", 2, "12345", "not a CPR number (DDMMYY-SSSS, or DDMMYY-xxxx masked)"),
    ("hours", "hours", 9, -7.4, "-7.4 is not within 0 to 99999.99"),
    ("job_openings", "disco", 3, "9999", f"'9999' is not {DISCO}"),
    ("cv_jobs", "disco", 5, "0000", f"'0000' is not {DISCO}"),
    ("cvs", "wished_disco", 2, ["9999"], f"'9999' is not {DISCO}"),
    ("employers", "cvr", 4, "12345678", f"'12345678' is not {CVR}"),
    ("cvs", "education_level", 3, "phd", f"'phd' is not one of {', '.join(EDUCATIONS)}"),
    ("cvs", "skills", 6, ["juggling"], f"'juggling' is not {SKILL}"),
    ("job_openings", "requires_skills", 2, ["juggling"], f"'juggling' is not {SKILL}"),
    ("cvs", "education_field", 4, "astrology", f"'astrology' is not {FIELD}"),
    (
        "joblog",
        "channel",
        7,
        "fax",
        "'fax' is not one of portal, email, in_person, phone, unsolicited",
    ),
    ("job_openings", "source", 5, "newspaper", "'newspaper' is not one of portal, job_order"),
    ("cvs", "hours_wished", 2, "night", "'night' is not one of full_time, part_time, any"),
    # Valid, but not among the simulated employers (whose numbers begin with 9).
    ("job_openings", "employer_cvr", 6, "10000009", "no cvr '10000009' in employers.parquet"),
    ("joblog", "opening_id", 3, 10**15, f"no opening_id {10**15} in job_openings.parquet"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("table", "column", "row", "value", "problem"), MALFORMED)
def test_it_rejects_a_malformed_file_naming_file_row_and_column_and_loads_nothing(
    dataset: Path, tmp_path: Path, table: str, column: str, row: int, value: Any, problem: str
) -> None:
    bad = _altered(dataset, tmp_path / "bad", table, column, row, value)
    with pytest.raises(DatasetError) as caught:
        load_dataset(bad)
    assert str(caught.value) == f"{bad / table}.parquet: row {row}, column {column}: {problem}"
    assert sum(_rows_in_database().values()) == 0


def _row_where(data: Path, table: str, condition: pl.Expr) -> dict[str, Any]:
    """The first row (numbered from 1 under "row") of ``table`` meeting ``condition``."""
    frame = pl.read_parquet(data / f"{table}.parquet").with_row_index("row", offset=1)
    return frame.filter(condition).row(0, named=True)


@pytest.mark.django_db
def test_it_rejects_an_opening_closing_before_it_is_posted(dataset: Path, tmp_path: Path) -> None:
    opening = _row_where(dataset, "job_openings", pl.col("posted_on") > dt.date(2021, 1, 1))
    day = opening["posted_on"] - dt.timedelta(days=1)
    row = opening["row"]
    bad = _altered(dataset, tmp_path / "bad", "job_openings", "closes_on", row, day)
    with pytest.raises(DatasetError) as caught:
        load_dataset(bad)
    assert str(caught.value) == (
        f"{bad / 'job_openings.parquet'}: row {row}, column closes_on: {day} is before the day "
        f"it was posted, {opening['posted_on']}"
    )
    assert sum(_rows_in_database().values()) == 0


@pytest.mark.django_db
def test_it_rejects_a_major_group_that_is_not_the_first_digit_of_the_code(
    dataset: Path, tmp_path: Path
) -> None:
    opening = _row_where(dataset, "job_openings", pl.col("disco").is_not_null())
    wrong = int(opening["disco"][0]) % 9 + 1
    row = opening["row"]
    bad = _altered(dataset, tmp_path / "bad", "job_openings", "disco_major", row, wrong)
    with pytest.raises(DatasetError) as caught:
        load_dataset(bad)
    assert str(caught.value) == (
        f"{bad / 'job_openings.parquet'}: row {row}, column disco_major: {wrong} is not the "
        f"major group of DISCO-08 {opening['disco']} (its first digit, {opening['disco'][0]})"
    )
    assert sum(_rows_in_database().values()) == 0


@pytest.mark.django_db
def test_it_rejects_a_spell_whose_weeks_have_a_gap(dataset: Path, tmp_path: Path) -> None:
    # The last week of the first spell with fewer than 100 weeks moves to week 103.
    weekly = pl.read_parquet(dataset / "weekly_status.parquet").with_row_index("row", offset=1)
    spell = (
        weekly.group_by("spell_id")
        .agg(pl.len(), pl.col("row").max())
        .filter(pl.col("len") < 100)
        .sort("spell_id")
        .row(0, named=True)
    )
    last = spell["row"]
    bad = _altered(dataset, tmp_path / "bad", "weekly_status", "week", last, 103)
    with pytest.raises(DatasetError) as caught:
        load_dataset(bad)
    assert str(caught.value) == (
        f"{bad / 'weekly_status.parquet'}: row {last}, column week: spell {spell['spell_id']} has "
        f"week 103 where week {spell['len'] - 1} was expected (weeks run 0, 1, 2, ... without "
        "gaps)"
    )
    assert sum(_rows_in_database().values()) == 0


@pytest.mark.django_db
def test_it_names_both_rows_of_a_repeated_key(dataset: Path, tmp_path: Path) -> None:
    bad = _altered(dataset, tmp_path / "bad", "weekly_status", "week", 3, 7)
    with pytest.raises(DatasetError) as caught:
        load_dataset(bad)
    assert str(caught.value) == (
        f"{bad / 'weekly_status.parquet'}: row 8, columns spell_id, week: (1, 7) repeats row 3"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_loads_nothing_when_the_database_refuses_a_row(dataset: Path) -> None:
    ensure_offer_catalogue()
    # Another member already holds the CPR number of the dataset's first member, so the
    # members' insert fails after funds, branches and caseworkers went in.
    cpr = pl.read_parquet(dataset / "members.parquet")["cpr"][0]
    born = dt.date(1980, 1, 1)
    other = Member(id=10**12, birth_date=born, gender="man", origin="danish", education="none")
    other.set_cpr(cpr)
    other.save()
    with pytest.raises(DatasetError) as caught:
        load_dataset(dataset)
    message = str(caught.value)
    assert message.startswith(f"{dataset}: the database refused the dataset (")
    assert message.endswith("); nothing was loaded")
    assert Fund.objects.count() == 0
    assert Member.objects.count() == 1


@pytest.mark.django_db
def test_it_checks_a_dataset_without_writing_it(dataset: Path) -> None:
    assert check_dataset(dataset) == _dataset_rows(dataset)
    assert sum(_rows_in_database().values()) == 0


@pytest.mark.django_db
def test_it_exports_an_empty_database_as_empty_tables_without_a_date(tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert export_dataset(out) == dict.fromkeys(EXPORTED, 0)
    assert pl.read_parquet(out / "conversations.parquet").schema == pl.Schema(
        pl.read_parquet_schema(out / "conversations.parquet")
    )
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "as_of" not in manifest
    assert manifest["source"] == "export"


@pytest.mark.django_db
def test_it_refuses_to_export_into_a_folder_holding_files(tmp_path: Path) -> None:
    out = tmp_path / "export"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        export_dataset(out)
    assert str(caught.value) == (
        f"output folder {out} holds other files; give a new or empty folder (nothing was written)"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export"]
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


@pytest.mark.django_db
def test_it_exits_2_with_one_line_when_the_export_folder_holds_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    assert run_export(argparse.Namespace(dir=tmp_path, quiet=True)) == 2
    assert capsys.readouterr().err == (
        f"akasse: output folder {tmp_path} holds other files; give a new or empty folder "
        "(nothing was written)\n"
    )


@pytest.mark.django_db
def test_it_exits_2_with_one_line_for_a_malformed_dataset(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _altered(dataset, tmp_path / "bad", "spells", "branch_id", 3, 999)
    assert run_load(argparse.Namespace(dir=bad, dry_run=False, quiet=True)) == 2
    assert capsys.readouterr().err == (
        f"akasse: {bad / 'spells.parquet'}: row 3, column branch_id: no branch_id 999 in "
        "branches.parquet\n"
    )
    assert sum(_rows_in_database().values()) == 0


@pytest.mark.django_db
def test_it_counts_the_rows_of_a_dry_run_and_writes_nothing(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_load(argparse.Namespace(dir=dataset, dry_run=True, quiet=True)) == 0
    out = capsys.readouterr().out
    assert "Tørkørsel" in out and "intet er skrevet" in out
    weekly = _dataset_rows(dataset)["weekly_status"]
    assert f"{weekly:,}".replace(",", ".") in out
    assert sum(_rows_in_database().values()) == 0
