"""Keeping the search index current: what is stored for each published article, and the vocabulary.

`update(article)` runs on every article save (signals.py): a published article's entry is written, a
draft's is removed, so drafts are never found. `remove(article_id)` runs before a delete. `rebuild()` makes
the whole index again from the articles (`manage.py rebuild_search_index`, and after bulk imports, which
send no signals). The database's own full-text index follows the entries by itself (see models.py).

The vocabulary counts, for each word, the published articles that use it: a save adds the words the
article gained and takes away those it lost, and a word no article uses any more is deleted.
"""

import re
from collections import Counter
from collections.abc import Iterable
from itertools import islice

from django.db import connection, transaction

from backspasm_site.articles.models import Status
from backspasm_site.core.markdown import plain_text
from backspasm_site.symptom_checker.templatetags.checker_tags import SIGNS_PLACEHOLDER

from .models import SearchEntry, SearchWord
from .words import vocabulary_of

# Where one block of an article ends: a heading, paragraph, list item, table cell, quote or line break.
BLOCK_END = re.compile(r"</(?:h[1-6]|p|li|td|th|blockquote|pre)\s*>|<br\s*/?>", re.IGNORECASE)
ENDS_A_SENTENCE = tuple(".!?:;…")
BATCH = 500


def plain_blocks(html: str) -> str:
    """An article's readable text with each block ended by a stop, so a snippet never runs a heading
    into the sentence after it ("Heat. Put heat on the area", not "Heat Put heat on the area").

    The {{ warning_signs }} placeholder is left out: it is not words the editors wrote.
    """
    blocks = (plain_text(block) for block in BLOCK_END.split(SIGNS_PLACEHOLDER.sub(" ", html)))
    return " ".join(block if block.endswith(ENDS_A_SENTENCE) else block + "." for block in blocks if block)


def entry_for(article, entry_model=SearchEntry):
    return entry_model(
        article_id=article.pk,
        title=article.title,
        summary=article.summary,
        body=plain_blocks(article.body_html),
    )


def words_of(entry) -> set[str]:
    return vocabulary_of(entry.title, entry.summary, entry.body) if entry else set()


def update(article) -> None:
    """After a save: a published article is (re)indexed, a draft (or one just unpublished) removed."""
    _replace(article.pk, entry_for(article) if article.status == Status.PUBLISHED else None)


def remove(article_id: int) -> None:
    """Before an article is deleted: its entry goes, and its words leave the vocabulary."""
    _replace(article_id, None)


def _replace(article_id: int, new) -> None:
    with transaction.atomic():
        old = SearchEntry.objects.filter(pk=article_id).first()
        if new and old and (new.title, new.summary, new.body) == (old.title, old.summary, old.body):
            return  # saved with no change to its words: nothing to do
        if new:
            new.save()
        elif old:
            old.delete()
        _change_vocabulary(gained=words_of(new) - words_of(old), lost=words_of(old) - words_of(new))


def rebuild(published_articles: Iterable, entry_model=SearchEntry, word_model=SearchWord) -> int:
    """The whole index again from these articles; running it twice gives the same index.

    The models are parameters so that a data migration can pass its historical ones.
    """
    counts: Counter[str] = Counter()
    indexed = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for model in (entry_model, word_model):  # one statement each, not a delete per row
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608  # nosec
        entries = (entry_for(article, entry_model) for article in published_articles)
        while batch := list(islice(entries, BATCH)):  # BATCH entries in memory at a time, not every article
            for entry in batch:
                counts.update(words_of(entry))
            indexed += len(entry_model.objects.bulk_create(batch))
        word_model.objects.bulk_create(
            (word_model(word=word, length=len(word), articles=n) for word, n in counts.items()),
            batch_size=BATCH,
        )
        if connection.vendor == "sqlite":
            # FTS5 reads the entries again: the full-text index matches them whatever happened before.
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")
        else:
            # Fresh statistics, so the planner knows how common each word is (GIN index or not).
            cursor.execute(f"ANALYZE {connection.ops.quote_name(entry_model._meta.db_table)}")
    return indexed


def _change_vocabulary(gained: set[str], lost: set[str]) -> None:
    # One upsert a word: two editors saving at once never make the same word twice. (The SQL below joins
    # in nothing but our own table's name; every word is a parameter.)
    table = connection.ops.quote_name(SearchWord._meta.db_table)
    with connection.cursor() as cursor:
        if gained:
            cursor.executemany(
                f"INSERT INTO {table} (word, length, articles) VALUES (%s, %s, 1) "  # noqa: S608  # nosec
                f"ON CONFLICT (word) DO UPDATE SET articles = {table}.articles + 1",
                [(word, len(word)) for word in sorted(gained)],
            )
        lost_words = iter(sorted(lost))
        while chunk := list(islice(lost_words, BATCH)):
            cursor.execute(
                f"UPDATE {table} SET articles = articles - 1 "  # noqa: S608  # nosec
                f"WHERE articles > 0 AND word IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
        if lost:
            cursor.execute(f"DELETE FROM {table} WHERE articles <= 0")  # noqa: S608  # nosec
