"""Arrays to Arrow tables in the dataset schema."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from akasse.sim.activities import Employment, Offers
from akasse.sim.conversations import CHANNELS, OWNERS, STATUSES, Conversations
from akasse.sim.course import EXIT_REASONS, NEVER, Visitations
from akasse.sim.population import EDUCATION, ORIGIN, REGIONS, Spells
from akasse.sim.presenting import Jobs
from akasse.sim.survey import Survey
from akasse.sim.world import World


def dates(days: np.ndarray) -> pa.Array:
    """Day numbers as Arrow dates; NEVER becomes null."""
    days = np.asarray(days, dtype=np.int64)
    missing = days == NEVER
    values = pa.array(np.where(missing, 0, days).astype(np.int32), type=pa.int32())
    if missing.any():
        values = pa.array(np.where(missing, 0, days).astype(np.int32), mask=missing)
    return values.cast(pa.date32())


def codes(index: np.ndarray, labels: list[str]) -> pa.Array:
    """Integer codes as strings (through a dictionary, so no Python strings per row)."""
    dictionary = pa.DictionaryArray.from_arrays(
        pa.array(np.asarray(index, dtype=np.int32)), pa.array(labels)
    )
    return dictionary.cast(pa.string())


def ids(n: int) -> pa.Array:
    return pa.array(np.arange(1, n + 1, dtype=np.int64))


def spell_ids(index: np.ndarray) -> pa.Array:
    """Spell index (0-based, internal) to spell_id (1-based)."""
    return pa.array(np.asarray(index, dtype=np.int64) + 1)


def cpr_numbers(birth_day: np.ndarray, woman: np.ndarray) -> list[str]:
    """Synthetic CPR numbers: the real birth date and a century digit that fits it (0-3 for
    1900-1999, 4 for 2000-2036), the last digit odd for men; unique within the dataset."""
    dates_ = birth_day.astype("datetime64[D]")
    years = dates_.astype("datetime64[Y]").astype(np.int64) + 1970
    text = np.datetime_as_string(dates_)  # YYYY-MM-DD
    order = np.lexsort((woman, birth_day))
    key = birth_day.astype(np.int64) * 2 + woman
    sorted_key = key[order]
    starts = np.concatenate([[True], sorted_key[1:] != sorted_key[:-1]])
    position = np.arange(key.size)
    rank = np.empty(key.size, np.int64)
    rank[order] = position - np.maximum.accumulate(np.where(starts, position, 0))
    # A pseudo-random start per birth date and gender, then consecutive numbers within it.
    slot = (key * 2654435761 % 2000 + rank) % np.where(years >= 2000, 500, 2000)
    serial = slot % 500 * 2 + (~woman).astype(np.int64)  # 0..999, odd for men
    century = np.where(years >= 2000, 4, slot // 500)
    out = []
    for t, c, s in zip(text.tolist(), century.tolist(), serial.tolist(), strict=True):
        out.append(f"{t[8:10]}{t[5:7]}{t[2:4]}-{c}{s:03d}")
    return out


def world_tables(
    world: World, targets: dict[str, list[int]], caseworker_names: list[str]
) -> dict[str, pa.Table]:
    f, m, b = world.funds, world.municipalities, world.branches

    def ints(series: object, dtype: type) -> pa.Array:
        return pa.array(np.asarray(series).astype(dtype))

    return {
        "funds": pa.table(
            {
                "fund": pa.array(f["fund"].to_list()),
                "name": pa.array(f["name"].to_list()),
                "in_trial": pa.array(f["in_trial"].to_list()),
                "trial_municipalities": ints(f["trial_municipalities"], np.int16),
                "branches": ints(f["branches"], np.int16),
                "caseworkers": ints(f["caseworkers"], np.int32),
                "profile": pa.array(f["profile"].to_list()),
                "placement_target_2021": pa.array(
                    [targets.get(x, [None])[0] for x in world.fund_codes], type=pa.int32()
                ),
            }
        ),
        "municipalities": pa.table(
            {
                "municipality": pa.array(m["code"].to_list()),
                "name": pa.array(m["name"].to_list()),
                "region": pa.array(m["region"].to_list()),
                "free_municipality": pa.array(m["free_municipality"].to_list()),
                "population": ints(m["population"], np.int32),
            }
        ),
        "trial_participation": world.trial.to_arrow(),
        "branches": pa.table(
            {
                "branch_id": ints(b["branch_id"], np.int32),
                "fund": pa.array(b["fund"].to_list()),
                "name": pa.array(b["name"].to_list()),
                "municipality": pa.array(b["municipality"].to_list()),
            }
        ),
        "caseworkers": world.caseworkers.to_arrow().append_column(
            "name", pa.array(caseworker_names, type=pa.string())
        ),
    }


def member_table(s: Spells, people: dict[str, pa.Array]) -> pa.Table:
    first = np.unique(s.member)  # a member's index is the index of their first spell
    return pa.table(
        {
            **people,
            "member_id": spell_ids(first),
            "cpr": pa.array(cpr_numbers(s.birth_day[first], s.woman[first])),
            "birth_date": dates(s.birth_day[first]),
            "gender": codes(s.woman[first].astype(np.int8), ["man", "woman"]),
            "origin": codes(s.origin[first], ORIGIN),
            "education": codes(s.education[first], EDUCATION),
        }
    )


def spell_table(world: World, s: Spells, regime: list[str], transfer: np.ndarray) -> pa.Table:
    n = s.size
    return pa.table(
        {
            "spell_id": spell_ids(np.arange(n)),
            "member_id": spell_ids(s.member),
            "fund": codes(s.fund, world.fund_codes),
            "branch_id": pa.array(s.branch_id.astype(np.int32)),
            "municipality": codes(s.municipality, world.municipality_codes),
            "first_day": dates(s.first_day),
            "insurance": codes(s.part_time.astype(np.int8), ["full_time", "part_time"]),
            "trial": pa.array(s.trial),
            "regime": pa.array(regime, type=pa.string()),
            "transfer_date": dates(transfer),
            "age": pa.array(s.age.astype(np.int16)),
        }
    )


def visitation_table(v: Visitations) -> pa.Table:
    return pa.table(
        {
            "spell_id": spell_ids(v.spell),
            "referred_on": dates(v.referred),
            "exit_on": dates(v.exit_day),
            "exit_reason": codes(v.reason, EXIT_REASONS),
        }
    )


def conversation_table(c: Conversations, s: Spells) -> pa.Table:
    kinds = pa.array([k.split("+") for k in c.kinds], type=pa.list_(pa.string()))
    caseworker = pa.array(c.caseworker, mask=c.caseworker == 0)
    return pa.table(
        {
            "conversation_id": ids(c.spell.size),
            "spell_id": spell_ids(c.spell),
            "kinds": kinds.take(pa.array(c.kind.astype(np.int32))),
            "owner": codes(c.owner, OWNERS),
            "channel": codes(c.channel, CHANNELS),
            "booked_on": dates(c.booked),
            "planned_for": dates(c.planned),
            "held_on": dates(c.held),
            "status": codes(c.status, STATUSES),
            "caseworker_id": caseworker,
            "branch_id": pa.array(s.branch_id[c.spell].astype(np.int32)),
        }
    )


def offer_table(o: Offers) -> pa.Table:
    return pa.table(
        {
            "offer_id": ids(o.spell.size),
            "spell_id": spell_ids(o.spell),
            "offer_type": codes(o.kind, o.types),
            "requested_on": dates(o.requested),
            "granted_on": dates(o.granted),
            "started_on": dates(o.started),
        }
    )


def job_tables(j: Jobs) -> dict[str, pa.Table]:
    return {
        "job_presentations": pa.table(
            {
                "presentation_id": ids(j.presentation_spell.size),
                "spell_id": spell_ids(j.presentation_spell),
                "opening_id": spell_ids(j.presentation_opening),
                "presented_on": dates(j.presentation_day),
                "relevant": pa.array(j.presentation_relevant),
                "objection": pa.array(j.presentation_objection),
            }
        ),
        "placements": pa.table(
            {
                "placement_id": ids(j.placement_spell.size),
                "spell_id": spell_ids(j.placement_spell),
                "opening_id": spell_ids(j.placement_opening),
                "placed_on": dates(j.placement_day),
                "permanent": pa.array(j.placement_permanent),
            }
        ),
    }


def employment_table(e: Employment) -> pa.Table:
    return pa.table(
        {
            "employment_id": ids(e.spell.size),
            "spell_id": spell_ids(e.spell),
            "kind": codes(e.kind, ["before_spell", "during_spell"]),
            "start_date": dates(e.start),
            "end_date": dates(e.end),
            "notice_given_on": dates(e.notice),
            "notice_contact_consent": pa.array(e.consent),
            "notice_contact_on": dates(e.contacted),
        }
    )


AGE_BANDS = ["18-29", "30-39", "40-49", "50-59", "60+"]


def survey_table(sv: Survey, s: Spells, world: World) -> pa.Table:
    age = s.age[sv.spell]
    band = np.searchsorted(np.array([30, 40, 50, 60]), age, side="right")
    columns: dict[str, pa.Array] = {
        "response_id": ids(sv.spell.size),
        "spell_id": spell_ids(sv.spell),
        "wave": pa.array(sv.wave),
        "sent_on": dates(sv.sent),
        "answered": pa.array(sv.answered),
        "age_group": codes(band, AGE_BANDS),
        "gender": codes(s.woman[sv.spell].astype(np.int8), ["man", "woman"]),
        "education": codes(s.education[sv.spell], EDUCATION),
        "fund": codes(s.fund[sv.spell], world.fund_codes),
        "trial": pa.array(s.trial[sv.spell]),
    }
    for k, item in enumerate(sv.items):
        columns[f"q_{item}"] = pa.array(sv.answers[:, k], mask=~sv.answered)
    return pa.table(columns)


def profiling_table(
    s: Spells, industries: list[str], expect: list[str], barriers: list[str], answered: np.ndarray
) -> pa.Table:
    f = s.features
    n = s.size
    columns: dict[str, pa.Array] = {
        "spell_id": spell_ids(np.arange(n)),
        "age": pa.array(f["age"].astype(np.int16)),
        "gender": codes(s.woman.astype(np.int8), ["man", "woman"]),
        "education": codes(s.education, EDUCATION),
        "origin": codes(s.origin, ORIGIN),
        "region": codes(s.region, REGIONS),
        "work_experience_years": pa.array(f["work_experience_years"].astype(np.float64)),
        "from_sickness_benefit": pa.array(f["from_sickness_benefit"]),
        "prior_dagpenge_weeks": pa.array(f["prior_dagpenge_weeks"].astype(np.int16)),
        "prior_spells": pa.array(f["prior_spells"].astype(np.int16)),
        "disco_major": pa.array(f["disco_major"].astype(np.int8)),
        "industry": codes(f["industry"], industries),
        "new_graduate": pa.array(f["new_graduate"]),
        "previous_income": pa.array(f["previous_income"].astype(np.int32)),
        "children_at_home": pa.array(f["children_at_home"]),
        "expect_job": pa.array(np.asarray(expect, dtype=object)[f["expect_job"]], mask=~answered),
    }
    for k, name in enumerate(barriers):
        columns[f"barrier_{name}"] = pa.array(f["barriers"][:, k], mask=~answered)
    return pa.table(columns)
