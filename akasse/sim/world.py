"""The fixed world the members live in: municipalities, funds, trial lists, branches and
caseworkers. Small tables; everything per member or spell is in ``population``."""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
import yaml

from akasse.rules.reference import REFERENCE_DIR, load_reference
from akasse.sim.config import NATIONAL_SPELLS_PER_YEAR, Params, Scale, SimError

POPULATION = Path(__file__).with_name("population.yaml")
# The trial lists of 3F-A, FTF-A, HK-A and Min-A are not published; the simulator draws them
# once with this fixed seed, so every dataset has the same lists whatever its own seed.
TRIAL_LIST_SEED = 20200901


@dataclass(frozen=True)
class World:
    municipalities: pl.DataFrame  # code, name, region, free, population
    funds: pl.DataFrame  # fund, name, in_trial, trial_municipalities, branches, ...
    trial: pl.DataFrame  # fund, municipality, from_date, to_date, list_source
    branches: pl.DataFrame  # branch_id, fund, name, municipality
    caseworkers: pl.DataFrame  # caseworker_id, fund, branch_id, capacity, days_per_week
    fund_codes: list[str]  # index = the fund code used in arrays
    trial_matrix: np.ndarray  # bool [fund, municipality index]
    branch_of: np.ndarray  # int [fund, municipality index] -> branch_id

    @property
    def municipality_codes(self) -> list[str]:
        return list(self.municipalities["code"])


def _municipalities() -> pl.DataFrame:
    raw = yaml.safe_load((REFERENCE_DIR / "municipalities.yaml").read_text(encoding="utf-8"))
    pops = yaml.safe_load(POPULATION.read_text(encoding="utf-8"))["populations"]
    free = {str(c) for c in raw["free_municipalities"]["codes"]}
    rows = [
        {
            "code": str(m["code"]),
            "name": str(m["name"]),
            "region": str(m["region"]),
            "free_municipality": str(m["code"]) in free,
            "population": int(pops[str(m["code"])]),
        }
        for m in raw["municipalities"]
    ]
    return pl.DataFrame(rows)


def _trial_lists(municipalities: pl.DataFrame) -> tuple[dict[str, list[str]], dict[str, str]]:
    # The bundled lists only: a fund administrator's override must not change simulated data.
    reference = load_reference(environment=False)
    codes = list(municipalities["code"])
    eligible = [c for c, f in zip(codes, municipalities["free_municipality"], strict=True) if not f]
    rng = np.random.default_rng(TRIAL_LIST_SEED)
    lists: dict[str, list[str]] = {}
    sources: dict[str, str] = {}
    for fund, trial in sorted(reference.funds.items()):
        if trial.municipalities is not None:
            lists[fund] = sorted(trial.municipalities)
            sources[fund] = "published"
        else:
            chosen = rng.choice(len(eligible), size=trial.municipality_count, replace=False)
            lists[fund] = sorted(eligible[i] for i in chosen)
            sources[fund] = "simulated"
    return lists, sources


