"""The search index follows every article save, unpublish and delete (admin, load_content, restores).

Queryset .update() and bulk_create send no signals: code that changes articles that way must run
`manage.py rebuild_search_index` (or index.rebuild) afterwards.
"""

from django.db.models.signals import post_save, pre_delete

from backspasm_site.articles.models import Article

from . import index


def on_article_saved(sender, instance, **kwargs):
    index.update(instance)


def on_article_deleting(sender, instance, **kwargs):
    # Before the delete: the entry still holds the words to take out of the vocabulary.
    index.remove(instance.pk)


def connect() -> None:
    post_save.connect(on_article_saved, sender=Article, dispatch_uid="search_article_saved")
    pre_delete.connect(on_article_deleting, sender=Article, dispatch_uid="search_article_deleting")
