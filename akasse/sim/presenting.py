"""Which opening the fund presents and which one a member is hired into, drawn from the match
model (docs/simulation.md, "Presentations and placements").

For each presentation day the caseworker looks at a candidate set: up to ``candidates``
openings drawn at random among those open that day (posted on or before it, closing on or
after it) within reach of the member (same region or ``reach_km``), portal ads or the fund's own
job orders. The caseworker picks one with weight exp(u / tau); the member finds it relevant with
p_relevant. A placement's opening is picked among its candidates with weight p_hire.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akasse.sim.activities import Events
from akasse.sim.config import Params
from akasse.sim.cvs import CVs
from akasse.sim.employers import Employers
from akasse.sim.match import (
    MatchModel,
    MemberSide,
    OpeningSide,
    intercept_for,
    sigmoid,
    suitability,
)
from akasse.sim.occupations import Occupations, padded_bits
from akasse.sim.openings import Openings, attributes
from akasse.sim.places import Geography
from akasse.sim.population import Spells

DAY_BITS = 1 << 16  # posting days (since 1970) fit below this
ROUNDS = 3  # candidate draws for a day before the caseworker finds an opening of their own


@dataclass(frozen=True)
class Jobs:
    presentation_spell: np.ndarray
    presentation_opening: np.ndarray  # index into the final openings
    presentation_day: np.ndarray
    presentation_relevant: np.ndarray
    presentation_objection: np.ndarray
    placement_spell: np.ndarray
    placement_opening: np.ndarray
    placement_day: np.ndarray
    placement_permanent: np.ndarray
    stats: dict[str, float | int | None]


@dataclass(frozen=True)
class Sides:
    """The match model's inputs per spell and per opening."""

    member: MemberSide
    opening: OpeningSide


def member_side(
    s: Spells, occ: Occupations, true_occupation: np.ndarray, cvs: CVs, geo: Geography
) -> MemberSide:
    """Per spell: the true occupation, the CV's skills (else the occupation's) and licence
    (else held), education, insurance and the centre of the spell's municipality."""
    members, _ = s.latest()
    row = np.searchsorted(members, s.member)
    has = cvs.has[row]
    skills = np.where(has[:, None], cvs.skills[row], occ.skill_mask()[true_occupation])
    municipality = s.municipality.astype(np.int64)
    return MemberSide(
        disco=occ.code[true_occupation].astype(np.int64),
        skills=skills,
        education=s.education.astype(np.int64),
        part_time=s.part_time,
        licence=np.where(has, cvs.licence[row], True),
        lat=geo.lat[municipality],
        lon=geo.lon[municipality],
    )


def opening_side(o: Openings, occ: Occupations, geo: Geography) -> OpeningSide:
    return OpeningSide(
        disco=occ.code[o.occupation].astype(np.int64),
        skills=padded_bits(o.skills, len(occ.skill_codes)),
        education=o.education.astype(np.int64),
        hours=o.hours.astype(np.int64),
        licence=o.licence,
        lat=geo.lat[o.municipality],
        lon=geo.lon[o.municipality],
    )


def _u(model: MatchModel, sides: Sides, spell: np.ndarray, opening: np.ndarray) -> np.ndarray:
    m, o = sides.member, sides.opening
    pair_m = MemberSide(*(getattr(m, f)[spell] for f in MemberSide.__dataclass_fields__))
    pair_o = OpeningSide(*(getattr(o, f)[opening] for f in OpeningSide.__dataclass_fields__))
    return suitability(model, pair_m, pair_o)