def _branches(
    params: Params,
    scale: Scale,
    municipalities: pl.DataFrame,
    rng: np.random.Generator,
) -> tuple[pl.DataFrame, np.ndarray]:
    """Each fund's branches sit in its largest municipalities; a member belongs to the branch
    in their own municipality, else to the fund's largest branch in their region. A fund
    simulated smaller than its real size has proportionally fewer branches."""
    funds = list(scale.funds)
    size = _relative_size(params, scale)
    codes = list(municipalities["code"])
    regions = np.array(municipalities["region"])
    order = np.argsort(-np.array(municipalities["population"]), kind="stable")
    rows: list[dict[str, object]] = []
    branch_of = np.zeros((len(funds), len(codes)), dtype=np.int32)
    for f, fund in enumerate(funds):
        count = round(int(params.section("funds")[fund]["branches"]) * size[f])
        count = min(max(count, 1), len(codes))
        # A fund's branches: the biggest towns first, then spread (seeded) over the rest.
        top = order[: max(1, count // 2)]
        rest = rng.choice(order[len(top) :], size=count - len(top), replace=False)
        sites = np.concatenate([top, np.sort(rest)])
        first_id = len(rows) + 1
        for k, m in enumerate(sites):
            rows.append(
                {
                    "branch_id": first_id + k,
                    "fund": fund,
                    "name": f"{fund} {codes[m]} {municipalities['name'][int(m)]}",
                    "municipality": codes[m],
                }
            )
        site_ids = first_id + np.arange(len(sites))
        for m in range(len(codes)):
            own = np.flatnonzero(sites == m)
            if own.size:
                branch_of[f, m] = site_ids[own[0]]
                continue
            same = np.flatnonzero(regions[sites] == regions[m])
            branch_of[f, m] = site_ids[same[0]] if same.size else site_ids[0]
    return pl.DataFrame(rows), branch_of


def inflow_level(params: Params) -> float:
    """The mean of the monthly business-cycle index over the simulated months."""
    first, last = params.value("period", "first_day"), params.value("period", "last_day")
    y0, m0, y1, m1 = int(first[:4]), int(first[5:7]), int(last[:4]), int(last[5:7])
    months = [f"{y}-{m:02d}" for y in range(y0, y1 + 1) for m in range(1, 13)]
    months = months[m0 - 1 : len(months) - (12 - m1)]
    cycle = {str(k): float(v) for k, v in params.section("inflow")["cycle"].items()}
    return sum(cycle.get(m, 1.0) for m in months) / len(months)


def _relative_size(params: Params, scale: Scale) -> list[float]:
    """How much of each fund's branch network a scale needs: a scale of many funds shrinks
    every fund alike; a one-fund scale is that fund at its full size."""
    if len(scale.funds) == 1:
        return [1.0]
    return [min(1.0, scale.spells_per_year / NATIONAL_SPELLS_PER_YEAR)] * len(scale.funds)


def _staffing(demand: np.ndarray, count: int) -> np.ndarray:
    """Caseworkers per branch: at least one each, the rest one at a time to the branch with the
    most expected spells per caseworker (D'Hondt's divisors), so the heaviest branch is as
    light as the fund's total allows. Ties go to the earlier branch: no randomness."""
    staff = np.ones(len(demand), dtype=np.int64)
    heap = [(-float(d), b) for b, d in enumerate(demand)]
    heapq.heapify(heap)
    for _ in range(count - len(demand)):
        _, b = heapq.heappop(heap)
        staff[b] += 1
        heapq.heappush(heap, (-float(demand[b]) / int(staff[b]), b))
    return staff


def _caseworkers(
    params: Params,
    scale: Scale,
    branches: pl.DataFrame,
    demand: dict[int, float],
    rng: np.random.Generator,
) -> pl.DataFrame:
    """One caseworker per ``members_per_caseworker`` spells a year, placed in the branches in
    proportion to the spells they serve (``demand``: the population of the municipalities each
    branch id serves, which is where members are drawn from)."""
    cw = params.section("caseworkers")
    fund_share = {f: float(v["share"]) for f, v in params.section("funds").items()}
    total_share = sum(fund_share[f] for f in scale.funds)
    rows: list[dict[str, object]] = []
    for fund, group in branches.group_by("fund", maintain_order=True):
        # Staffed for the inflow the fund actually sees (the covid years' cycle included).
        spells = scale.spells_per_year * inflow_level(params) * fund_share[str(fund[0])]
        spells /= total_share
        count = max(len(group), math.ceil(spells / float(cw["members_per_caseworker"])))
        ids = group["branch_id"].to_numpy()
        staff = _staffing(np.array([demand.get(int(b), 0.0) for b in ids]), count)
        for branch, n in zip(ids, staff, strict=True):
            for _ in range(int(n)):
                rows.append({"fund": str(fund[0]), "branch_id": int(branch)})
    frame = pl.DataFrame(rows)
    n = frame.height
    capacity = rng.integers(int(cw["capacity_min"]), int(cw["capacity_max"]) + 1, size=n)
    return frame.with_columns(
        caseworker_id=pl.Series(np.arange(1, n + 1, dtype=np.int32)),
        capacity_per_day=pl.Series(capacity.astype(np.int8)),
        conversation_days_per_week=pl.lit(float(cw["conversation_days"])),
    ).select("caseworker_id", "fund", "branch_id", "capacity_per_day", "conversation_days_per_week")


def build_world(params: Params, scale: Scale, rng: np.random.Generator) -> World:
    municipalities = _municipalities()
    lists, sources = _trial_lists(municipalities)
    funds = list(scale.funds)
    fund_params = params.section("funds")
    names = params.section("fund_names")
    missing = [f for f in funds if f not in names]
    if missing:
        raise SimError(f"{params.source}: fund_names lacks {', '.join(missing)}")
    codes = list(municipalities["code"])
    index = {c: i for i, c in enumerate(codes)}
    trial_matrix = np.zeros((len(funds), len(codes)), dtype=np.bool_)
    trial_rows = []
    for f, fund in enumerate(funds):
        for code in lists.get(fund, []):
            trial_matrix[f, index[code]] = True
            trial_rows.append(
                {
                    "fund": fund,
                    "municipality": code,
                    "from_date": params.value("period", "trial_start"),
                    "to_date": params.value("period", "trial_end"),
                    "list_source": sources[fund],
                }
            )
    trial = pl.DataFrame(
        trial_rows,
        schema={
            "fund": pl.String,
            "municipality": pl.String,
            "from_date": pl.String,
            "to_date": pl.String,
            "list_source": pl.String,
        },
    ).with_columns(pl.col("from_date", "to_date").str.to_date())
    branches, branch_of = _branches(params, scale, municipalities, rng)
    pops = municipalities["population"].to_numpy().astype(float)
    demand: dict[int, float] = {}
    for f in range(len(funds)):
        for m, branch in enumerate(branch_of[f]):
            demand[int(branch)] = demand.get(int(branch), 0.0) + float(pops[m])
    caseworkers = _caseworkers(params, scale, branches, demand, rng)
    fund_table = pl.DataFrame(
        {
            "fund": funds,
            "name": [str(names[f]) for f in funds],
            "in_trial": [f in lists for f in funds],
            "trial_municipalities": [len(lists.get(f, [])) for f in funds],
            "branches": [int((branches["fund"] == f).sum()) for f in funds],
            "caseworkers": [int((caseworkers["fund"] == f).sum()) for f in funds],
            "profile": [str(fund_params[f]["profile"]) for f in funds],
        }
    )
    return World(
        municipalities, fund_table, trial, branches, caseworkers, funds, trial_matrix, branch_of
    )
