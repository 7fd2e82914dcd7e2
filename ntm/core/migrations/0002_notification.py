"""Notification moves from recognition to core without losing rows: the state is created here and the table is
renamed ``recognition_notification`` → ``core_notification`` (ALTER TABLE … RENAME TO, valid on SQLite and
PostgreSQL); recognition's 0003 removes the model from its own state. The content type follows the model so
permissions and audit references stay attached."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="core", model="notification").exists():
        content_type.objects.filter(app_label="recognition", model="notification").update(app_label="core")


def restore_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(app_label="recognition", model="notification").exists():
        content_type.objects.filter(app_label="core", model="notification").update(app_label="recognition")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("recognition", "0002_dossier_workflow"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("text", models.CharField(max_length=500, verbose_name="text")),
                        ("url", models.CharField(blank=True, max_length=300, verbose_name="link")),
                        ("key", models.CharField(blank=True, max_length=120)),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                        ("emailed_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at", "-id"],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("key", ""), _negated=True),
                                fields=("user", "key"),
                                name="notification_unique_key",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE recognition_notification RENAME TO core_notification",
                    reverse_sql="ALTER TABLE core_notification RENAME TO recognition_notification",
                ),
            ],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
