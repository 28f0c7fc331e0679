"""What staff see at a live page's own address while a change to it waits: the page as the change would
make it. Never saved and never cached (the view sends it `private, no-store`)."""

from backspasm_site.articles.models import Article

from . import services


def article_as_staff_see_it(article: Article):
    """(article, its published related pages, the pending change or None), with the change applied."""
    change = services.open_change(article) if article.is_published else None
    if change is None:
        return article, list(article.related.published()), None
    shown = services.preview(article, change)
    related_ids = shown._pending_links.get("related")
    related = article.related if related_ids is None else Article.objects.filter(pk__in=related_ids)
    return shown, list(related.published()), change


def with_waiting_changes(objects) -> tuple[list, int]:
    """Each item as its waiting change would make it (itself where none waits), and how many changes wait:
    the checker's questions and advice for the checker preview (symptom_checker/pending_preview.py)."""
    shown, changes = [], 0
    for obj in objects:
        change = services.open_change(obj)
        shown.append(services.preview(obj, change) if change else obj)
        changes += change is not None
    return shown, changes
