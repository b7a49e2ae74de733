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

from akasse.dataset.reference import HERE as REFERENCE_LISTS
from akasse.dataset.schema import SCHEMA
from akasse.dataset.write import DatasetWriter, check_target
from akasse.sim import tables as t
from akasse.sim import world_tables as w
from akasse.sim.activities import Employment, Offers, employment, lab_offers, presentation_events
from akasse.sim.config import Params, Scale, SimError, load_params
from akasse.sim.conversations import Conversations, simulate_conversations
from akasse.sim.course import (
    NEVER,
    Visitations,
    actual_transfer,
    planned_obligations,
    visitations,
)
from akasse.sim.cvs import CVs, build_cvs
from akasse.sim.employers import Employers, build_employers
from akasse.sim.hours import MonthlyHours, monthly_hours, weekly_rows
from akasse.sim.joblog import Inputs as JoblogInputs
from akasse.sim.joblog import joblog
from akasse.sim.match import MatchModel
from akasse.sim.match import card as match_card
from akasse.sim.occupations import (
    Occupations,
    industry_weights,
    load_occupations,
    spell_industries,
    true_occupations,
)
from akasse.sim.openings import Openings, market
from akasse.sim.people import Consultants, People, consultants, member_people, staff_names
from akasse.sim.places import Geography, build_geography
from akasse.sim.population import EDUCATION, Spells, draw_spells
from akasse.sim.presenting import Jobs, present
from akasse.sim.presenting import World as PresentingWorld
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
    "Tilbud og beskæftigelse",
    "Navne, stillinger og arbejdsgivere",
    "Jobåbninger, CV'er og jobpræsentationer",
    "Tilfredshedsmåling",
    "Skriver tabeller og joblog",
]
WEEK_CHUNK = 200_000  # trajectory segments per chunk of weekly_status and joblog rows
STREAMS = 16

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
    employment: Employment
    market: Market
    jobs: Jobs
    survey: Survey
    answered: np.ndarray
    expected: dict[str, np.ndarray]
    joblog_stream: np.random.Generator


@dataclass
class Market:
    """The world of names, occupations, employers, openings and CVs."""

    geo: Geography
    occ: Occupations
    true_occupation: np.ndarray
    affinity: np.ndarray  # (occupations, industries) where each occupation works
    people: People
    caseworker_names: list[str]
    consultants: Consultants
    employers: Employers
    openings: Openings
    cvs: CVs
    model: MatchModel


def _market(
    params: Params, world: World, s: Spells, work: Employment, streams: list[np.random.Generator]
) -> tuple[Market, Openings]:
    """Names, occupations and employers, then the openings on the market and the CVs."""
    geo = build_geography(world)
    occ = load_occupations()
    true_occupation = true_occupations(params, occ, s, streams[9])
    spell_industries(params, occ, s, true_occupation, world.fund_codes, streams[9])
    industries = [str(x) for x in params.section("members")["industries"]]
    affinity = industry_weights(params, occ, industries)
    people = member_people(params, s, geo, streams[10])
    p = params.section("people")
    caseworker_names = staff_names(
        streams[10],
        world.caseworkers.height,
        float(p["caseworker_women"]),
        p["caseworker_birth_years"],
        p,
    )
    staff = consultants(params, s, geo, streams[10])
    emp = build_employers(params, s, geo, streams[11])
    openings = market(
        params, occ, geo, emp, s, true_occupation, affinity, world.fund_codes, streams[12]
    )
    cvs = build_cvs(
        params, s, occ, true_occupation, emp, geo, work, people.town, affinity, streams[13]
    )
    model = MatchModel.from_params(params)
    m = Market(
        geo,
        occ,
        true_occupation,
        affinity,
        people,
        caseworker_names,
        staff,
        emp,
        openings,
        cvs,
        model,
    )
    return m, openings


def generate(params: Params, scale: Scale, seed: int, step: Progress) -> Simulated:
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(STREAMS)]
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
    events = presentation_events(params, world, s, observed, exit_day, streams[5])
    work = employment(params, s, observed, streams[5])
    step(STEPS[5])
    world_market, openings = _market(params, world, s, work, streams)
    step(STEPS[6])
    m = world_market
    chooser = PresentingWorld(params, s, m.occ, m.true_occupation, m.geo, m.employers, m.cvs)
    job, shown, model = present(chooser, m.model, events, openings, streams[14])
    m.openings, m.model = shown, model
    step(STEPS[7])
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
        work,
        m,
        job,
        responses,
        answered,
        expected,
        streams[15],
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
    step(STEPS[8])
    with DatasetWriter(out) as writer:
        manifest = _write(sim, writer)
    return {**manifest, "tables": writer.rows}


