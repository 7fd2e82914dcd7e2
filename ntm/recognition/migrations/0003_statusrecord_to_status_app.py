"""The register of official status is now the ``status`` app's (status 0001 took over the table and renamed it):
the dossiers' foreign keys point at ``status.StatusRecord`` and recognition's state forgets the model. No
database change."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0002_dossier_workflow"),
        ("status", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="dossier",
                    name="revokes",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="revocation_dossiers",
                        to="status.statusrecord",
                    ),
                ),
                migrations.AlterField(
                    model_name="dossier",
                    name="status_record",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dossiers",
                        to="status.statusrecord",
                    ),
                ),
                migrations.DeleteModel(name="StatusRecord"),
            ],
            database_operations=[],
        ),
    ]
