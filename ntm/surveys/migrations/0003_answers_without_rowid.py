"""On SQLite, store answers in WITHOUT ROWID tables, so no hidden sequential row id records their arrival order.

An ordinary SQLite table numbers its rows in insertion order (``rowid``) even when its primary key is a random
UUID; a WITHOUT ROWID table has no such number and keeps its rows in primary-key order (random for ``Answer``, by
answer for ``AnswerItem``). The tables are rebuilt the way Django's SQLite schema editor rebuilds a table (new
table, copy, drop, rename), so the foreign key from ``AnswerItem`` keeps pointing to ``surveys_answer``.

A later migration that makes Django rebuild one of these tables on SQLite drops WITHOUT ROWID again: the test
``test_answer_tables_have_no_rowid_on_sqlite`` fails then, and a migration like this one must follow it.
PostgreSQL has no row id (its system columns are discussed in the README's privacy section); nothing changes there.
"""

from django.db import migrations

TABLES = ("surveys_answer", "surveys_answeritem")


def _without_rowid(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [table])
            create = cursor.fetchone()[0]
            if create.rstrip().upper().endswith("WITHOUT ROWID"):
                continue
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            indexes = [row[0] for row in cursor.fetchall()]
            new = f"new__{table}"
            cursor.execute(create.replace(f'"{table}"', f'"{new}"', 1) + " WITHOUT ROWID")
            cursor.execute(f'INSERT INTO "{new}" SELECT * FROM "{table}"')  # noqa: S608 (fixed names)
            cursor.execute(f'DROP TABLE "{table}"')
            cursor.execute(f'ALTER TABLE "{new}" RENAME TO "{table}"')
            for index in indexes:
                cursor.execute(index)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_shared_choices"),
    ]

    operations = [
        migrations.RunPython(_without_rowid, migrations.RunPython.noop, elidable=False),
    ]
