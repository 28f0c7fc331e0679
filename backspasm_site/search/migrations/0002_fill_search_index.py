"""Index the articles already published when the search index arrives."""

from django.db import migrations


def fill(apps, schema_editor):
    from backspasm_site.search.index import rebuild

    Article = apps.get_model("articles", "Article")
    rebuild(
        Article.objects.filter(status="published").only("title", "summary", "body_html").iterator(),
        entry_model=apps.get_model("search", "SearchEntry"),
        word_model=apps.get_model("search", "SearchWord"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_search_index"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
