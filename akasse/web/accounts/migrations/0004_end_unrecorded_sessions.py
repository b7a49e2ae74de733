"""Sessions made before each session's owner was recorded (0003) cannot be ended by a logout
or a new password: end them, so everyone logs in once more after the upgrade."""

from typing import Any

from django.db import migrations


def end_unrecorded(apps: Any, schema_editor: Any) -> None:
    session = apps.get_model("sessions", "Session")
    session.objects.using(schema_editor.connection.alias).filter(owner__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_sessions"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(end_unrecorded, migrations.RunPython.noop)]
