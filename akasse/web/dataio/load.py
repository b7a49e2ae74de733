"""Loading a dataset into the case database: every table is checked first, then all of it is
written in one transaction, so a dataset is loaded whole or not at all.

Loading upserts. A row whose key is already in the database (the dataset's id; hours by spell
and month, trial participation by fund and municipality, visitations and profiling by spell)
is overwritten with the dataset's values, any other row is inserted, and nothing is deleted.
Loading the same dataset twice therefore gives the same database. Deleting a fund's rows first
would instead cascade from funds, caseworkers and spells into what the app itself holds
(bookings, Min Plan, slots, logins tied to caseworkers), which a reload of register data must
not touch; likewise fields the dataset lacks (a conversation's summary) keep their values. An
empty masked column (docs/data.md: names, addresses, contact; an exported dataset's) and a
masked CPR number leave the stored values alone.
Rows that a newer dataset no longer holds stay, and each spell's caseworker is derived again
from the conversations (the latest of the fund's own that names one) on every load.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.core.management.color import no_style
from django.db import DataError, IntegrityError, connection, models, transaction

from akasse.dataset.read import DatasetError
from akasse.dataset.schema import tables
from akasse.rules import Owner
from akasse.web.dataio.spec import SPECS, WEEK_LETTERS, Spec, hours_digits
from akasse.web.dataio.validate import Frames, Progress, quiet, read_dataset
from akasse.web.members.models import Member

BATCH = 2_000


@dataclass(frozen=True)
class Upsert:
    """Rows named by model attribute, and the attributes to overwrite on a key conflict."""

    frame: pl.DataFrame
    update: list[str]


def check_dataset(path: Path, *, progress: Progress | None = None) -> dict[str, int]:
    """Rows per table of a dataset that would load; raises ``DatasetError`` otherwise.
    Reads the database (the offers catalogue) but writes nothing."""
    frames = read_dataset(path, progress or quiet)
    return {name: frame.height for name, frame in frames.items()}


def load_dataset(path: Path, *, progress: Progress | None = None) -> dict[str, int]:
    """Load the dataset in ``path``; returns rows per table (weekly_status counts its rows,
    which become one string per spell). ``progress(step, done, total)`` is called with the
    tables checked, then with the rows written, out of their totals."""
    report = progress or quiet
    frames = read_dataset(path, report)
    counts = {name: frame.height for name, frame in frames.items()}
    total, done = sum(counts.values()), 0
    try:
        with transaction.atomic():
            for spec in SPECS:
                report(f"Indlæser {spec.table}", done, total)
                done = _load_table(spec, frames, done, total, report)
            _reset_sequences([s.model for s in SPECS if s.model is not None])
    except (IntegrityError, DataError) as exc:
        raise DatasetError(
            f"{path}: the database refused the dataset ({exc}); nothing was loaded"
        ) from exc
    report("Indlæst", total, total)
    return counts


def _load_table(spec: Spec, frames: Frames, done: int, total: int, report: Progress) -> int:
    model = spec.model
    if model is None:
        # Folded into Spell.weeks, which the spells have already written.
        return done + frames[spec.table].height
    for part in _upserts(spec, frames):
        rows = _in_field_order(model, _changed(model, spec, part))
        done += part.frame.height - rows.height
        for offset in range(0, rows.height, BATCH):
            chunk = rows.slice(offset, BATCH)
            model._default_manager.bulk_create(
                [model(*row) for row in chunk.iter_rows()],
                batch_size=BATCH,
                update_conflicts=True,
                unique_fields=spec.unique_fields,
                update_fields=part.update,
            )
            done += chunk.height
            report(f"Indlæser {spec.table}", done, total)
    return done


def _changed(model: type[models.Model], spec: Spec, part: Upsert) -> pl.DataFrame:
    """The rows the database does not already hold as they are, so that loading a dataset
    again writes only what changed (and leaves auto-updated timestamps alone)."""
    columns = [*spec.unique_fields, *part.update]
    query = model._default_manager.order_by().values_list(*columns)
    stored = pl.DataFrame(
        list(query.iterator(chunk_size=BATCH)),
        schema=part.frame.select(columns).schema,
        orient="row",
        strict=False,  # a value the dataset's type cannot hold counts as changed
    )
    if stored.is_empty():
        return part.frame
    return part.frame.join(stored, on=columns, how="anti", nulls_equal=True)


def _in_field_order(model: type[models.Model], frame: pl.DataFrame) -> pl.DataFrame:
    """One column per concrete field in the model's order, so that rows make instances
    positionally (markedly faster than by keyword); fields the dataset lacks get their
    default, evaluated once per table."""
    columns = []
    for field in model._meta.concrete_fields:
        if field.attname in frame.columns:
            columns.append(pl.col(field.attname))
        else:
            columns.append(pl.lit(field.get_default()).alias(field.attname))
    return frame.select(columns)


def _upserts(spec: Spec, frames: Frames) -> list[Upsert]:
    """The table's rows by model attribute, in one upsert per combination of masked columns
    left empty: an empty masked value (an export's) leaves the stored one alone, so those
    rows do not overwrite it (and a new row gets the field's blank)."""
    prepare = _PREPARE.get(spec.table)
    frame = frames[spec.table] if prepare is None else prepare(frames)
    frame = frame.rename({c: spec.attname(c) for c in frame.columns})
    update = [c for c in frame.columns if c not in spec.unique_fields]
    masked = [spec.attname(c) for c in tables()[spec.table].masked]
    if not masked:
        return [Upsert(_as_stored(spec, frame), update)]
    flags = [f"__empty_{c}" for c in masked]
    marked = frame.with_columns(
        pl.col(c).is_null().alias(f) for c, f in zip(masked, flags, strict=True)
    )
    upserts = []
    for empty, part in marked.partition_by(flags, as_dict=True, maintain_order=True).items():
        kept = {c for c, is_empty in zip(masked, empty, strict=True) if is_empty}
        rows = _as_stored(spec, part.drop(flags))
        upserts.append(Upsert(rows, [c for c in update if c not in kept]))
    return upserts


def _as_stored(spec: Spec, frame: pl.DataFrame) -> pl.DataFrame:
    """Lists comma-separated, and text the schema lets be empty but the model keeps as blank
    (a CharField without null) blank rather than null."""
    assert spec.model is not None
    lists = [spec.attname(c) for c in spec.lists]
    blank = []
    for name in frame.columns:
        field = spec.model._meta.get_field(name)
        if isinstance(field, (models.CharField, models.TextField)) and not field.null:
            blank.append(name)
    return frame.with_columns(
        *(pl.col(c).list.join(",") for c in lists),
        *(pl.col(c).fill_null("") for c in blank if c not in lists),
    )


def _members(frames: Frames) -> pl.DataFrame:
    """The CPR number becomes what ``Member.set_cpr`` stores: its keyed digest, or none for a
    masked one (from an export)."""
    members = frames["members"]
    digests = [_digest(cpr) for cpr in members["cpr"]]
    return members.with_columns(cpr=pl.Series(digests, dtype=pl.String))


def _digest(cpr: str) -> str | None:
    member = Member()
    member.set_cpr(cpr)
    return member.cpr_digest


def _spells(frames: Frames) -> pl.DataFrame:
    """Spells with their weekly status as one letter a week, and their caseworker: the one at
    the latest of the fund's own conversations that names one."""
    weeks = (
        frames["weekly_status"]
        .sort("spell_id", "week")
        .group_by("spell_id", maintain_order=True)
        .agg(weeks=pl.col("status").replace_strict(WEEK_LETTERS).str.join(""))
    )
    conversations = frames["conversations"]
    own = (pl.col("owner") == Owner.AKASSE.value) & pl.col("caseworker_id").is_not_null()
    caseworkers = (
        conversations.filter(own)
        .sort("planned_for", "conversation_id")
        .group_by("spell_id")
        .agg(caseworker_id=pl.col("caseworker_id").last())
    )
    return (
        frames["spells"]
        .join(weeks, on="spell_id", how="left", maintain_order="left")
        .join(caseworkers, on="spell_id", how="left", maintain_order="left")
        .with_columns(pl.col("weeks").fill_null(""))
    )


def _hours(frames: Frames) -> pl.DataFrame:
    # Validation has made sure the hours fit; the rounding only drops the float's noise.
    digits, places = hours_digits()
    hours = pl.col("hours").round(places).cast(pl.Decimal(digits, places))
    return frames["hours"].with_columns(hours)


def _conversations(frames: Frames) -> pl.DataFrame:
    return frames["conversations"].with_columns(pl.col("kinds").list.join(","))


_PREPARE: dict[str, Callable[[Frames], pl.DataFrame]] = {
    "members": _members,
    "spells": _spells,
    "hours": _hours,
    "conversations": _conversations,
}


def _reset_sequences(loaded: list[type[models.Model]]) -> None:
    """After inserts with explicit ids PostgreSQL's sequences lag behind, and the app's next
    new row would collide; other databases need no statements."""
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
