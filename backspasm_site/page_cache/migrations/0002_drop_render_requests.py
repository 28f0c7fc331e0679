"""The render process is gone (Varnish or a CDN is the page cache, with Django's own cache under it): its
table goes, and the database cache table that Django's page cache uses (settings.CACHES["pages"]) is made
here, so that `migrate` is the one step a deploy, `make run` and the tests need."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "page_cache"  # settings.CACHES["pages"]["LOCATION"]


def create_cache_table(apps, schema_editor):
    # By its name, whatever CACHES says now (the tests' settings have no page cache; their servers do).
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [
        ("page_cache", "0001_render_requests"),
    ]

    operations = [
        migrations.DeleteModel(name="RenderRequest"),
        migrations.RunPython(create_cache_table, drop_cache_table),
    ]
