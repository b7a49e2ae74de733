"""Reading and checking ``plan_frame``'s input tables into NumPy arrays.

Errors name the table, the column and the first spell concerned, and apply the same checks
as the per-case path (``plan.check_case``), so a bad table is rejected whole.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from akasse.rules.frame_course import KINDS, OWNERS, Conversations
from akasse.rules.frame_tables import REQUIRED
from akasse.rules.law import Law, first_supported_day
from akasse.rules.model import Channel, EventKind, Insurance, Owner, Regime
from akasse.rules.reference import Reference
from akasse.rules.vector import I32, I64, LAST_DAY, Bools, month_of, month_of_32

MONTH_SPAN = 4096  # months are below 4096 (year 2311)


class FrameInputError(ValueError):
    """An input table of ``plan_frame`` is malformed; the message names table and column."""


@dataclass(frozen=True)
class SpellArrays:
    """The spells table as arrays; ``order`` sorts ``spell_id`` (identity when already sorted)."""

    spell_id: I64
    order: I64
    identity_order: bool
    as_of: I64
    first_day: I64
    part_time: Bools
    in_trial: Bools

    @property
    def size(self) -> int:
        return int(self.spell_id.size)

    def slice(self, start: int, stop: int) -> SpellArrays:
        """Spells ``start`` to ``stop`` (rows of this table) as a table of their own."""
        count = stop - start
        return SpellArrays(
            self.spell_id[start:stop],
            np.arange(count, dtype=np.int64),
            True,
            self.as_of[start:stop],
            self.first_day[start:stop],
            self.part_time[start:stop],
            self.in_trial[start:stop],
        )


@dataclass(frozen=True)
class HourArrays:
    """Paid hours sorted by spell and month; ``spell`` is the row in ``SpellArrays``,
    ``key`` is ``spell * MONTH_SPAN + month`` (rising) and ``starts`` the first row of each
    spell that has any."""

    spell: I64
    month: I32
    hours: I32
    key: I64
    starts: I64

    def slice(self, start: int, stop: int) -> HourArrays:
        """The rows of spells ``start`` to ``stop``, renumbered from 0."""
        first, last = np.searchsorted(self.spell, [start, stop])
        begin, end = np.searchsorted(self.starts, [first, last])
        return HourArrays(
            self.spell[first:last] - start,
            self.month[first:last],
            self.hours[first:last],
            self.key[first:last] - start * MONTH_SPAN,
            self.starts[begin:end] - first,
        )


def _collect(frame: pl.DataFrame | pl.LazyFrame, table: str) -> pl.DataFrame:
    """The table with its required columns (``frame_tables.REQUIRED``) checked present and full."""
    df = frame.collect() if isinstance(frame, pl.LazyFrame) else frame
    required = REQUIRED[table]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise FrameInputError(f"{table}: missing column {', '.join(missing)}")
    for column in required:
        nulls = df[column].null_count()
        if nulls:
            raise FrameInputError(f"{table}.{column}: {nulls} rows are empty")
    return df


def _days(df: pl.DataFrame, table: str, column: str) -> I64:
    """A Date column as days since 1970-01-01, checked to lie in the supported range."""
    try:
        series = df[column].cast(pl.Date)
    except pl.exceptions.PolarsError as exc:
        raise FrameInputError(f"{table}.{column}: not dates ({df[column].dtype})") from exc
    days: I64 = series.to_physical().to_numpy().astype(np.int64)
    if days.size and (days.min() < 0 or days.max() > LAST_DAY):
        raise FrameInputError(f"{table}.{column}: dates must lie between 1970-01-01 and 2199-12-31")
    return days


def _check_values(df: pl.DataFrame, table: str, column: str, allowed: list[str]) -> None:
    bad = df.filter(~pl.col(column).is_in(allowed))
    if bad.height:
        raise FrameInputError(
            f"{table}.{column}: {bad[column][0]!r} is not one of {', '.join(allowed)}"
        )


def _first_offender(spell_ids: Any, mask: np.ndarray) -> str:
    return str(np.asarray(spell_ids)[np.flatnonzero(mask)[0]])


def spell_arrays(
    spells: pl.DataFrame | pl.LazyFrame, law: Law, reference: Reference
) -> SpellArrays:
    df = _collect(spells, "spells")
    ids = df["spell_id"].cast(pl.Int64).to_numpy()
    order = np.argsort(ids, kind="stable")
    if ids.size and (np.diff(ids[order]) == 0).any():
        raise FrameInputError("spells.spell_id: values must be unique")
    _check_values(df, "spells", "insurance", [i.value for i in Insurance])
    first_day = _days(df, "spells", "first_day")
    earliest = (first_supported_day(law) - dt.date(1970, 1, 1)).days
    if (first_day < earliest).any():
        raise FrameInputError(
            f"spells.first_day: spell {_first_offender(ids, first_day < earliest)} starts before "
            f"{first_supported_day(law).isoformat()}, the first day the rules are defined for"
        )
    return SpellArrays(
        spell_id=ids,
        order=order,
        identity_order=bool((order == np.arange(order.size)).all()),
        as_of=_days(df, "spells", "as_of"),
        first_day=first_day,
        part_time=(df["insurance"] == Insurance.PART_TIME.value).to_numpy(),
        in_trial=_in_trial(df, first_day, law, reference),
    )


def _in_trial(df: pl.DataFrame, first_day: I64, law: Law, reference: Reference) -> np.ndarray:
    """``regime.trial_participation`` for every spell."""
    start, end = law.regime_periods[Regime.TRIAL_2020]
    epoch = dt.date(1970, 1, 1)
    in_period = (first_day >= (start - epoch).days) & (
        first_day <= ((end or dt.date.max) - epoch).days
    )
    given = (
        df["trial"].cast(pl.Boolean)
        if "trial" in df.columns
        else pl.repeat(None, df.height, dtype=pl.Boolean, eager=True)
    )
    ask = (given.is_null().to_numpy()) & in_period
    looked_up = np.zeros(df.height, np.bool_)
    if ask.any():
        pairs = df.select("fund", "municipality").filter(pl.Series(ask))
        answers = {(f, m): reference.in_trial(f, m) for f, m in pairs.unique().iter_rows()}
        keys = zip(df["fund"].to_list(), df["municipality"].to_list(), strict=True)
        looked_up = np.array([answers.get(k, False) for k in keys], dtype=np.bool_)
    return in_period & np.where(ask, looked_up, given.fill_null(False).to_numpy())


def _spell_index(df: pl.DataFrame, table: str, s: SpellArrays) -> I64:
    """Row of ``spells`` for each row of ``df``, by spell_id."""
    ids = df["spell_id"].cast(pl.Int64).to_numpy(writable=True)
    sorted_ids = s.spell_id[s.order]
    if sorted_ids.size and sorted_ids[-1] - sorted_ids[0] == sorted_ids.size - 1:
        # Spell ids are a dense range (as the simulator and exports number them): the row is
        # the id minus the first id, computed in place.
        ids -= sorted_ids[0]
        if ids.size and (ids.min() < 0 or ids.max() >= sorted_ids.size):
            inside = (ids >= 0) & (ids < sorted_ids.size)
            first_bad = ids[~inside][0] + sorted_ids[0]
            raise FrameInputError(f"{table}.spell_id: {first_bad} is not in spells")
        if s.identity_order:
            return ids
        index: I64 = s.order[ids]
        return index
    pos = np.searchsorted(sorted_ids, ids)
    pos = np.minimum(pos, max(sorted_ids.size - 1, 0))
    if ids.size and (sorted_ids.size == 0 or (sorted_ids[pos] != ids).any()):
        missing = ids if sorted_ids.size == 0 else ids[sorted_ids[pos] != ids]
        raise FrameInputError(f"{table}.spell_id: {missing[0]} is not in spells")
    return s.order[pos].astype(np.int64)


def _hundredths(df: pl.DataFrame) -> I32:
    """Hours as integer hundredths; more than two decimals or negative hours are refused.
    Decimal hours are read exactly; others through Float64, in place on one copy (these
    arrays have a row per spell and month)."""
    column = df["hours"]
    if column.dtype == pl.Decimal:
        return _checked(_exact_hundredths(column))
    scaled = column.cast(pl.Float64).to_numpy(writable=True)
    scaled *= 100
    rounded = np.rint(scaled)
    np.subtract(scaled, rounded, out=scaled)
    np.abs(scaled, out=scaled)
    if scaled.size and scaled.max() > 1e-6:
        raise FrameInputError("hours.hours: more than two decimals")
    return _checked(rounded)


def _exact_hundredths(column: pl.Series) -> I64:
    """Decimal hours as integer hundredths without rounding: the scaled integers of the
    decimal at two places (beyond int64 they are clipped; ``_checked`` refuses them)."""
    try:
        two = column.cast(pl.Decimal(38, 2))
    except pl.exceptions.PolarsError as exc:
        raise FrameInputError("hours.hours: more hours than a month has") from exc
    if (two.cast(column.dtype) != column).any():
        raise FrameInputError("hours.hours: more than two decimals")
    hundredths: I64 = two.to_physical().clip(-(2**62), 2**62).cast(pl.Int64).to_numpy()
    return hundredths


def _checked(whole: npt.NDArray[np.float64] | I64) -> I32:
    """Whole hundredths as int32, refusing negative hours and more than int32 holds."""
    if whole.size and whole.min() < 0:
        raise FrameInputError("hours.hours: negative hours")
    if whole.size and whole.max() > 2**31 - 1:
        raise FrameInputError("hours.hours: more hours than a month has")
    hundredths: I32 = whole.astype(np.int32)
    return hundredths


def hour_arrays(hours: pl.DataFrame | pl.LazyFrame, s: SpellArrays) -> HourArrays:
    """Paid hours sorted by spell and month, in hundredths."""
    df = _collect(hours, "hours")
    # Three independent conversions over every row; NumPy releases the GIL, so two cores help.
    with ThreadPoolExecutor(max_workers=3) as pool:
        spell_job = pool.submit(_spell_index, df, "hours", s)
        month_job = pool.submit(lambda: month_of_32(_days(df, "hours", "month")))
        value_job = pool.submit(_hundredths, df)
        spell, month, value = spell_job.result(), month_job.result(), value_job.result()
    key = spell * MONTH_SPAN
    key += month
    if key.size > 1 and (key[1:] <= key[:-1]).any():
        order = np.argsort(key, kind="stable")
        spell, month, value, key = spell[order], month[order], value[order], key[order]
        if (key[1:] == key[:-1]).any():
            raise FrameInputError("hours: a spell has the same month twice")
    first = np.ones(spell.size, np.bool_)
    np.not_equal(spell[1:], spell[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    early = month[starts] < month_of(s.first_day)[spell[starts]]  # rows are sorted by month
    if early.any():
        raise FrameInputError(
            f"hours.month: spell {s.spell_id[spell[starts][early][0]]} has hours before its "
            "first day"
        )
    return HourArrays(spell, month, value, key, starts)


def event_arrays(
    events: pl.DataFrame | pl.LazyFrame | None, s: SpellArrays
) -> tuple[I64, I64, np.ndarray]:
    if events is None:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, dtype=str)
    df = _collect(events, "events")
    _check_values(df, "events", "kind", [k.value for k in EventKind])
    spell, day = _spell_index(df, "events", s), _days(df, "events", "date")
    early = day < s.first_day[spell]
    if early.any():
        raise FrameInputError(
            f"events.date: spell {s.spell_id[spell[early][0]]} has an event before its first day"
        )
    return spell, day, df["kind"].to_numpy()


def _kinds(df: pl.DataFrame) -> tuple[I64, I64]:
    """Each conversation's kinds as a bit mask (bit i for ``KINDS[i]``) and their number."""
    kinds = df["kinds"]
    names = [k.value for k in KINDS]
    mask = np.zeros(df.height, np.int64)
    for bit, name in enumerate(names):
        mask |= kinds.list.contains(name).to_numpy().astype(np.int64) << bit
    count = kinds.list.len().fill_null(0).to_numpy().astype(np.int64)
    # Each listed kind sets its own bit: fewer bits than listed means an unknown kind or a
    # repeated one, which the slower checks below name.
    bits = np.zeros(df.height, np.int64)
    for bit in range(len(names)):
        bits += (mask >> bit) & 1
    if (bits != count).any() or (count == 0).any():
        listed = kinds.explode(empty_as_null=False).drop_nulls()
        unknown = listed.filter(~listed.is_in(names))
        if unknown.len():
            raise FrameInputError(f"conversations.kinds: {unknown[0]!r} is not one of {names}")
        raise FrameInputError("conversations.kinds: each needs one or more different kinds")
    return mask, count


