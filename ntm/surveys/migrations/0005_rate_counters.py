"""Rate-limit counters of the public answer pages in one table raised by an atomic upsert (they were in the
database cache, where a count took six statements (a read, then a write with a row count) and could be lost under concurrency).
UNLOGGED on PostgreSQL: no WAL write per count; a crash empties the table, which only forgets ten minutes of
counts."""

from django.db import migrations, models


def _unlogged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE surveys_ratecounter SET UNLOGGED")


def _logged(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE surveys_ratecounter SET LOGGED")


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0004_threshold_defaults_honest"),
    ]

    operations = [
        migrations.CreateModel(
            name="RateCounter",
            fields=[
                ("key", models.CharField(max_length=120, primary_key=True, serialize=False)),
                ("period", models.BigIntegerField(db_index=True)),
                ("hits", models.PositiveIntegerField(default=0)),
            ],
            options={
                "verbose_name": "rate-limit counter",
                "verbose_name_plural": "rate-limit counters",
            },
        ),
        migrations.RunPython(_unlogged, _logged, elidable=False),
    ]
