"""Any saved, deleted or re-linked content is recorded as a change to the keys of the pages that show it
(versions.py, the same keys the edge purges by: edge.py), so exactly those pages go stale at once, everywhere;
then the pages it touched are rendered again by the render process, off every request (warm.py).

Generic model signals cover every model of the apps in settings.PAGE_CACHE_CONTENT_APPS, including models
those apps gain later. Queryset .update() and bulk_create send no signals: code that uses them for content
that shows on public pages must call `versions.everything_changed()` itself.
"""

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from . import edge, versions, warm

M2M_CHANGES = {"post_add", "post_remove", "post_clear"}


def is_content(model) -> bool:
    return model._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS


def changed_now_and_on_commit(keys) -> None:
    # Now, so this process never serves its own stale page; and again after the commit, because a page
    # rendered between the two (from the old, still-committed rows) must not stay current.
    keys = sorted(set(keys))
    if not keys:
        return
    versions.change(keys)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: versions.change(keys))
    if settings.PAGE_CACHE_WARM_AFTER_EDITS:
        # Once committed (at once, outside a transaction), the render process renders the pages it touched
        # again (warm.py). robust: the change is committed; failing to ask must not make the save an error.
        transaction.on_commit(lambda: warm.ask_for_pages(keys), robust=True)
    # The edge cache in front (Varnish, a CDN) forgets the pages that show this content (edge.py).
    edge.purge_on_commit(keys)


def before_save(sender, instance=None, raw=False, **kwargs):
    if is_content(sender) and not raw:
        edge.note_listing(sender, instance)  # whether the save moves the item in the lists that show it


def on_save(sender, instance=None, created=False, **kwargs):
    if is_content(sender):
        changed_now_and_on_commit(edge.keys_for(sender, instance, moved=created or None))


def on_delete(sender, instance=None, **kwargs):
    if is_content(sender):
        changed_now_and_on_commit(edge.keys_for(sender, instance, moved=True))


def on_m2m_changed(sender, action, instance=None, reverse=False, model=None, pk_set=None, **kwargs):
    if action in M2M_CHANGES and is_content(sender):
        if reverse:  # `instance` was linked from these: each of them shows it now, or no longer
            changed_now_and_on_commit(key for pk in pk_set or () for key in edge.keys_for(model, pk=pk))
        else:
            changed_now_and_on_commit(edge.keys_for(type(instance), instance, moved=False))


def connect() -> None:
    pre_save.connect(before_save, dispatch_uid="page_cache_pre_save")
    post_save.connect(on_save, dispatch_uid="page_cache_post_save")
    post_delete.connect(on_delete, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(on_m2m_changed, dispatch_uid="page_cache_m2m_changed")
