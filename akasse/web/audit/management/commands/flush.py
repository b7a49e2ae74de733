"""Django's ``flush`` (which the tests run after each test on committed data), able to empty
the audit log."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from akasse.web.audit import triggers


class Command(flush.Command):
    """Flush empties every table, which the audit log's triggers refuse (DELETE on SQLite,
    TRUNCATE on PostgreSQL): they are dropped for the flush and made again in the same
    transaction. Emptying the whole database is the one way to empty the log."""

    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with transaction.atomic(using=connection.alias):
            triggers.drop(connection)
            super().handle(**options)
            triggers.create(connection)
