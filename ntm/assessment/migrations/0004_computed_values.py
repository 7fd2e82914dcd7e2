import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0003_attachment_base"),
        ("units", "0003_alter_administrativeunit_unit_type"),
    ]

    operations = [
        migrations.RenameField(model_name="indicatorsource", old_name="provider", new_name="source"),
        migrations.AlterField(
            model_name="indicatorsource",
            name="source",
            field=models.CharField(max_length=60, verbose_name="source"),
        ),
        migrations.CreateModel(
            name="ComputedValue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                ("source", models.CharField(max_length=60, verbose_name="source")),
                ("value", models.JSONField(null=True, verbose_name="value")),
                ("detail", models.JSONField(blank=True, null=True, verbose_name="detail")),
                ("description", models.CharField(max_length=255, verbose_name="description")),
                ("reference", models.CharField(blank=True, max_length=80, verbose_name="reference")),
                ("url", models.CharField(blank=True, max_length=300, verbose_name="URL")),
                ("computed_at", models.DateTimeField(verbose_name="computed at")),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="units.administrativeunit",
                    ),
                ),
            ],
            options={
                "verbose_name": "computed value",
                "verbose_name_plural": "computed values",
                "constraints": [
                    models.UniqueConstraint(fields=("unit", "year", "source"), name="computed_value_unique")
                ],
            },
        ),
    ]
