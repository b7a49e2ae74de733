"""New dagpenge spells and the members behind them: when, where, which fund, and the profiling
features, with each spell's true risk of long-term unemployment from the known logistic model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from akasse.sim.config import Params, Scale, day
from akasse.sim.world import World

EDUCATION = ["none", "upper_secondary", "vocational", "short", "medium", "long"]
ORIGIN = ["danish", "western", "non_western"]
REGIONS = ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"]
AGE_GROUPS = [(18, 24), (25, 29), (30, 39), (40, 49), (50, 59), (60, 66)]
AGE_WEIGHTS = [0.13, 0.17, 0.24, 0.19, 0.18, 0.09]
EDUCATION_YEARS = np.array([0, 3, 3, 2, 4, 5])


@dataclass
class Spells:
    """One entry per spell in every array, sorted by first day."""

    first_day: np.ndarray
    fund: np.ndarray
    municipality: np.ndarray
    branch_id: np.ndarray
    member: np.ndarray
    previous: np.ndarray  # index of the member's earlier spell, -1 if none
    birth_day: np.ndarray
    woman: np.ndarray
    education: np.ndarray
    origin: np.ndarray
    part_time: np.ndarray
    trial: np.ndarray
    region: np.ndarray
    features: dict[str, np.ndarray] = field(default_factory=dict)
    risk: np.ndarray = field(default_factory=lambda: np.zeros(0))
    long_term: np.ndarray = field(default_factory=lambda: np.zeros(0, np.bool_))

    @property
    def size(self) -> int:
        return int(self.first_day.size)

    @property
    def age(self) -> np.ndarray:
        return np.asarray((self.first_day - self.birth_day) // 365.25, dtype=np.int16)

    def latest(self) -> tuple[np.ndarray, np.ndarray]:
        """(member, latest spell): each member (the index of their first spell, in order, as
        in the members table) and the index of their latest spell."""
        members = np.flatnonzero(self.member == np.arange(self.size))
        latest = np.zeros(self.size, dtype=np.int64)
        np.maximum.at(latest, self.member, np.arange(self.size))
        return members, latest[members]


def _months(params: Params) -> list[tuple[int, int]]:
    first = dt.date.fromisoformat(params.value("period", "first_day"))
    last = dt.date.fromisoformat(params.value("period", "last_day"))
    months = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _first_days(params: Params, scale: Scale, rng: np.random.Generator) -> np.ndarray:
    inflow = params.section("inflow")
    seasonal = np.array(inflow["seasonal"], dtype=float)
    seasonal = seasonal / seasonal.mean()
    cycle = {str(k): float(v) for k, v in inflow["cycle"].items()}
    days = []
    for y, m in _months(params):
        expected = scale.spells_per_year / 12 * seasonal[m - 1] * cycle.get(f"{y}-{m:02d}", 1.0)
        start = day(dt.date(y, m, 1))
        end = day(dt.date(y + (m == 12), m % 12 + 1, 1))
        days.append(rng.integers(start, end, size=rng.poisson(expected)))
    return np.sort(np.concatenate(days)).astype(np.int32)


def _choice(rng: np.random.Generator, weights: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """One draw per row from the categorical distribution in ``weights[groups[row]]``."""
    cum = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(groups.size)
    out = (u[:, None] > cum[groups]).sum(axis=1)
    return np.asarray(np.minimum(out, weights.shape[1] - 1))


def _repeat_members(
    rng: np.random.Generator, first_day: np.ndarray, fund: np.ndarray, share: float, gap: int
) -> np.ndarray:
    """The earlier spell of the same member, per spell (-1 for a new member). With chance
    ``share`` a spell starting at least ``gap`` days into the data follows a spell of the same
    fund that began at least ``gap`` days earlier and has no other follower, so one member's
    spells never overlap in their follow-up."""
    n = first_day.size
    previous = np.full(n, -1, dtype=np.int64)
    wants = (rng.random(n) < share) & (first_day >= first_day[0] + gap)
    for f in np.unique(fund):
        rows = np.flatnonzero(fund == f)
        cut = np.searchsorted(first_day[rows], first_day[rows] - gap, side="right")
        chosen = wants[rows] & (cut > 0)
        pick = rows[(rng.random(rows.size) * np.maximum(cut, 1)).astype(np.int64)]
        previous[rows[chosen]] = pick[chosen]
    # An earlier spell is followed by at most one later spell: the first to claim it.
    linked = np.flatnonzero(previous >= 0)
    _, first_claim = np.unique(previous[linked], return_index=True)
    keep = np.zeros(n, np.bool_)
    keep[linked[first_claim]] = True
    return np.where(keep, previous, -1)


def _members(previous: np.ndarray) -> np.ndarray:
    """Member index per spell: the index of the member's first spell (links point back)."""
    member = np.where(previous >= 0, previous, np.arange(previous.size))
    while True:
        nxt = member[member]
        if np.array_equal(nxt, member):
            return member
        member = nxt


