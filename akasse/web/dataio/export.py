"""Exporting the case database as a dataset: every table of the schema but the simulated
truth, with the schema's types, written so that the folder is either complete or absent.

Masked columns (docs/data.md: names, addresses, contact) leave empty, and CPR numbers only
masked (DDMMYY-xxxx): the database holds nothing else of them. Conversations
the app has booked but not yet held are left out (the schema knows outcomes only), and so are
the fund's own offers (lab_offers holds the jobcentre's LAB offers)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection, models, transaction
from django.db.models import Max

from akasse.dataset.read import DatasetError
from akasse.dataset.schema import polars_schema, tables
from akasse.dataset.write import DatasetWriter
from akasse.sim.run import FORMAT_VERSION
from akasse.web.casework.models import Conversation, Offer
from akasse.web.dataio.spec import BY_TABLE, TRUTH, WEEK_LETTERS, hours_digits
from akasse.web.dataio.validate import Progress, quiet
from akasse.web.members import cpr as cprs
from akasse.web.members.models import Fund, HoursPaid, Member, OfferType, Spell

EXPORTED = tuple(name for name in tables() if name != TRUTH)
CHUNK = 5_000


def export_dataset(path: Path, *, progress: Progress | None = None) -> dict[str, int]:
    """Write the database to ``path`` (a new or empty folder); returns rows per table.
    ``progress(step, done, total)`` is called with the tables written out of all."""
    report = progress or quiet
    with DatasetWriter(path, EXPORTED) as writer, _snapshot():
        for done, name in enumerate(EXPORTED):
            report(f"Udtrækker {name}", done, len(EXPORTED))
            writer.write(name, table_frame(name).to_arrow())
        writer.commit(_manifest())
    report("Udtrukket", len(EXPORTED), len(EXPORTED))
    return {name: writer.rows[name] for name in EXPORTED}


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """One transaction, so that the tables agree with each other while the app keeps
    working. PostgreSQL needs repeatable read for one snapshot across the statements, which
    can be asked for only at the start of the outermost transaction."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def table_frame(name: str) -> pl.DataFrame:
    """One table of the dataset from the database, in the schema's columns and types."""
    special = _SPECIAL.get(name)
    try:
        frame = special() if special is not None else _rows(name, _manager(name).all())
        return frame.select(pl.col(c).cast(t) for c, t in polars_schema(name).items())
    except pl.exceptions.PolarsError as exc:
        # E.g. a value the app let through that the schema's narrower type cannot hold.
        raise DatasetError(
            f"table {name}: the database holds values the schema does not allow "
            f"({exc}); nothing was written"
        ) from exc


def _manager(name: str) -> models.Manager[Any]:
    model = BY_TABLE[name].model
    assert model is not None
    return model._default_manager


def _rows(
    name: str,
    queryset: models.QuerySet[Any],
    skip: tuple[str, ...] = (),
    types: dict[str, pl.DataType] | None = None,
) -> pl.DataFrame:
    """The table's columns (but ``skip``) read from ``queryset`` in key order, built with the
    schema's types unless ``types`` says otherwise. Masked columns are not read at all and
    leave empty; lists come back from their comma-separated form, and a blank text the
    schema lets be empty leaves as empty (null)."""
    spec, table = BY_TABLE[name], tables()[name]
    schema = polars_schema(name)
    masked = [c for c in table.masked if c not in skip]
    columns = [c for c in schema if c not in skip and c not in masked]
    stored = {c: pl.String() for c in spec.lists} | (types or {})
    row_types = {spec.attname(c): stored.get(c, schema[c]) for c in columns}
    ordered = queryset.order_by(*spec.unique_fields).values_list(*row_types)
    rows = list(ordered.iterator(chunk_size=CHUNK))
    frame = pl.DataFrame(rows, schema=row_types, orient="row")
    frame = frame.rename({spec.attname(c): c for c in columns})
    blank = [
        c.name
        for c in table.columns
        if c.nullable and c.name in columns and schema[c.name] == pl.String
    ]
    items = pl.element()
    return frame.with_columns(
        *(pl.lit(None, dtype=schema[c]).alias(c) for c in masked),
        *(pl.col(c).str.split(",").list.eval(items.filter(items != "")) for c in spec.lists),
        *(pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in blank),
    )


def _members() -> pl.DataFrame:
    frame = _rows("members", Member.objects.all(), skip=("cpr",))
    masked = [cprs.masked(day) for day in frame["birth_date"]]
    return frame.with_columns(cpr=pl.Series(masked, dtype=pl.String))


def _weekly_status() -> pl.DataFrame:
    """One row per letter of Spell.weeks."""
    statuses = {letter: status for status, letter in WEEK_LETTERS.items()}
    rows = Spell.objects.exclude(weeks="").order_by("id").values_list("id", "weeks")
    spells = pl.DataFrame(
        list(rows.iterator(chunk_size=CHUNK)),
        schema={"spell_id": pl.Int64(), "weeks": pl.String()},
        orient="row",
    )
    return (
        spells.with_columns(
            status=pl.col("weeks").str.split(""),
            week=pl.int_ranges(pl.col("weeks").str.len_chars(), dtype=pl.Int16),
        )
        .explode("status", "week", empty_as_null=False)
        .with_columns(pl.col("status").replace_strict(statuses))
    )


def _hours() -> pl.DataFrame:
    digits, places = hours_digits()
    return _rows("hours", HoursPaid.objects.all(), types={"hours": pl.Decimal(digits, places)})


def _conversations() -> pl.DataFrame:
    held_or_not = Conversation.objects.exclude(status=Conversation.Status.BOOKED)
    frame = _rows("conversations", held_or_not, types={"kinds": pl.String()})
    return frame.with_columns(pl.col("kinds").str.split(","))


def _lab_offers() -> pl.DataFrame:
    lab = Offer.objects.filter(offer_type__source=OfferType.Source.LAB)
    return _rows("lab_offers", lab)


_SPECIAL: dict[str, Callable[[], pl.DataFrame]] = {
    "members": _members,
    "weekly_status": _weekly_status,
    "hours": _hours,
    "conversations": _conversations,
    "lab_offers": _lab_offers,
}


def _manifest() -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "format": "akasse-dataset",
        "version": FORMAT_VERSION,
        "source": "export",
    }
    as_of = as_of_date()
    if as_of is not None:
        manifest["as_of"] = as_of.isoformat()
    manifest["funds"] = list(Fund.objects.order_by("code").values_list("code", flat=True))
    return manifest


def as_of_date() -> dt.date | None:
    """The last day of the latest month with hours paid; None before any were paid."""
    latest: dt.date | None = HoursPaid.objects.aggregate(latest=Max("month"))["latest"]
    if latest is None:
        return None
    following = dt.date(latest.year + latest.month // 12, latest.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
