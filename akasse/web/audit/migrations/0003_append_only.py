"""Triggers refusing UPDATE and DELETE of audit events, on PostgreSQL and on SQLite.

A later migration that alters the audit table on SQLite rebuilds it, and the rebuilt table has
no triggers: such a migration must run ``triggers.create`` again."""

from typing import Any

from django.db import migrations

from akasse.web.audit import triggers


def create(apps: Any, schema_editor: Any) -> None:
    triggers.create(schema_editor.connection)


def drop(apps: Any, schema_editor: Any) -> None:
    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
