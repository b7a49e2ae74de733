"""``cut_dataset``: a dataset as it was known on an earlier day is still a valid dataset and
holds nothing from after that day."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

from akasse.dataset.read import DatasetError, read_table
from akasse.dataset.schema import conform, tables
from akasse.rules.frame import plan_frame
from akasse.rules.reference import load_reference
from akasse.sim.asof import cut_dataset
from akasse.sim.asof_cli import add_parser

DAY = dt.date(2022, 6, 15)
# The trial's period was laid down before it began, so it is known on any day; an ad states its
# last day to apply when it is posted.
PLANNED = {
    "trial_participation.from_date",
    "trial_participation.to_date",
    "job_openings.closes_on",
}


@pytest.fixture(scope="module")
def cut(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("asof") / "cut"
    cut_dataset(dataset, out, DAY)
    return out


def test_it_writes_every_table_so_that_it_passes_the_schema(cut: Path, dataset: Path) -> None:
    manifest = json.loads((cut / "manifest.json").read_text(encoding="utf-8"))
    source = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    for name in tables():
        assert read_table(cut, name).height == manifest["tables"][name], name
    assert manifest["as_of"] == "2022-06-15"
    assert manifest["cut_from"] == source["as_of"] == "2024-12-31"
    assert manifest["source"] == source["source"] == "simulated"
    assert manifest["tables"]["spells"] < source["tables"]["spells"]
    assert (cut / "model.json").read_text() == (dataset / "model.json").read_text()


def test_it_leaves_no_date_after_the_day(cut: Path) -> None:
    late = set()
    for name in tables():
        frame = read_table(cut, name)
        for column, dtype in frame.schema.items():
            if dtype == pl.Date and (frame[column] > DAY).any():
                late.add(f"{name}.{column}")
    assert late <= PLANNED


def test_it_keeps_every_spell_begun_by_the_day(cut: Path, dataset: Path) -> None:
    source = read_table(dataset, "spells").filter(pl.col("first_day") <= DAY)
    kept = read_table(cut, "spells")
    assert kept.drop("transfer_date").equals(source.drop("transfer_date"))
    assert kept["transfer_date"].is_not_null().sum() > 0
    members = read_table(cut, "members")
    assert set(members["member_id"]) == set(kept["member_id"])


def test_it_leaves_no_row_without_its_spell_or_opening(cut: Path) -> None:
    spells = set(read_table(cut, "spells", ["spell_id"])["spell_id"])
    for name in tables():
        frame = read_table(cut, name)
        if "spell_id" in frame.columns and name != "spells":
            assert set(frame["spell_id"]) <= spells, name
    openings = set(read_table(cut, "job_openings", ["opening_id"])["opening_id"])
    for name in ("job_presentations", "placements"):
        assert set(read_table(cut, name, ["opening_id"])["opening_id"]) <= openings, name
    caseworkers = set(read_table(cut, "caseworkers", ["caseworker_id"])["caseworker_id"])
    held_by = read_table(cut, "conversations", ["caseworker_id"])["caseworker_id"].drop_nulls()
    assert set(held_by) <= caseworkers


@pytest.mark.parametrize("day", [DAY, dt.date(2022, 5, 31)])
def test_it_agrees_with_the_rules_engine_on_the_transfers(
    cut: Path, dataset: Path, tmp_path: Path, day: dt.date
) -> None:
    data = cut if day == DAY else tmp_path / "cut"
    if day != DAY:
        cut_dataset(dataset, data, day)
    spells = read_table(data, "spells")
    frame = spells.select(
        "spell_id", "first_day", "insurance", "fund", "municipality", "trial", as_of=pl.lit(day)
    )
    planned = plan_frame(
        frame, read_table(data, "hours"), reference=load_reference(environment=False)
    )
    engine = planned.spells.select(
        "spell_id",
        engine_regime=pl.col("regime").cast(pl.String),
        engine_transfer=pl.when(~pl.col("projected").fill_null(False)).then("transfer_date"),
    )
    both = spells.join(engine, on="spell_id", how="left")
    assert both.height == spells.height
    assert (both["regime"] == both["engine_regime"]).all()
    assert both["transfer_date"].eq_missing(both["engine_transfer"]).all()
    assert both["transfer_date"].max() < day  # type: ignore[operator]


def test_it_empties_what_happened_after_the_day(cut: Path, dataset: Path) -> None:
    before = read_table(dataset, "employment").filter(pl.col("start_date") <= DAY)
    after = read_table(cut, "employment").join(before, on="employment_id", suffix="_source")
    ended_later = after.filter(pl.col("end_date_source") > DAY)
    assert ended_later.height > 0
    assert ended_later["end_date"].is_null().all()
    covered = read_table(dataset, "visitations").filter(
        pl.col("referred_on") <= DAY, pl.col("exit_on") > DAY
    )
    kept = set(read_table(cut, "visitations")["spell_id"])
    assert covered.height > 0
    assert kept.isdisjoint(covered["spell_id"])


def test_it_drops_the_consent_with_a_notice_given_after_the_day(
    dataset: Path, tmp_path: Path
) -> None:
    # Simulated notices all precede the spell, so one is moved past the day by hand.
    source = tmp_path / "source"
    shutil.copytree(dataset, source)
    employment = read_table(source, "employment")
    row = (
        pl.col("employment_id")
        == employment.filter(pl.col("kind") == "during_spell", pl.col("start_date") < DAY)[
            "employment_id"
        ].min()
    )
    employment = employment.with_columns(
        notice_given_on=pl.when(row).then(pl.lit(DAY + dt.timedelta(days=1))),
        notice_contact_consent=row,
        notice_contact_on=pl.when(row).then(pl.lit(DAY + dt.timedelta(days=9))),
    )
    pq.write_table(conform("employment", employment.to_arrow()), source / "employment.parquet")
    cut_dataset(source, tmp_path / "cut", DAY)
    kept = read_table(tmp_path / "cut", "employment")
    assert kept.filter(row).height == 1
    assert kept["notice_given_on"].is_null().all()
    assert kept["notice_contact_on"].is_null().all()
    assert not kept["notice_contact_consent"].any()


def test_it_names_the_original_as_of_in_a_cut_of_a_cut(cut: Path, tmp_path: Path) -> None:
    manifest = cut_dataset(cut, tmp_path / "again", dt.date(2021, 1, 4))
    assert (manifest["as_of"], manifest["cut_from"]) == ("2021-01-04", "2024-12-31")


def test_it_refuses_a_folder_that_holds_other_files(dataset: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(DatasetError) as raised:
        cut_dataset(dataset, tmp_path, DAY)
    assert str(raised.value) == (
        f"output folder {tmp_path} holds other files; give a new or empty folder "
        "(nothing was written)"
    )
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]


def test_it_refuses_a_day_after_as_of(dataset: Path, tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as raised:
        cut_dataset(dataset, tmp_path / "cut", dt.date(2025, 1, 1))
    assert str(raised.value) == (
        f"{dataset}: day 2025-01-01 is after the dataset's as_of 2024-12-31; "
        "a cut can only go back in time"
    )
    assert not (tmp_path / "cut").exists()


def test_it_refuses_a_day_before_the_first_spell(dataset: Path, tmp_path: Path) -> None:
    with pytest.raises(DatasetError) as raised:
        cut_dataset(dataset, tmp_path / "cut", dt.date(2019, 12, 31))
    assert str(raised.value) == (
        f"{dataset}: day 2019-12-31 is before the first spell (first day 2020-01-01); "
        "the cut would hold no spells"
    )


def _command(*args: str) -> int:
    parser = argparse.ArgumentParser(prog="akasse")
    add_parser(parser.add_subparsers(dest="command", required=True))
    parsed = parser.parse_args(["cut", *args])
    code: int = parsed.func(parsed)
    return code


def test_it_cuts_from_the_command_line(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _command(str(dataset), str(tmp_path / "cut"), "--as-of", "2021-03-01") == 0
    out = capsys.readouterr().out
    assert "weekly_status" in out
    assert json.loads((tmp_path / "cut" / "manifest.json").read_text())["as_of"] == "2021-03-01"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--as-of", "2022-13-01"],
            "--as-of '2022-13-01' is not a date; give YYYY-MM-DD, e.g. 2023-10-16",
        ),
        (
            ["--as-of", "20220601"],
            "--as-of '20220601' is not a date; give YYYY-MM-DD, e.g. 2023-10-16",
        ),
        ([], "--as-of YYYY-MM-DD is required (the day the cut is as of)"),
    ],
)
def test_it_rejects_a_bad_day_in_one_line(
    dataset: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    assert _command(str(dataset), str(tmp_path / "cut"), *args) == 2
    assert capsys.readouterr().err == f"akasse: {message}\n"
    assert not (tmp_path / "cut").exists()


def test_it_rejects_a_source_that_is_not_a_dataset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _command(str(tmp_path), str(tmp_path / "cut"), "--as-of", "2022-06-15") == 2
    assert capsys.readouterr().err == (
        f"akasse: {tmp_path}: manifest.json is missing (not a dataset folder)\n"
    )


def test_it_keeps_only_the_cvs_joblog_and_openings_known_on_the_day(
    cut: Path, dataset: Path
) -> None:
    cvs = read_table(dataset, "cvs")
    kept = read_table(cut, "cvs")
    members = read_table(cut, "members", ["member_id"])
    expected = cvs.filter(
        pl.col("updated_on") <= DAY, pl.col("member_id").is_in(members["member_id"].implode())
    )
    assert kept.equals(expected)
    assert cvs.filter(pl.col("updated_on") > DAY).height > 0
    jobs = read_table(cut, "cv_jobs")
    assert set(jobs["member_id"]) <= set(kept["member_id"])
    assert (
        jobs.height == read_table(dataset, "cv_jobs").join(kept, on="member_id", how="semi").height
    )
    log = read_table(dataset, "joblog").filter(pl.col("applied_on") <= DAY)
    assert read_table(cut, "joblog").height == log.height
    openings = read_table(cut, "job_openings")
    assert (
        openings.height
        == read_table(dataset, "job_openings").filter(pl.col("posted_on") <= DAY).height
    )
    assert (openings["closes_on"] > DAY).any()  # an ad still open on the day keeps its deadline
    for name in ("employers", "consultants", "caseworkers"):
        assert read_table(cut, name).equals(read_table(dataset, name)), name
