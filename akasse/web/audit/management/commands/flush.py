"""Django's ``flush`` (which the tests run between tests on committed data), able to empty
the audit log on SQLite too."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from akasse.web.audit import triggers


class Command(flush.Command):
    """Flush empties every table. On PostgreSQL it does so with TRUNCATE, which the audit
    log's row triggers do not see; on SQLite with DELETE, which they refuse: there the
    triggers are dropped for the flush and made again in the same transaction."""

    def handle(self, **options: Any) -> None:
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        with transaction.atomic(using=connection.alias):
            triggers.drop(connection)
            super().handle(**options)
            triggers.create(connection)
