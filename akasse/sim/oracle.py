"""The match model's u computed from a dataset and its ``model.json`` alone (the oracle a
matching engine can be scored against): the inputs ``match.INPUTS`` names, read from the tables,
paired and passed to ``match.suitability``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from akasse.dataset.read import read_table
from akasse.sim.match import MatchModel, MemberSide, OpeningSide, suitability
from akasse.sim.occupations import DISTANCES, skill_bits


def match_model(card: dict[str, Any]) -> MatchModel:
    """The model of ``model.json``'s ``match`` section."""
    coef, caseworker = card["coefficients"], card["caseworker"]
    return MatchModel(
        occupation=tuple(float(card["occupation_distance"][d]) for d in DISTANCES),
        skills=float(coef["skills"]),
        km_per_10=float(coef["km_per_10"]),
        hours=float(coef["hours"]),
        education=float(coef["education"]),
        licence=float(coef["licence"]),
        hire_intercept=float(card["intercepts"]["hire"]),
        relevant_intercept=float(card["intercepts"]["relevant"]),
        tau=float(caseworker["tau"]),
        candidates=int(caseworker["candidates"]),
        searched=float(caseworker["searched"]),
        reach_km=float(caseworker["reach_km"]),
    )


def _bits(rows: list[list[str]], codes: dict[str, int]) -> np.ndarray:
    return skill_bits([[codes[c] for c in r] for r in rows], len(codes))


@dataclass(frozen=True)
class Oracle:
    """Both sides of the model for every spell and opening of a dataset."""

    model: MatchModel
    spell_ids: np.ndarray  # sorted
    member: MemberSide
    opening_ids: np.ndarray  # sorted
    opening: OpeningSide

    def u(self, spell_id: np.ndarray, opening_id: np.ndarray) -> np.ndarray:
        """u of each (spell_id, opening_id) pair."""
        i = np.searchsorted(self.spell_ids, spell_id)
        j = np.searchsorted(self.opening_ids, opening_id)
        m = MemberSide(*(getattr(self.member, f)[i] for f in MemberSide.__dataclass_fields__))
        o = OpeningSide(*(getattr(self.opening, f)[j] for f in OpeningSide.__dataclass_fields__))
        return suitability(self.model, m, o)


def _members(
    data: Path, card: dict[str, Any], codes: dict[str, int]
) -> tuple[np.ndarray, MemberSide]:
    order = card["education_order"]
    spells = (
        read_table(data, "spells", ["spell_id", "member_id", "municipality", "insurance"])
        .join(read_table(data, "truth", ["spell_id", "true_disco"]), on="spell_id")
        .join(read_table(data, "members", ["member_id", "education"]), on="member_id")
        .join(
            read_table(data, "cvs", ["member_id", "skills", "driving_licence"]),
            on="member_id",
            how="left",
        )
        .sort("spell_id")
    )
    own = [card["occupation_skills"][d] for d in spells["true_disco"]]
    cv = spells["skills"].to_list()
    skills = [c if c is not None else o for c, o in zip(cv, own, strict=True)]
    centre = np.array([card["centres"][m] for m in spells["municipality"]])
    return spells["spell_id"].to_numpy(), MemberSide(
        disco=spells["true_disco"].cast(pl.Int64).to_numpy(),
        skills=_bits(skills, codes),
        education=np.array([order.index(e) for e in spells["education"]]),
        part_time=(spells["insurance"] == "part_time").to_numpy(),
        licence=spells["driving_licence"].fill_null(True).to_numpy(),
        lat=centre[:, 0],
        lon=centre[:, 1],
    )


def _openings(
    data: Path, card: dict[str, Any], codes: dict[str, int]
) -> tuple[np.ndarray, OpeningSide]:
    order = card["education_order"]
    o = read_table(data, "job_openings").sort("opening_id")
    centre = np.array([card["centres"][m] for m in o["municipality"]])
    asked = [-1 if e is None else order.index(e) for e in o["requires_education"]]
    return o["opening_id"].to_numpy(), OpeningSide(
        disco=o["disco"].cast(pl.Int64).to_numpy(),
        skills=_bits(o["requires_skills"].to_list(), codes),
        education=np.array(asked, dtype=np.int64),
        hours=o["hours_per_week"].cast(pl.Int64).to_numpy(),
        licence=o["requires_licence"].to_numpy(),
        lat=centre[:, 0],
        lon=centre[:, 1],
    )


def oracle(data: Path) -> Oracle:
    """The oracle of the dataset in ``data`` (simulated: it needs model.json's match card)."""
    card = json.loads((data / "model.json").read_text(encoding="utf-8"))["match"]
    found = set(s for row in card["occupation_skills"].values() for s in row)
    found |= set(
        read_table(data, "cvs", ["skills"])["skills"].explode(empty_as_null=False).drop_nulls()
    )
    found |= set(
        read_table(data, "job_openings", ["requires_skills"])["requires_skills"]
        .explode(empty_as_null=False)
        .drop_nulls()
    )
    codes = {c: i for i, c in enumerate(sorted(found))}
    spell_ids, member = _members(data, card, codes)
    opening_ids, opening = _openings(data, card, codes)
    return Oracle(match_model(card), spell_ids, member, opening_ids, opening)