def _draw(
    model: MatchModel,
    o: Openings,
    group: np.ndarray,
    geo: Geography,
    events: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    slots: int,
    longest: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """(events, slots) opening indices, -1 where a draw found none. ``group`` is each
    opening's search group and ``events`` (municipality, day, fund, group) each event's: a
    municipality in reach is drawn in proportion to the group's openings there, then an opening
    of the group posted there in the ``longest`` days up to the day, kept if still open and a
    portal ad or the member's fund's job order."""
    municipality, day, fund, wanted = events
    m = len(geo.codes)
    groups = int(max(group.max(initial=0), wanted.max(initial=0))) + 1
    count = np.bincount(group * m + o.municipality, minlength=groups * m).reshape(groups, m)
    weight = geo.reach(model.reach_km)[None, :, :] * count[:, None, :].astype(float)
    total = weight.sum(axis=2)
    cum = np.cumsum(weight / np.maximum(total, 1e-300)[:, :, None], axis=2)
    flat = (np.minimum(cum, 1.0) + np.arange(groups * m).reshape(groups, m, 1)).ravel()
    e = municipality.size
    row = (wanted * m + municipality)[:, None]
    where = np.searchsorted(flat, row + rng.random((e, slots)), side="right") - row * m
    where = np.clip(where, 0, m - 1)
    order = np.lexsort((o.posted, o.municipality, group))
    key = (group[order] * m + o.municipality[order]) * DAY_BITS + o.posted[order]
    cell = (wanted[:, None] * m + where) * DAY_BITS
    lo = np.searchsorted(key, cell + (day[:, None] - longest), side="left")
    hi = np.searchsorted(key, cell + day[:, None], side="right")
    at = np.clip(lo + np.floor(rng.random((e, slots)) * (hi - lo)).astype(np.int64), 0, None)
    pick = order[np.minimum(at, max(order.size - 1, 0))]
    ok = (hi > lo) & (total[wanted, municipality] > 0)[:, None]
    ok &= o.closes[pick] >= day[:, None]
    ok &= (o.fund[pick] < 0) | (o.fund[pick] == fund[:, None])
    return np.where(ok, pick, -1)


def _distinct(cand: np.ndarray) -> np.ndarray:
    """Each row's openings once (sorted; repeats and misses as -1)."""
    out = np.sort(cand, axis=1)
    repeated = np.zeros(out.shape, np.bool_)
    repeated[:, 1:] = out[:, 1:] == out[:, :-1]
    return np.where(repeated, -1, out)


def candidates(
    model: MatchModel,
    o: Openings,
    occ: Occupations,
    geo: Geography,
    events: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    longest: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """The candidate sets: ``searched`` of the ``candidates`` draws among the openings of the
    member's 2-digit occupation group (the caseworker's search), the rest among all openings;
    events with none are drawn again (up to ROUNDS times). ``events``: municipality, day,
    fund and the member's occupation."""
    municipality, day, fund, occupation = events
    prefix = occ.code // 100
    groups = np.unique(prefix)
    by_group = np.searchsorted(groups, prefix)
    searched = round(model.candidates * model.searched)
    everyone = np.zeros(o.size, np.int64)

    def draw(rows: np.ndarray) -> np.ndarray:
        ev = (municipality[rows], day[rows], fund[rows], by_group[occupation[rows]])
        own = _draw(model, o, by_group[o.occupation], geo, ev, searched, longest, rng)
        ev_all = (*ev[:3], np.zeros(rows.size, np.int64))
        rest = _draw(model, o, everyone, geo, ev_all, model.candidates - searched, longest, rng)
        return _distinct(np.concatenate([own, rest], axis=1))

    out = draw(np.arange(municipality.size))
    for _ in range(ROUNDS - 1):
        empty = np.flatnonzero((out < 0).all(axis=1))
        if not empty.size:
            break
        out[empty] = draw(empty)
    return out


def _choose(weight: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Column chosen in each row with chance proportional to ``weight`` (rows not all zero)."""
    cum = np.cumsum(weight, axis=1)
    u = rng.random(weight.shape[0]) * cum[:, -1]
    return np.asarray(np.minimum((u[:, None] >= cum).sum(axis=1), weight.shape[1] - 1))


def _own_openings(
    params: Params,
    occ: Occupations,
    geo: Geography,
    emp: Employers,
    s: Spells,
    true_occupation: np.ndarray,
    spell: np.ndarray,
    day: np.ndarray,
    rng: np.random.Generator,
) -> Openings:
    """Where no candidate is open in reach, the caseworker finds an opening of the member's
    own occupation and municipality, posted 0-13 days before and open on the day (a portal
    ad)."""
    posted = day - rng.integers(0, 14, spell.size)
    found = attributes(
        params,
        occ,
        geo,
        emp,
        true_occupation[spell],
        s.municipality[spell].astype(np.int64),
        s.features["industry"][spell].astype(np.int64),
        np.full(spell.size, -1),
        posted,
        rng,
    )
    closes = np.maximum(found.closes, day)
    return Openings(**{**found.__dict__, "closes": closes})


def _scores(model: MatchModel, sides: Sides, spell: np.ndarray, cand: np.ndarray) -> np.ndarray:
    """u of every candidate, -inf where there is none."""
    rows, cols = np.nonzero(cand >= 0)
    u = np.full(cand.shape, -np.inf)
    u[rows, cols] = _u(model, sides, spell[rows], cand[rows, cols])
    return u


@dataclass(frozen=True)
class World:
    """What the choice of openings reads besides the openings themselves."""

    params: Params
    s: Spells
    occ: Occupations
    true_occupation: np.ndarray
    geo: Geography
    emp: Employers
    cvs: CVs


def _with_candidates(
    x: World, model: MatchModel, events: Events, market: Openings, rng: np.random.Generator
) -> tuple[np.ndarray, Openings, int]:
    """The candidate sets, the openings with those caseworkers found where a set was empty,
    and how many they found."""
    spell = events.spell
    longest = int(x.params.section("openings")["open_days"][1])
    ev = (
        x.s.municipality[spell].astype(np.int64),
        events.day,
        x.s.fund[spell].astype(np.int64),
        x.true_occupation[spell],
    )
    cand = candidates(model, market, x.occ, x.geo, ev, longest, rng)
    lonely = np.flatnonzero((cand < 0).all(axis=1))
    own = _own_openings(
        x.params,
        x.occ,
        x.geo,
        x.emp,
        x.s,
        x.true_occupation,
        spell[lonely],
        events.day[lonely],
        rng,
    )
    cand[lonely, 0] = market.size + np.arange(lonely.size)
    return cand, market.concat(own), int(lonely.size)


def _picked(
    model: MatchModel, hire: np.ndarray, cand: np.ndarray, u: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """The column picked in each candidate set: weight exp(u / tau) for a presentation,
    p_hire for a placement."""
    best = u.max(axis=1, keepdims=True)
    weight = np.where(
        hire[:, None], sigmoid(model.hire_intercept + u), np.exp((u - best) / model.tau)
    )
    return _choose(np.where(cand >= 0, weight, 0.0), rng)


def _relevance(
    params: Params, model: MatchModel, u: np.ndarray, hire: np.ndarray, rng: np.random.Generator
) -> tuple[MatchModel, np.ndarray, np.ndarray]:
    """The model with its relevance intercept (the ordinary presentations relevant at the rate
    ``jobs.relevant``), relevance from p_relevant (a placement's always), and objections among
    the presentations not relevant, ``jobs.objection`` of all."""
    j = params.section("jobs")
    share = float(j["relevant"])
    intercept = intercept_for(u[~hire], share)
    model = MatchModel(**{**model.__dict__, "relevant_intercept": intercept})
    relevant = (rng.random(u.size) < sigmoid(intercept + u)) | hire
    objection = ~relevant & (rng.random(u.size) < float(j["objection"]) / (1 - share))
    return model, relevant, objection


def _mean(values: np.ndarray) -> float | None:
    return float(values.mean()) if values.size else None


def present(
    x: World, model: MatchModel, events: Events, market: Openings, rng: np.random.Generator
) -> tuple[Jobs, Openings, MatchModel]:
    """Presentations and placements from the match model; the openings (the market and those
    caseworkers found themselves) in order of posting; the model with its relevance
    intercept."""
    spell, hire = events.spell, events.placement
    cand, openings, found = _with_candidates(x, model, events, market, rng)
    sides = Sides(
        member_side(x.s, x.occ, x.true_occupation, x.cvs, x.geo),
        opening_side(openings, x.occ, x.geo),
    )
    u = _scores(model, sides, spell, cand)
    col = _picked(model, hire, cand, u, rng)
    rows = np.arange(spell.size)
    chosen, chosen_u = cand[rows, col], u[rows, col]
    model, relevant, objection = _relevance(x.params, model, chosen_u, hire, rng)
    order = np.argsort(openings.posted, kind="stable")
    rank = np.empty(order.size, np.int64)
    rank[order] = np.arange(order.size)
    stats = {
        "presentations": int((~hire).sum()),
        "placements": int(hire.sum()),
        "mean_u_presented": _mean(chosen_u[~hire]),
        "mean_u_placed": _mean(chosen_u[hire]),
        "mean_candidates": _mean((cand >= 0).sum(axis=1)),
        "openings_found_by_caseworkers": found,
    }
    jobs = Jobs(
        presentation_spell=spell.astype(np.int32),
        presentation_opening=rank[chosen],
        presentation_day=events.day,
        presentation_relevant=relevant,
        presentation_objection=objection,
        placement_spell=spell[hire].astype(np.int32),
        placement_opening=rank[chosen[hire]],
        placement_day=events.placed[hire],
        placement_permanent=openings.permanent[chosen[hire]],
        stats=stats,
    )
    return jobs, openings.take(order), model
