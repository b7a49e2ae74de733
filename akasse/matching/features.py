"""Members and openings as arrays the scoring reads: occupations as indices into the reference
list, skills as bit sets, places as indices into the municipalities' centres, education as a
level. Built from the dataset's tables (or the case database's rows as the same columns), so
the simulator, the benchmark and the case application rank with one code path.

A missing input is coded, never guessed: an unknown occupation, place or education is -1, and
the scoring names it among the reasons ("Fag ukendt", "Arbejdssted ukendt")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl

from akasse.dataset import reference

# Education levels in order (members.education's codes); an opening's requirement is met by
# the same level or a higher one.
EDUCATION_LEVELS = ("none", "upper_secondary", "vocational", "short", "medium", "long")
HOURS_WISHED = ("full_time", "part_time", "any")
FULL_TIME_HOURS = 30  # an opening of this many hours a week or more is full time
WISHED = 3  # wished occupations read from a CV
DEFAULT_TRAVEL_KM = 40.0  # when the member has not said how far they will travel


@dataclass(frozen=True)
class Vocabulary:
    """The reference lists as indices: occupations, skills (bit positions), places."""

    discos: tuple[str, ...]
    skills: tuple[str, ...]
    places: tuple[str, ...]

    @property
    def words(self) -> int:
        """uint64 words per skill set."""
        return max(1, -(-len(self.skills) // 64))

    def disco_index(self, codes: pl.Series) -> np.ndarray:
        return _index(codes, self.discos)

    def place_index(self, codes: pl.Series) -> np.ndarray:
        return _index(codes, self.places)

    def skill_bits(self, lists: pl.Series) -> np.ndarray:
        """(n, words) uint64: bit i set when the list holds skill i; unknown codes are ignored
        (loading has refused them)."""
        where = {s: i for i, s in enumerate(self.skills)}
        exploded = lists.cast(pl.List(pl.String)).fill_null([]).to_frame("s").with_row_index()
        flat = exploded.explode("s", empty_as_null=False).drop_nulls("s")
        row = flat["index"].to_numpy().astype(np.int64)
        pos = np.array([where.get(s, -1) for s in flat["s"]], dtype=np.int64)
        keep = pos >= 0
        row, pos = row[keep], pos[keep]
        bits = np.zeros((lists.len(), self.words), dtype=np.uint64)
        np.bitwise_or.at(
            bits, (row, pos // 64), np.left_shift(np.uint64(1), (pos % 64).astype(np.uint64))
        )
        return bits


@cache
def vocabulary() -> Vocabulary:
    return Vocabulary(
        tuple(reference.occupations()["disco"]),
        tuple(reference.skills()),
        tuple(reference.places()["code"]),
    )


def _index(codes: pl.Series, values: tuple[str, ...]) -> np.ndarray:
    where = {v: i for i, v in enumerate(values)}
    return np.array([where.get(c, -1) if c is not None else -1 for c in codes], dtype=np.int32)


def education_index(codes: pl.Series) -> np.ndarray:
    return _index(codes, EDUCATION_LEVELS).astype(np.int8)


@dataclass(frozen=True)
class Members:
    """Who is matched: one row per spell (a member in one spell)."""

    spell_id: np.ndarray  # int64
    disco: np.ndarray  # int32 occupation index, -1 unknown (no CV)
    wished: np.ndarray  # (n, WISHED) int32 occupation indices, -1 none
    skills: np.ndarray  # (n, words) uint64
    education: np.ndarray  # int8 level index, -1 unknown
    licence: np.ndarray  # bool
    place: np.ndarray  # int32 place index, -1 unknown
    hours: np.ndarray  # int8 index into HOURS_WISHED
    max_km: np.ndarray  # float32
    has_cv: np.ndarray  # bool

    @property
    def size(self) -> int:
        return int(self.spell_id.size)

    def take(self, rows: np.ndarray) -> Members:
        return Members(*(getattr(self, f)[rows] for f in self.__dataclass_fields__))


@dataclass(frozen=True)
class Openings:
    opening_id: np.ndarray  # int64
    disco: np.ndarray  # int32, -1 not coded
    skills: np.ndarray  # (n, words) uint64: required
    education: np.ndarray  # int8 required level, -1 none
    licence: np.ndarray  # bool: required
    place: np.ndarray  # int32, -1 not given
    full_time: np.ndarray  # bool

    @property
    def size(self) -> int:
        return int(self.opening_id.size)

    def take(self, rows: np.ndarray) -> Openings:
        return Openings(*(getattr(self, f)[rows] for f in self.__dataclass_fields__))


def members_from(
    spells: pl.DataFrame, cvs: pl.DataFrame, cv_jobs: pl.DataFrame, vocab: Vocabulary | None = None
) -> Members:
    """``spells``: spell_id, member_id, municipality, insurance (dataset columns); ``cvs`` and
    ``cv_jobs`` as in the dataset. The member's occupation is the latest job on the CV, else
    the first wished one; without a CV it is unknown."""
    v = vocab or vocabulary()
    latest = (
        cv_jobs.sort("member_id", "from_date")
        .group_by("member_id", maintain_order=True)
        .agg(pl.col("disco").last().alias("cv_disco"))
    )
    rows = spells.select("spell_id", "member_id", "municipality", "insurance").join(
        cvs.join(latest, on="member_id", how="left"),
        on="member_id",
        how="left",
        maintain_order="left",
    )
    has_cv = rows["updated_on"].is_not_null().to_numpy()
    wished_lists = rows["wished_disco"].fill_null([])
    disco = rows["cv_disco"].fill_null(wished_lists.list.first())
    wished = np.full((rows.height, WISHED), -1, dtype=np.int32)
    for k in range(WISHED):
        wished[:, k] = v.disco_index(wished_lists.list.get(k, null_on_oob=True))
    part_time = rows["insurance"].to_numpy() == "part_time"
    hours = _index(rows["hours_wished"], HOURS_WISHED)
    # Without a CV the insurance says which hours the member is insured for.
    hours = np.where(hours >= 0, hours, np.where(part_time, 1, 0)).astype(np.int8)
    km = rows["max_travel_km"].cast(pl.Float32).fill_null(DEFAULT_TRAVEL_KM).to_numpy()
    return Members(
        spell_id=rows["spell_id"].to_numpy().astype(np.int64),
        disco=v.disco_index(disco),
        wished=wished,
        skills=v.skill_bits(rows["skills"]),
        education=education_index(rows["education_level"]),
        licence=rows["driving_licence"].fill_null(False).to_numpy().astype(bool),
        place=v.place_index(rows["municipality"]),
        hours=hours,
        max_km=np.maximum(km.astype(np.float32), np.float32(1.0)),
        has_cv=has_cv,
    )


def openings_from(openings: pl.DataFrame, vocab: Vocabulary | None = None) -> Openings:
    """``openings``: the dataset's job_openings columns."""
    v = vocab or vocabulary()
    return Openings(
        opening_id=openings["opening_id"].to_numpy().astype(np.int64),
        disco=v.disco_index(openings["disco"]),
        skills=v.skill_bits(openings["requires_skills"]),
        education=education_index(openings["requires_education"]),
        licence=openings["requires_licence"].fill_null(False).to_numpy().astype(bool),
        place=v.place_index(openings["municipality"]),
        full_time=openings["hours_per_week"].fill_null(37).to_numpy() >= FULL_TIME_HOURS,
    )


@cache
def disco_levels(discos: tuple[str, ...]) -> np.ndarray:
    """(n+1, n+1) int8: the number of leading digits two occupations share (4 = the same,
    3 = the same minor group, 2 = sub-major, 1 = major group, 0 = none); the last row and
    column stand for an unknown occupation (-1)."""
    n = len(discos)
    out = np.full((n + 1, n + 1), -1, dtype=np.int8)
    codes = np.array([list(d) for d in discos]).reshape(n, 4) if n else np.zeros((0, 4), str)
    same = np.ones((n, n), dtype=bool)
    shared = np.zeros((n, n), dtype=np.int8)
    for digit in range(4):
        same &= codes[:, None, digit] == codes[None, :, digit]
        shared += same
    out[:n, :n] = shared
    return out


@cache
def place_km(places: tuple[str, ...]) -> np.ndarray:
    """(n+1, n+1) float32 km between municipality centres; the last row and column (an
    unknown place) are NaN."""
    n = len(places)
    out = np.full((n + 1, n + 1), np.nan, dtype=np.float32)
    out[:n, :n] = reference.municipality_km(places)
    return out
