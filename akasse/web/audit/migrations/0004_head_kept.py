"""The chain's head may not be deleted, and on PostgreSQL neither table truncated: the triggers
made again with these added."""

from typing import Any

from django.db import migrations

from akasse.web.audit import triggers


def recreate(apps: Any, schema_editor: Any) -> None:
    triggers.drop(schema_editor.connection)
    triggers.create(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only")]

    operations = [migrations.RunPython(recreate, migrations.RunPython.noop, elidable=False)]
