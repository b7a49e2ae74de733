"""``simulate``: one dataset from a scale and a seed (deterministic), written atomically."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from akasse.dataset.schema import SCHEMA
from akasse.dataset.write import DatasetWriter, check_target
from akasse.sim import tables as t
from akasse.sim.activities import Employment, Jobs, Offers, employment, jobs, lab_offers
from akasse.sim.config import Params, Scale, SimError, load_params
from akasse.sim.conversations import Conversations, simulate_conversations
from akasse.sim.course import (
    NEVER,
    Visitations,
    actual_transfer,
    planned_obligations,
    visitations,
)
from akasse.sim.hours import MonthlyHours, monthly_hours, weekly_rows
from akasse.sim.population import Spells, draw_spells
from akasse.sim.survey import Survey, survey
from akasse.sim.trajectory import STATUSES, Trajectories, expected_effects, simulate
from akasse.sim.truth import model_card
from akasse.sim.world import World, build_world

FORMAT_VERSION = 1
STEPS = [
    "Medlemmer og forløb",
    "Forløb uge for uge",
    "Timer og overgang til jobcenter",
    "Visitation og samtaler",
    "Tilbud, job og beskæftigelse",
    "Tilfredshedsmåling",
    "Skriver tabeller",
]
WEEK_CHUNK = 200_000  # trajectory segments per chunk of weekly_status rows

Progress = Callable[[str], None]


@dataclass
class Simulated:
    """Everything one run generated, before it is written."""

    params: Params
    scale: Scale
    seed: int
    world: World
    spells: Spells
    observed: Trajectories
    counterfactual: Trajectories
    hours: MonthlyHours
    transfer: np.ndarray
    regime: list[str]
    visits: Visitations
    conversations: Conversations
    offers: Offers
    jobs: Jobs
    employment: Employment
    survey: Survey
    answered: np.ndarray
    expected: dict[str, np.ndarray]


def generate(params: Params, scale: Scale, seed: int, step: Progress) -> Simulated:
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(9)]
    as_of = params.day("as_of")
    step(STEPS[0])
    world = build_world(params, scale, streams[0])
    s = draw_spells(params, scale, world, streams[1])
    step(STEPS[1])
    weeks = int(params.value("period", "weeks"))
    observed, counterfactual = simulate(params, s, streams[2], weeks)
    replicates = int(params.section("durations")["trial_effect"]["replicates"])
    expected = expected_effects(params, s, streams[8], weeks, replicates)
    step(STEPS[2])
    hours = monthly_hours(s.first_day.astype(np.int64), s.part_time, observed, as_of)
    transfer, regime = actual_transfer(world, s, hours, as_of)
    step(STEPS[3])
    visits = visitations(params, world, s, observed, transfer, streams[3])
    conv = simulate_conversations(
        params, world, s, observed, planned_obligations(world, s), visits, streams[4]
    )
    step(STEPS[4])
    offers = lab_offers(params, s, observed, streams[5])
    exit_day = np.full(s.size, NEVER, dtype=np.int64)
    exit_day[visits.spell] = visits.exit_day
    job = jobs(params, world, s, observed, exit_day, streams[5])
    work = employment(params, s, observed, streams[5])
    step(STEPS[5])
    responses = survey(params, s, scale.factor, streams[6])
    missing = float(params.section("questionnaire")["not_answered"])
    answered = streams[7].random(s.size) >= missing
    return Simulated(
        params,
        scale,
        seed,
        world,
        s,
        observed,
        counterfactual,
        hours,
        transfer,
        regime,
        visits,
        conv,
        offers,
        job,
        work,
        responses,
        answered,
        expected,
    )


def validate(params: Params, scale_name: str, seed: int, out: Path) -> Scale:
    """The scale to simulate; raises SimError for bad input before any work starts."""
    scale = params.scale(scale_name)
    if seed < 0:
        raise SimError(f"seed must be 0 or more, not {seed}")
    check_target(out)
    return scale


def simulate_dataset(
    scale_name: str,
    seed: int,
    out: Path,
    progress: Progress | None = None,
    params: Params | None = None,
) -> dict[str, Any]:
    """Simulate and write a dataset to ``out`` (a new or empty folder); returns the manifest."""
    params = params or load_params()
    scale = validate(params, scale_name, seed, out)
    step = progress or (lambda _label: None)
    sim = generate(params, scale, seed, step)
    step(STEPS[6])
    with DatasetWriter(out) as writer:
        manifest = _write(sim, writer)
    return {**manifest, "tables": writer.rows}


def _write(sim: Simulated, writer: DatasetWriter) -> dict[str, Any]:
    params, s, world = sim.params, sim.spells, sim.world
    targets = {str(k): list(v) for k, v in params.section("jobs")["targets_2021"].items()}
    for name, table in t.world_tables(world, targets).items():
        writer.write(name, table)
    writer.write("members", t.member_table(s))
    writer.write("spells", t.spell_table(world, s, sim.regime, sim.transfer))
    writer.append("weekly_status")
    first = s.first_day.astype(np.int64)
    for spell, week, status in weekly_rows(first, sim.observed, params.day("as_of"), WEEK_CHUNK):
        weekly = {
            "spell_id": t.spell_ids(spell),
            "week": pa.array(week),
            "status": t.codes(status, STATUSES),
        }
        writer.write("weekly_status", pa.table(weekly))
    writer.close_table("weekly_status")
    hours = {
        "spell_id": t.spell_ids(sim.hours.spell),
        "month": t.dates(_month_days(sim.hours.month)),
        "hours": pa.array(sim.hours.hundredths / 100.0),
    }
    writer.write("hours", pa.table(hours))
    writer.write("visitations", t.visitation_table(sim.visits))
    writer.write("conversations", t.conversation_table(sim.conversations, s))
    writer.write("lab_offers", t.offer_table(sim.offers))
    for name, table in t.job_tables(sim.jobs, world).items():
        writer.write(name, table)
    writer.write("employment", t.employment_table(sim.employment))
    writer.write("survey_responses", t.survey_table(sim.survey, s, world))
    q = params.section("questionnaire")
    industries = [str(x) for x in params.section("members")["industries"]]
    expect, barriers = list(q["expect_job"]), list(q["barriers"])
    writer.write("profiling", t.profiling_table(s, industries, expect, barriers, sim.answered))
    card, truth = model_card(params, s, sim.observed, sim.counterfactual, sim.expected)
    writer.write("truth", truth)
    writer.write_json("model.json", card)
    manifest = {
        "format": "akasse-dataset",
        "version": FORMAT_VERSION,
        "source": "simulated",
        "scale": sim.scale.name,
        "scale_factor": sim.scale.factor,
        "seed": sim.seed,
        "as_of": str(params.value("period", "as_of")),
        "funds": list(sim.scale.funds),
        "inputs_sha256": inputs_digest(params),
        # Random streams and the holiday calendar also depend on these libraries' versions.
        "versions": {name: version(name) for name in ("akasse", "numpy", "holidays", "pyarrow")},
    }
    writer.commit(manifest)
    return manifest


def inputs_digest(params: Params) -> str:
    """One hash of every file the data depends on besides the seed: the simulator's parameters
    and population, the schema, and the rules engine's parameters and reference data."""
    rules = Path(__file__).resolve().parents[1] / "rules"
    files = [params.source, Path(__file__).with_name("population.yaml")]
    files += [SCHEMA]
    files += sorted((rules / "parameters").glob("*.yaml")) + sorted(
        (rules / "reference").glob("*.yaml")
    )
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _month_days(months: np.ndarray) -> np.ndarray:
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


__all__ = ["STEPS", "generate", "simulate_dataset"]
