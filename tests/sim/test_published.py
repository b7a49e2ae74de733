"""The published figures are referenced data, and the check computes the figures the
statistics also report through the statistics."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from akasse.rules.reference import load_reference
from akasse.sim.check import figures, published, trial_funds
from tests.helpers import copy_dataset


def _references(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [str(v) for k, v in node.items() if k == "reference"]
        return found + [r for v in node.values() for r in _references(v)]
    if isinstance(node, list):
        return [r for v in node for r in _references(v)]
    return []


def test_every_published_figure_names_its_source_in_the_seeds() -> None:
    data = published()
    sections = [k for k in data if k != "period"]
    for section in sections:
        assert _references(data[section]), section
    assert all(r.startswith("seed 00") for r in _references(data))


def test_the_trial_funds_are_those_of_the_reference_data() -> None:
    assert trial_funds() == set(load_reference(environment=False).funds)
    assert len(trial_funds()) == 9


def test_it_counts_conversations_as_the_monitoring_does(dataset: Path, tmp_path: Path) -> None:
    """A conversation registered before the referral does not count, in the check as in the
    monitoring report (it once counted in the check alone)."""
    copy = copy_dataset(dataset, tmp_path / "copy")
    visits = pl.read_parquet(copy / "visitations.parquet").filter(
        (pl.col("exit_reason") == "period_used") & (pl.col("exit_on") <= dt.date(2022, 1, 31))
    )
    conversations = pl.read_parquet(copy / "conversations.parquet")
    moved = (
        conversations.join(visits.select("spell_id", "referred_on"), on="spell_id")
        .filter((pl.col("status") == "held") & (pl.col("owner") == "akasse"))
        .group_by("spell_id")
        .agg(pl.col("conversation_id").first(), pl.col("referred_on").first())
        .head(400)
    )
    assert moved.height == 400
    early = dict(zip(moved["conversation_id"], moved["referred_on"], strict=True))
    conversations.with_columns(
        held_on=pl.col("conversation_id")
        .replace_strict(early, default=None, return_dtype=pl.Date)
        .dt.offset_by("-1d")
        .fill_null(pl.col("held_on"))
    ).write_parquet(copy / "conversations.parquet")

    figure = next(f for f in figures(copy) if f.name.startswith("Fuld forsøgsperiode med 3+"))
    assert figure.simulated == pytest.approx(_share_3_plus(copy, visits))
    assert figure.simulated < next(f for f in figures(dataset) if f.name == figure.name).simulated


def _share_3_plus(data: Path, visits: pl.DataFrame) -> float:
    held = pl.read_parquet(data / "conversations.parquet").filter(
        (pl.col("status") == "held") & (pl.col("owner") == "akasse")
    )
    counts = (
        visits.join(held, on="spell_id", how="left")
        .group_by("spell_id")
        .agg(
            n=(
                (pl.col("held_on") >= pl.col("referred_on"))
                & (pl.col("held_on") <= pl.col("exit_on"))
            ).sum()
        )
    )
    return 100.0 * counts.filter(pl.col("n") >= 3).height / counts.height
