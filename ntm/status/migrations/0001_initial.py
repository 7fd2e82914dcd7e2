"""The register of official status moves here from the recognition app, keeping its rows.

The model first appears in this app's state only, on the table it already has (``recognition_statusrecord``,
created by recognition 0001); the table and its many-to-many table are then renamed to this app's names, and the
content type follows, so permissions keep pointing at the model. Recognition 0003 then drops the model from
recognition's state (its dossiers' foreign keys now point here).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_TABLE = "recognition_statusrecord"


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not content_type.objects.using(db).filter(app_label="status", model="statusrecord").exists():
        content_type.objects.using(db).filter(app_label="recognition", model="statusrecord").update(
            app_label="status"
        )


def restore_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not content_type.objects.using(db).filter(app_label="recognition", model="statusrecord").exists():
        content_type.objects.using(db).filter(app_label="status", model="statusrecord").update(
            app_label="recognition"
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("units", "0003_alter_administrativeunit_unit_type"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("recognition", "0002_dossier_workflow"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StatusRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("ntm", "NTM standard met"),
                                    ("nang_cao", "Advanced NTM"),
                                    ("kieu_mau", "Model NTM"),
                                    ("thu_hoi", "Recognition revoked"),
                                ],
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "criteria_set",
                            models.CharField(blank=True, max_length=60, verbose_name="criteria set"),
                        ),
                        ("decision_number", models.CharField(max_length=60, verbose_name="decision number")),
                        ("decision_date", models.DateField(verbose_name="decision date")),
                        ("signer", models.CharField(blank=True, max_length=150, verbose_name="signed by")),
                        (
                            "issuing_body",
                            models.CharField(blank=True, max_length=200, verbose_name="issuing body"),
                        ),
                        (
                            "document",
                            models.FileField(blank=True, upload_to="decisions/%Y/", verbose_name="document"),
                        ),
                        (
                            "source",
                            models.CharField(
                                choices=[
                                    ("workflow", "Decision made in the dossier workflow"),
                                    ("register", "Imported from the province's register of past decisions"),
                                    ("conversion", "Conversion after 1/7/2025 (quy đổi)"),
                                ],
                                max_length=12,
                                verbose_name="source",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                        ("is_published", models.BooleanField(default=True, verbose_name="public")),
                        ("recorded_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "converted_from",
                            models.ManyToManyField(
                                blank=True,
                                related_name="converted_into",
                                to="status.statusrecord",
                                verbose_name="converted from",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "revokes",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="revoked_by",
                                to="status.statusrecord",
                                verbose_name="revokes",
                            ),
                        ),
                        (
                            "superseded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="supersedes",
                                to="status.statusrecord",
                                verbose_name="corrected by",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="status_records",
                                to="units.administrativeunit",
                                verbose_name="unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "official status record",
                        "verbose_name_plural": "register of official status",
                        "ordering": ["unit", "decision_date", "id"],
                        "db_table": OLD_TABLE,
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("level", "thu_hoi"), _negated=True),
                                    ("revokes__isnull", False),
                                    _connector="OR",
                                ),
                                name="revocation_names_the_revoked_record",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        # Renames recognition_statusrecord (and its converted_from table) to status_statusrecord(_converted_from).
        migrations.AlterModelTable(name="statusrecord", table=None),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
