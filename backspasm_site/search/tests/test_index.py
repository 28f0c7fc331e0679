"""The stored search index: kept current by saves, unpublishing and deletes, never rebuilt per search."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from backspasm_site.articles.models import Article, Status, Topic
from backspasm_site.search.engine import search
from backspasm_site.search.models import SearchEntry, SearchWord

pytestmark = pytest.mark.django_db


def found(query):
    return [result.article.slug for result in search(query, exact=True).results]


def vocabulary():
    return dict(SearchWord.objects.values_list("word", "articles"))


def quokka_page(status=Status.PUBLISHED, **fields):
    return Article.objects.create(
        **{
            "title": "Quokka care",
            "slug": "quokka-care",
            "summary": "All about quokkas.",
            "topic": Topic.TREATMENT,
            "status": status,
            "body": "## Wombat baths\n\nWombats like warm water.",
            **fields,
        }
    )


def test_publishing_indexes_a_page_and_unpublishing_takes_it_out(site_content):
    article = quokka_page(status=Status.DRAFT)
    assert found("wombats") == [] and not SearchEntry.objects.filter(pk=article.pk).exists()
    assert "wombats" not in vocabulary()

    article.status = Status.PUBLISHED
    article.save()
    assert found("wombats") == ["quokka-care"]
    assert vocabulary()["wombats"] == 1

    article.status = Status.DRAFT
    article.save()
    assert found("wombats") == [] and found("quokka") == []
    assert not SearchEntry.objects.filter(pk=article.pk).exists()
    assert "wombats" not in vocabulary() and "quokkas" not in vocabulary()


def test_an_edit_is_found_at_once_and_the_old_words_are_forgotten(site_content):
    article = quokka_page()
    article.body = "## Platypus baths\n\nPlatypuses like cool water."
    article.save()
    assert found("wombats") == [] and found("platypuses") == ["quokka-care"]
    words = vocabulary()
    assert "wombats" not in words and words["platypuses"] == 1
    assert (
        words["water"]
        == 1 + Article.objects.published().exclude(pk=article.pk).filter(body__icontains="water").count()
    )


def test_a_word_two_pages_use_stays_until_neither_does(site_content):
    first = quokka_page()
    second = quokka_page(slug="quokka-more", title="More quokkas")
    assert vocabulary()["wombats"] == 2
    first.delete()
    assert vocabulary()["wombats"] == 1 and found("wombats") == ["quokka-more"]
    second.delete()
    assert "wombats" not in vocabulary() and found("wombats") == []
    assert not SearchEntry.objects.filter(article_id__in=[first.pk, second.pk]).exists()


def test_a_search_reads_the_index_and_never_the_articles_text(site_content):
    quokka_page()
    with CaptureQueriesContext(connection) as few_pages:
        assert found("wombats") == ["quokka-care"]
    for n in range(30):
        quokka_page(slug=f"quokka-{n}", title=f"Quokkas {n}")
    with CaptureQueriesContext(connection) as many_pages:
        assert len(found("wombats")) == 20  # at most 20 results, each with a snippet
    assert len(many_pages.captured_queries) == len(few_pages.captured_queries)
    for query in many_pages.captured_queries:
        # The articles are read only for the results shown, by id; never their body for a new index.
        assert "body_html" not in query["sql"] and "CREATE" not in query["sql"].upper()
        if '"articles_article"' in query["sql"]:
            assert " IN (" in query["sql"]


def test_rebuild_search_index_makes_the_same_index_as_the_saves_and_can_run_twice(site_content):
    quokka_page()
    entries = set(SearchEntry.objects.values_list("article_id", "title", "summary", "body"))
    words = vocabulary()
    for _ in range(2):
        call_command("rebuild_search_index", verbosity=0)
        assert set(SearchEntry.objects.values_list("article_id", "title", "summary", "body")) == entries
        assert vocabulary() == words
        assert found("wombats") == ["quokka-care"]


def test_rebuild_search_index_indexes_articles_that_came_without_a_save(site_content):
    Article.objects.bulk_create(
        [Article(title="Bulk", slug="bulk", summary="Bulk", topic=Topic.TREATMENT, status=Status.PUBLISHED,
                 body="Numbats.", body_html="<p>Numbats.</p>", next_review_due="2030-01-01")]
    )  # fmt: skip
    assert found("numbats") == []  # bulk_create sends no signals
    call_command("rebuild_search_index", verbosity=0)
    assert found("numbats") == ["bulk"] and vocabulary()["numbats"] == 1


def test_the_data_migration_fills_the_index_for_pages_already_published(site_content):
    quokka_page()
    quokka_page(slug="a-draft", status=Status.DRAFT, body="Bilbies.")
    entries = set(SearchEntry.objects.values_list("article_id", "body"))
    words = vocabulary()
    SearchEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    assert found("wombats") == []
    migration = MigrationLoader(connection).get_migration("search", "0002_fill_search_index")
    state = MigrationLoader(connection).project_state(("search", "0002_fill_search_index"))
    migration.operations[0].code(state.apps, None)
    assert set(SearchEntry.objects.values_list("article_id", "body")) == entries
    assert vocabulary() == words and "bilbies" not in words
    assert found("wombats") == ["quokka-care"] and found("bilbies") == []