def _write(sim: Simulated, writer: DatasetWriter) -> dict[str, Any]:
    params, s, world, m = sim.params, sim.spells, sim.world, sim.market
    codes = world.municipality_codes
    targets = {str(k): list(v) for k, v in params.section("jobs")["targets_2021"].items()}
    for name, table in t.world_tables(world, targets, m.caseworker_names).items():
        writer.write(name, table)
    writer.write("consultants", w.consultant_table(m.consultants, codes))
    members, _ = s.latest()
    writer.write("members", t.member_table(s, w.people_columns(m.people)))
    writer.write("spells", t.spell_table(world, s, sim.regime, sim.transfer))
    _write_weekly(sim, writer)
    hours = {
        "spell_id": t.spell_ids(sim.hours.spell),
        "month": t.dates(_month_days(sim.hours.month)),
        "hours": pa.array(sim.hours.hundredths / 100.0),
    }
    writer.write("hours", pa.table(hours))
    writer.write("visitations", t.visitation_table(sim.visits))
    writer.write("conversations", t.conversation_table(sim.conversations, s))
    writer.write("lab_offers", t.offer_table(sim.offers))
    writer.write("employers", w.employer_table(m.employers, codes))
    writer.write(
        "job_openings",
        w.opening_table(m.openings, m.occ, m.employers, codes, world.fund_codes),
    )
    for name, table in t.job_tables(sim.jobs).items():
        writer.write(name, table)
    writer.write("cvs", w.cv_table(m.cvs, members, s.education[members], m.occ))
    writer.write("cv_jobs", w.cv_job_table(m.cvs, members, m.occ, m.employers))
    _write_joblog(sim, writer)
    writer.write("employment", t.employment_table(sim.employment))
    writer.write("survey_responses", t.survey_table(sim.survey, s, world))
    q = params.section("questionnaire")
    industries = [str(x) for x in params.section("members")["industries"]]
    expect, barriers = list(q["expect_job"]), list(q["barriers"])
    writer.write("profiling", t.profiling_table(s, industries, expect, barriers, sim.answered))
    true_disco = w.labelled(m.true_occupation, pa.array(m.occ.disco))
    card, truth = model_card(params, s, sim.observed, sim.counterfactual, sim.expected, true_disco)
    skills = {
        d: [m.occ.skill_codes[k] for k in row]
        for d, row in zip(m.occ.disco, m.occ.skills, strict=True)
    }
    card["match"] = match_card(m.model, sim.jobs.stats, m.geo.centres(), skills, EDUCATION)
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
        # Random streams, the holiday calendar and the names also depend on these versions.
        "versions": {
            name: version(name) for name in ("akasse", "numpy", "holidays", "pyarrow", "faker")
        },
    }
    writer.commit(manifest)
    return manifest


def _write_weekly(sim: Simulated, writer: DatasetWriter) -> None:
    writer.append("weekly_status")
    first = sim.spells.first_day.astype(np.int64)
    as_of = sim.params.day("as_of")
    for spell, week, status in weekly_rows(first, sim.observed, as_of, WEEK_CHUNK):
        weekly = {
            "spell_id": t.spell_ids(spell),
            "week": pa.array(week),
            "status": t.codes(status, STATUSES),
        }
        writer.write("weekly_status", pa.table(weekly))
    writer.close_table("weekly_status")


def _write_joblog(sim: Simulated, writer: DatasetWriter) -> None:
    m = sim.market
    inputs = JoblogInputs(
        sim.params,
        sim.spells,
        m.occ,
        m.true_occupation,
        m.employers,
        m.geo,
        m.affinity,
        sim.params.day("as_of"),
    )
    titles, names = pa.array(m.occ.title), pa.array(m.employers.name)
    writer.append("joblog")
    first_id = 1
    for entries in joblog(
        inputs, sim.observed, sim.jobs, m.openings, WEEK_CHUNK, sim.joblog_stream
    ):
        writer.write("joblog", w.joblog_table(entries, first_id, titles, names))
        first_id += entries.spell.size
    writer.close_table("joblog")


def inputs_digest(params: Params) -> str:
    """One hash of every file the data depends on besides the seed: the simulator's parameters
    and population, the schema, the reference lists (occupations, places, names), and the rules
    engine's parameters and reference data."""
    rules = Path(__file__).resolve().parents[1] / "rules"
    files = [params.source, Path(__file__).with_name("population.yaml")]
    files += [SCHEMA, *sorted(REFERENCE_LISTS.glob("*.yaml"))]
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
