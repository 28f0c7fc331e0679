"""Any saved, deleted or re-linked content bumps the content version, so every cached page goes stale at once,
and then has the pages rendered again in the background (warm.py).

Generic model signals cover every model of the apps in settings.PAGE_CACHE_CONTENT_APPS, including models
those apps gain later. Queryset .update() and bulk_create send no signals: code that uses them for content
that shows on public pages must call `content.bump_version()` itself.
"""

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import content, edge, warm

M2M_CHANGES = {"post_add", "post_remove", "post_clear"}


def is_content(model) -> bool:
    return model._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS


def bump_now_and_on_commit(edge_keys=(edge.SITE_KEY,)) -> None:
    # Now, so this process never serves its own stale page; and again after the commit, because a page
    # rendered between the two (from the old, still-committed rows) must not stay cached.
    content.bump_version()
    if connection.in_atomic_block:
        transaction.on_commit(content.bump_version)
    if settings.PAGE_CACHE_WARM_AFTER_EDITS:
        # Once committed (at once, outside a transaction), pages are rendered again for readers (warm.py).
        # robust: the change is committed; failing to start a round must not turn the save into an error.
        transaction.on_commit(warm.warm_soon, robust=True)
    # The edge cache in front (Varnish, a CDN) forgets the pages that show this content (edge.py).
    edge.purge_on_commit(edge_keys)


def on_save_or_delete(sender, instance=None, **kwargs):
    if is_content(sender):
        bump_now_and_on_commit(edge.keys_for(sender, instance))


def on_m2m_changed(sender, action, instance=None, **kwargs):
    if action in M2M_CHANGES and is_content(sender):
        bump_now_and_on_commit(edge.keys_for(type(instance), instance))


def connect() -> None:
    post_save.connect(on_save_or_delete, dispatch_uid="page_cache_post_save")
    post_delete.connect(on_save_or_delete, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="page_cache_m2m_changed")
