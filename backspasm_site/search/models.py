"""The search index, stored in the database and kept current when articles are saved (index.py).

One SearchEntry per published article: its words as plain text. The database searches them with its own
full-text index, added by migration 0001 beside this table and kept in step with it by the database itself:
on PostgreSQL a generated, weighted `document` tsvector column with a GIN index; on SQLite an FTS5 table,
`search_fts`, that reads this table and is updated by triggers. Neither is a Django field, so the ORM never
selects them; engine.py queries them in SQL.

SearchWord is the vocabulary the published articles use, for correcting misspelt queries (spelling.py).
"""

from django.db import models

from backspasm_site.articles.models import Article


class SearchEntry(models.Model):
    article = models.OneToOneField(Article, on_delete=models.CASCADE, primary_key=True, related_name="+")
    title = models.TextField()
    summary = models.TextField()
    body = models.TextField(help_text="The body as plain text, each heading and list item ended by a stop.")

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.title


class SearchWord(models.Model):
    word = models.CharField(max_length=40, unique=True)
    length = models.PositiveSmallIntegerField(db_index=True)  # spelling looks only at words of near length
    articles = models.PositiveIntegerField(help_text="How many published articles use the word.")

    def __str__(self):
        return self.word