def _owners(df: pl.DataFrame) -> I64:
    """Index into ``OWNERS`` of who held each conversation (the a-kasse when not given)."""
    if "owner" not in df.columns:
        return np.full(df.height, OWNERS.index(Owner.AKASSE), np.int64)
    owner = df["owner"].fill_null(Owner.AKASSE.value)
    if not owner.is_in([o.value for o in OWNERS]).all():
        raise FrameInputError("conversations.owner: must be akasse or jobcenter")
    jobcenter: I64 = (owner == Owner.JOBCENTER.value).to_numpy().astype(np.int64)
    return jobcenter * OWNERS.index(Owner.JOBCENTER)


def conversation_arrays(
    conversations: pl.DataFrame | pl.LazyFrame | None, s: SpellArrays
) -> Conversations:
    """Conversations sorted by spell and date (input order within a day), ranked per spell."""
    empty = np.zeros(0, np.int64)
    if conversations is None:
        return Conversations(empty, empty, empty, empty, np.zeros(0, np.bool_), empty, empty)
    df = _collect(conversations, "conversations")
    _check_values(df, "conversations", "channel", [c.value for c in Channel])
    mask, count = _kinds(df)
    owner = _owners(df)
    spell = _spell_index(df, "conversations", s)
    day = _days(df, "conversations", "date")
    early = day < s.first_day[spell]
    if early.any():
        raise FrameInputError(
            f"conversations.date: spell {s.spell_id[spell[early][0]]} has a conversation "
            "before its first day"
        )
    # By spell, then day, then input order (a stable sort of one key; days are below 2^20).
    order = np.argsort(spell * (1 << 20) + day, kind="stable")
    spell, day = spell[order], day[order]
    first = np.ones(spell.size, np.bool_)
    first[1:] = spell[1:] != spell[:-1]
    starts = np.flatnonzero(first)
    rank = np.arange(spell.size, dtype=np.int64) - starts[np.cumsum(first) - 1]
    in_person = (df["channel"] == Channel.IN_PERSON.value).to_numpy()
    return Conversations(
        spell, day, mask[order], count[order], in_person[order], owner[order], rank
    )
