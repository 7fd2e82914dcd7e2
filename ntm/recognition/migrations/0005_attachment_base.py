"""DossierDocument, PostingEntry and TemplateOverride inherit ``core.Attachment`` (fields renamed, data kept);
Notification leaves recognition's state (core's 0002 took it over and renamed its table)."""

import django.db.models.deletion
import filetype
from django.conf import settings
from django.db import migrations, models


def fill_size_and_type(app_label, model_names):
    """Fill ``size`` (and an empty ``mime_type``, detected by content) of the existing rows from the stored file."""

    def forwards(apps, schema_editor):
        for name in model_names:
            model = apps.get_model(app_label, name)
            for row in model.objects.exclude(file="").filter(size=0).iterator():
                try:
                    with row.file.open("rb") as stored:
                        head = stored.read(8192)
                    size = row.file.size
                except OSError:  # the file is gone from storage: leave the row as it is
                    continue
                kind = filetype.guess(head)
                model.objects.filter(pk=row.pk).update(
                    size=size, mime_type=row.mime_type or (kind.mime if kind else "")
                )

    return forwards


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_notification"),
        ("recognition", "0004_council_to_councils_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Notification")]),
        migrations.RenameField(model_name="dossierdocument", old_name="mime", new_name="mime_type"),
        migrations.RenameField(model_name="postingentry", old_name="proof", new_name="file"),
        migrations.RenameField(model_name="postingentry", old_name="proof_name", new_name="original_name"),
        migrations.RenameField(model_name="postingentry", old_name="recorded_by", new_name="uploaded_by"),
        migrations.RenameField(model_name="postingentry", old_name="recorded_at", new_name="uploaded_at"),
        migrations.AddField(
            model_name="postingentry",
            name="mime_type",
            field=models.CharField(blank=True, max_length=120, verbose_name="file type"),
        ),
        migrations.AddField(
            model_name="postingentry",
            name="size",
            field=models.PositiveIntegerField(default=0, verbose_name="size (bytes)"),
        ),
        migrations.AddField(
            model_name="templateoverride",
            name="mime_type",
            field=models.CharField(blank=True, max_length=120, verbose_name="file type"),
        ),
        migrations.AddField(
            model_name="templateoverride",
            name="size",
            field=models.PositiveIntegerField(default=0, verbose_name="size (bytes)"),
        ),
        migrations.AlterField(
            model_name="dossierdocument",
            name="mime_type",
            field=models.CharField(blank=True, max_length=120, verbose_name="file type"),
        ),
        migrations.AlterField(
            model_name="dossierdocument",
            name="size",
            field=models.PositiveIntegerField(default=0, verbose_name="size (bytes)"),
        ),
        migrations.AlterField(
            model_name="dossierdocument",
            name="uploaded_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
        ),
        migrations.AlterField(
            model_name="dossierdocument",
            name="uploaded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="uploaded by",
            ),
        ),
        migrations.AlterField(
            model_name="postingentry",
            name="original_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="file name"),
        ),
        migrations.AlterField(
            model_name="postingentry",
            name="uploaded_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
        ),
        migrations.AlterField(
            model_name="postingentry",
            name="uploaded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="uploaded by",
            ),
        ),
        migrations.AlterField(
            model_name="templateoverride",
            name="uploaded_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
        ),
        migrations.AlterField(
            model_name="templateoverride",
            name="uploaded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="uploaded by",
            ),
        ),
        migrations.RunPython(
            fill_size_and_type("recognition", ("PostingEntry", "TemplateOverride")), migrations.RunPython.noop
        ),
    ]