def draw_spells(params: Params, scale: Scale, world: World, rng: np.random.Generator) -> Spells:
    first_day = _first_days(params, scale, rng)
    n = first_day.size
    fund_params = params.section("funds")
    shares = np.array([float(fund_params[f]["share"]) for f in world.fund_codes])
    fund = rng.choice(len(shares), size=n, p=shares / shares.sum()).astype(np.int16)
    pops = world.municipalities["population"].to_numpy().astype(float)
    municipality = rng.choice(pops.size, size=n, p=pops / pops.sum()).astype(np.int16)
    members = params.section("members")
    gap = int(params.value("period", "weeks")) * 7
    previous = _repeat_members(rng, first_day, fund, float(members["repeat_member_share"]), gap)
    member = _members(previous)
    profiles = members["profiles"]
    profile_names = list(profiles)
    fund_profile = np.array(
        [profile_names.index(str(fund_params[f]["profile"])) for f in world.fund_codes]
    )
    prof = fund_profile[fund]
    women = np.array([float(profiles[p]["women"]) for p in profile_names])
    edu_w = np.array([profiles[p]["education"] for p in profile_names], dtype=float)
    # Member attributes are drawn per spell, then taken from the member's first spell.
    age_group = rng.choice(len(AGE_WEIGHTS), size=n, p=np.array(AGE_WEIGHTS))
    lo = np.array([a for a, _ in AGE_GROUPS])[age_group]
    hi = np.array([b for _, b in AGE_GROUPS])[age_group]
    age_days = np.ceil(rng.uniform(lo, hi + 1) * 365.25).astype(np.int32)
    birth_day = (first_day - age_days)[member]
    # A member past the age groups by their later spell starts afresh instead.
    too_old = (first_day - birth_day) >= (AGE_GROUPS[-1][1] + 1) * 365.25
    previous[too_old] = -1
    member = _members(previous)
    birth_day = (first_day - age_days)[member]
    woman = (rng.random(n) < women[prof])[member]
    education = _choice(rng, edu_w, prof).astype(np.int8)[member]
    origin_w = np.array(list(members["origin"].values()), dtype=float)
    origin = rng.choice(3, size=n, p=origin_w / origin_w.sum()).astype(np.int8)[member]
    part_time = rng.random(n) < float(members["part_time_share"])
    regions = world.municipalities["region"].to_list()
    region = np.array([REGIONS.index(r) for r in regions], dtype=np.int8)[municipality]
    trial_window = (first_day >= params.day("trial_start")) & (first_day <= params.day("trial_end"))
    trial = trial_window & world.trial_matrix[fund, municipality]
    spells = Spells(
        first_day=first_day,
        fund=fund,
        municipality=municipality,
        branch_id=world.branch_of[fund, municipality],
        member=member,
        previous=previous,
        birth_day=birth_day,
        woman=woman,
        education=education,
        origin=origin,
        part_time=part_time,
        trial=trial,
        region=region,
    )
    _features(params, spells, prof, rng)
    return spells


