"""The audit log becomes a hash chain: sequence number, previous hash and hash on each event,
the chain's head in a one-row table, existing events chained in id order; deleting a user no
longer touches the log."""

from typing import Any

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from akasse.web.audit.chain import canonical_address, event_hash

GENESIS = "0" * 64
FIELDS = ("at", "user_id", "username", "action", "member_id", "what", "why", "address")


def chain_existing(apps: Any, schema_editor: Any) -> None:
    event_model = apps.get_model("audit", "AuditEvent")
    head_model = apps.get_model("audit", "ChainHead")
    db = schema_editor.connection.alias
    events = event_model.objects.using(db)
    seq, prev = 0, GENESIS
    for row in events.order_by("id").values("id", *FIELDS).iterator(chunk_size=2000):
        seq += 1
        row["address"] = canonical_address(row["address"])
        digest = event_hash(prev, row)
        events.filter(pk=row["id"]).update(
            seq=seq, prev_hash=prev, hash=digest, address=row["address"]
        )
        prev = digest
    head_model.objects.using(db).create(id=1, seq=seq, hash=prev)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="tidspunkt"
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="user",
            field=models.ForeignKey(
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                to=settings.AUTH_USER_MODEL,
                verbose_name="bruger",
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="nummer"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="forrige hash"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("seq", models.BigIntegerField(default=0)),
                ("hash", models.CharField(default=GENESIS, max_length=64)),
            ],
            options={"verbose_name": "kædens hoved", "verbose_name_plural": "kædens hoved"},
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="nummer"),
        ),
    ]
