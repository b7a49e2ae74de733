"""Queries the ORM compiles once, then sends again with new values.

Building and compiling a small query with the ORM takes longer than PostgreSQL takes to run
it (about 0.25 ms against 0.2 ms for one spell's rows), and the member page runs about ten of
them each time it is opened, before every conversation. Such a query is therefore written
once as an ordinary queryset whose varying values are named parameters::

    RECENT = Prepared(
        lambda: PlanEntry.objects.filter(spell_id=Param("spell", IntegerField()))
        .order_by("-created_at")
        .values_list("kind", "text")[:30]
    )
    RECENT.rows(spell=spell.id)

It is compiled the first time a database connection runs it; later runs on that connection
send the same SQL with the new values, through Django's cursor (so the queries are counted
and logged like any other). Rows come back converted as the ORM converts them (dates and
aware times on SQLite, JSON): as tuples for ``values_list``, as model instances (with their
annotations and ``select_related`` objects) for a model's queryset.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, Field, Model, QuerySet
from django.db.models.query import (  # type: ignore[attr-defined]
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.sql.compiler import SQLCompiler

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class _Slot:
    """Where a parameter's value goes among the compiled query's parameters."""

    name: str
    field: Field[Any, Any]


class Param(Expression):
    """A named value of a prepared query, given anew on each run; ``output_field`` says how
    the value is passed to the database (a date, a number)."""

    def __init__(self, name: str, output_field: Field[Any, Any]) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [_Slot(self.name, self.output_field)]


Converters = list[tuple[int, list[Any], Any]]


@dataclass(frozen=True)
class _Compiled:
    sql: str | None  # None: the query can match no row
    params: tuple[Any, ...]
    names: frozenset[str]
    converters: Converters
    # For model instances: the model, the slice of its fields among the columns and their
    # attribute names, the annotations' columns and what fills in select_related objects.
    model: type[Model] | None
    fields: slice
    attnames: tuple[str, ...]
    annotations: tuple[tuple[str, int], ...]
    related: tuple[Any, ...]


def _converters(compiler: SQLCompiler) -> Converters:
    columns = [select[0] for select in compiler.select[: compiler.col_count]]
    found = compiler.get_converters(columns)
    return [(position, convs, column) for position, (convs, column) in found.items()]


class Prepared(Generic[M]):
    """A queryset compiled once per database connection (see the module's text). ``build``
    returns the queryset; it is called only to compile it."""

    def __init__(self, build: Callable[[], QuerySet[M, Any]], using: str = DEFAULT_DB_ALIAS):
        self._build = build
        self._using = using
        self._compiled: WeakKeyDictionary[BaseDatabaseWrapper, _Compiled] = WeakKeyDictionary()
        self._lock = threading.Lock()

    def _compile(self, connection: BaseDatabaseWrapper) -> _Compiled:
        queryset = self._build()
        query = queryset.query
        tuples = queryset._iterable_class is ValuesListIterable
        if not tuples and queryset._iterable_class is not ModelIterable:
            raise ValueError("a prepared query returns model instances or values_list rows")
        if queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
            raise ValueError("a prepared query cannot prefetch_related")
        if tuples and (query.annotation_select or query.extra_select):
            raise ValueError("a prepared values_list query names fields only")
        compiler = query.get_compiler(connection=connection)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            sql, params = None, ()
        names = frozenset(p.name for p in params if isinstance(p, _Slot))
        model, fields, attnames, annotations, related = None, slice(0), (), (), ()
        if sql is not None and not tuples:
            info = compiler.klass_info
            assert info is not None
            start, end = info["select_fields"][0], info["select_fields"][-1] + 1
            model, fields = info["model"], slice(start, end)
            attnames = tuple(s[0].target.attname for s in compiler.select[start:end])
            annotations = tuple(compiler.annotation_col_map.items())
            related = tuple(get_related_populators(info, compiler.select, self._using))
        return _Compiled(
            sql=sql,
            params=tuple(params),
            names=names,
            converters=_converters(compiler) if sql is not None else [],
            model=model,
            fields=fields,
            attnames=attnames,
            annotations=annotations,
            related=related,
        )

    def _run(self, values: dict[str, Any]) -> tuple[_Compiled, list[list[Any]]]:
        connection = connections[self._using]
        compiled = self._compiled.get(connection)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(connection) or self._compile(connection)
                self._compiled[connection] = compiled
        if compiled.sql is None:  # nothing to send, and the values' names unknown
            return compiled, []
        if set(values) != compiled.names:
            missing, unknown = compiled.names - set(values), set(values) - compiled.names
            raise TypeError(
                f"prepared query: missing {sorted(missing)}, unknown {sorted(unknown)} values"
            )
        params = [
            p.field.get_db_prep_value(values[p.name], connection, prepared=False)
            if isinstance(p, _Slot)
            else p
            for p in compiled.params
        ]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows: Sequence[Sequence[Any]] = cursor.fetchall()
        if not compiled.converters:
            return compiled, [list(row) for row in rows]
        converted = []
        for row in rows:
            found = list(row)
            for position, convs, column in compiled.converters:
                value = found[position]
                for convert in convs:
                    value = convert(value, column, connection)
                found[position] = value
            converted.append(found)
        return compiled, converted

    def rows(self, **values: Any) -> list[tuple[Any, ...]]:
        """The rows of a ``values_list`` query with these parameter values."""
        compiled, rows = self._run(values)
        if compiled.model is not None:
            raise TypeError("this prepared query returns model instances: use objects()")
        return [tuple(row) for row in rows]

    def objects(self, **values: Any) -> list[M]:
        """The model instances of a model's query with these parameter values."""
        compiled, rows = self._run(values)
        model = compiled.model
        if model is None:
            if compiled.sql is None:
                return []
            raise TypeError("this prepared query returns values_list rows: use rows()")
        found = []
        for row in rows:
            obj = model.from_db(self._using, list(compiled.attnames), row[compiled.fields])
            for populator in compiled.related:
                populator.populate(row, obj)
            for name, position in compiled.annotations:
                setattr(obj, name, row[position])
            found.append(obj)
        return found  # type: ignore[return-value]