def _history(
    params: Params, s: Spells, age: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Work experience, new graduates, earlier dagpenge use and previous income."""
    n = s.size
    years_school = 9 + EDUCATION_YEARS[s.education]
    experience = np.clip(age - years_school - 7 - rng.gamma(2.0, 1.5, n), 0, None)
    graduate_share = float(params.section("members")["new_graduate_share"])
    new_graduate = (s.education >= 2) & (age < 32) & (rng.random(n) < graduate_share)
    recent = rng.uniform(0, 2, n)
    experience[new_graduate] = np.minimum(experience[new_graduate], recent[new_graduate])
    # Earlier spells of the same member in the data, plus earlier spells before 2020.
    order = np.argsort(s.member, kind="stable")
    sorted_member = s.member[order]
    starts = np.concatenate([[True], sorted_member[1:] != sorted_member[:-1]])
    position = np.arange(n)
    prior_spells = np.zeros(n, np.int16)
    prior_spells[order] = position - np.maximum.accumulate(np.where(starts, position, 0))
    before = rng.poisson(0.35 + 0.01 * np.maximum(age - 30, 0), n)
    prior_spells = (prior_spells + before).astype(np.int16)
    prior_weeks = np.where(prior_spells > 0, rng.gamma(1.6, 14.0, n) * np.sqrt(prior_spells), 0.0)
    income_base = np.array([250.0, 300.0, 340.0, 380.0, 420.0, 500.0])[s.education]
    income = income_base * np.exp(rng.normal(0, 0.3, n)) * np.clip(0.6 + experience / 25, 0.6, 1.3)
    income = np.where(s.part_time, income * 0.8, income)
    return {
        "work_experience_years": np.round(experience, 1),
        "new_graduate": new_graduate,
        "prior_spells": prior_spells,
        "prior_dagpenge_weeks": np.round(np.minimum(prior_weeks, 156)).astype(np.int16),
        "previous_income": np.round(income).astype(np.int32),
    }


def _questionnaire(
    params: Params, s: Spells, age: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """The two answers STAR's model used (seed 003): expected time to a job and barriers."""
    n = s.size
    q = params.section("questionnaire")
    expect_w = np.array(q["expect_job_weights"], dtype=float)
    # Older members and those without education expect longer searches (a shift, not the risk).
    shift = (age > 50) * 0.6 + (s.education == 0) * 0.4 + rng.normal(0, 0.5, n)
    expect = rng.choice(expect_w.size, size=n, p=expect_w / expect_w.sum())
    # A longer expected search moves one answer later (within 3 -> within 6 -> over 6 months).
    expect = np.where((shift > 0.9) & (expect >= 1) & (expect <= 2), expect + 1, expect)
    rates = np.array(q["barrier_rates"], dtype=float)
    lift = 1.0 + 0.5 * (age > 50) + 0.5 * (s.education == 0)
    barriers = rng.random((n, rates.size)) < (rates[None, :] * lift[:, None])
    language = list(q["barriers"]).index("language")
    extra = float(q["language_barrier_non_western"])
    barriers[:, language] |= (s.origin == 2) & (rng.random(n) < extra)
    return {"expect_job": expect.astype(np.int8), "barriers": barriers}


def _features(params: Params, s: Spells, prof: np.ndarray, rng: np.random.Generator) -> None:
    """The profiling features of seed 003, Bilag 7, the two questionnaire answers, and the
    long-term outcome drawn from the true model."""
    n = s.size
    members = params.section("members")
    profiles = members["profiles"]
    names = list(profiles)
    age = s.age.astype(float)
    disco_w = np.array([profiles[p]["disco"] for p in names], dtype=float)
    industry_w = np.array([profiles[p]["industry"] for p in names], dtype=float)
    history = _history(params, s, age, rng)
    answers = _questionnaire(params, s, age, rng)
    children = rng.random(n) < float(members["children_at_home"])
    s.features = {
        "age": age.astype(np.int16),
        **history,
        "from_sickness_benefit": rng.random(n) < float(members["from_sickness_benefit"]),
        "disco_major": (_choice(rng, disco_w, prof) + 1).astype(np.int8),
        "industry": _choice(rng, industry_w, prof).astype(np.int8),
        "children_at_home": children & (age > 25) & (age < 55),
        **answers,
    }
    s.risk = risk_probability(params, s)
    s.long_term = rng.random(n) < s.risk


def design(params: Params, s: Spells) -> dict[str, np.ndarray]:
    """The true model's covariates by coefficient name (documented in model.json)."""
    f = s.features
    age = f["age"]
    q = params.section("questionnaire")
    cols: dict[str, np.ndarray] = {
        "age_25_29": (age >= 25) & (age <= 29),
        "age_30_39": (age >= 30) & (age <= 39),
        "age_40_49": (age >= 40) & (age <= 49),
        "age_50_59": (age >= 50) & (age <= 59),
        "age_60_plus": age >= 60,
        "woman": s.woman,
        "origin_western": s.origin == 1,
        "origin_non_western": s.origin == 2,
        "from_sickness_benefit": f["from_sickness_benefit"],
        "prior_dagpenge_weeks": f["prior_dagpenge_weeks"],
        "prior_spells": np.minimum(f["prior_spells"], 5),
        "new_graduate": f["new_graduate"],
        "work_experience_years_per_10": f["work_experience_years"] / 10,
        "children_at_home": f["children_at_home"],
        "income_below_250k": f["previous_income"] < 250,
        **{
            f"expect_{name}": f["expect_job"] == k
            for k, name in enumerate(q["expect_job"])
            if name != "within_3_months"
        },
        "region_nordjylland": s.region == REGIONS.index("Nordjylland"),
        "region_hovedstaden": s.region == REGIONS.index("Hovedstaden"),
    }
    for k, name in enumerate(EDUCATION):
        if name != "vocational":
            cols[f"education_{name}"] = s.education == k
    for k, name in enumerate(q["barriers"]):
        cols[f"barrier_{name}"] = f["barriers"][:, k]
    return {k: np.asarray(v, dtype=float) for k, v in cols.items()}


def linear_predictor(params: Params, s: Spells) -> np.ndarray:
    model = params.section("risk_model")
    cols = design(params, s)
    lin = np.full(s.size, float(model["intercept"]))
    for name, coef in model["coefficients"].items():
        if name not in cols:
            raise ValueError(f"risk_model.coefficients.{name}: no such covariate")
        lin += float(coef) * cols[name]
    return lin


def risk_probability(params: Params, s: Spells) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-linear_predictor(params, s))))
