"""Every save and delete of an article, however it happens (admin, services.publish, load_content, a
shell), goes through here: redirects are recorded (moves.py) and links rechecked (links.py)."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from backspasm_site.articles.models import Article
from backspasm_site.editorial.models import PendingChange

from . import links, moves
from .models import MovedPage


@receiver(pre_save, sender=Article, dispatch_uid="moved_pages_pre_save")
def before_article_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    stored = (
        Article.objects.filter(pk=instance.pk).values("slug", "status", "topic").first()
        if instance.pk
        else None
    )
    instance._stored_address = stored


@receiver(post_save, sender=Article, dispatch_uid="moved_pages_post_save")
def after_article_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_stored_address", None)
    moves.article_saved(instance, before)
    links.refresh(instance)
    if before is None or before["slug"] != instance.slug or before["status"] != instance.status:
        # Links to its old address now go through a redirect; links to its new one now work.
        links.refresh_linking_to({instance.slug, *([before["slug"]] if before else [])})


@receiver(post_delete, sender=Article, dispatch_uid="moved_pages_post_delete")
def after_article_delete(sender, instance, **kwargs):
    moves.article_deleted(instance)
    links.refresh_linking_to({instance.slug})


@receiver(post_save, sender=MovedPage, dispatch_uid="moved_pages_redirect_saved")
@receiver(post_delete, sender=MovedPage, dispatch_uid="moved_pages_redirect_gone")
def after_redirect_change(sender, instance, **kwargs):
    # A redirect added, changed or removed by hand: links to its old address change with it.
    links.refresh_linking_to({links.last_part(instance.old_path)})


@receiver(post_save, sender=PendingChange, dispatch_uid="moved_pages_pending_change")
def after_pending_change_save(sender, instance, raw=False, **kwargs):
    if not raw and instance.content_type.model_class() is Article:
        links.refresh_pending(instance)
