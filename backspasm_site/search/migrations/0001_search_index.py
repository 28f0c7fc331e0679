"""The stored search index: entries and vocabulary, and each database's own full-text index of the entries.

PostgreSQL: a generated `document` column (title weighted A, summary B, body C, English stemming) with a
GIN index; the database computes it on every insert and update. SQLite: an FTS5 table reading the entries
(Porter stemming), kept in step by triggers. Neither is a Django field (see models.py).

SQLite drops a table's triggers when Django remakes the table, which it does for most field changes: a later
migration that alters SearchEntry on SQLite must run FULL_TEXT_INDEX's SQLite statements again.
"""

import django.db.models.deletion
from django.db import migrations, models

ENTRY = "search_searchentry"
POSTGRES = [
    f"""ALTER TABLE {ENTRY} ADD COLUMN document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A')
        || setweight(to_tsvector('english'::regconfig, summary), 'B')
        || setweight(to_tsvector('english'::regconfig, body), 'C')
    ) STORED""",
    f"CREATE INDEX search_entry_document ON {ENTRY} USING gin (document)",
]
POSTGRES_UNDO = [f"ALTER TABLE {ENTRY} DROP COLUMN document"]
SQLITE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, summary, body, content='search_searchentry', content_rowid='article_id', tokenize='porter unicode61'
    )""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts (rowid, title, summary, body) VALUES (new.article_id, new.title, new.summary, new.body);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, summary, body)
            VALUES ('delete', old.article_id, old.title, old.summary, old.body);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, summary, body)
            VALUES ('delete', old.article_id, old.title, old.summary, old.body);
        INSERT INTO search_fts (rowid, title, summary, body) VALUES (new.article_id, new.title, new.summary, new.body);
    END""",
    "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TABLE IF EXISTS search_fts",
]
FULL_TEXT_INDEX = {"postgresql": (POSTGRES, POSTGRES_UNDO), "sqlite": (SQLITE, SQLITE_UNDO)}


def add_full_text_index(apps, schema_editor):
    for statement in FULL_TEXT_INDEX[schema_editor.connection.vendor][0]:
        schema_editor.execute(statement)


def remove_full_text_index(apps, schema_editor):
    for statement in FULL_TEXT_INDEX[schema_editor.connection.vendor][1]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0003_editor_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="articles.article",
                    ),
                ),
                ("title", models.TextField()),
                ("summary", models.TextField()),
                (
                    "body",
                    models.TextField(
                        help_text="The body as plain text, each heading and list item ended by a stop."
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
            },
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=40, unique=True)),
                ("length", models.PositiveSmallIntegerField(db_index=True)),
                (
                    "articles",
                    models.PositiveIntegerField(help_text="How many published articles use the word."),
                ),
            ],
        ),
        migrations.RunPython(add_full_text_index, remove_full_text_index),
    ]
