"""Evidence inherits ``core.Attachment``: ``mime`` is renamed ``mime_type`` (data kept)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_evaluation_cache"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="evidence", old_name="mime", new_name="mime_type"),
        migrations.AlterField(
            model_name="evidence",
            name="mime_type",
            field=models.CharField(blank=True, max_length=120, verbose_name="file type"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="size",
            field=models.PositiveIntegerField(default=0, verbose_name="size (bytes)"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="uploaded_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="uploaded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="uploaded by",
            ),
        ),
    ]
