"""Where an old address leads, in one place: the signals, the admin and the delete confirmation call these.

- A published article whose address changes (admin, services.publish, load_content: every save) leaves a
  permanent redirect from its old address to the new one.
- Chains collapse: whatever led to the old address now leads straight to the new one, so a visitor is
  never sent through two redirects (A → B, then B → C, makes A → C).
- An address that has a live page again (a new article, or the same one back) loses its redirect.
- A published article that is deleted or unpublished leaves its address leading where the editor chose,
  or else to its topic's list (default_destination), or to the list of all articles once the topic has no
  published page left (its list is then a 404).
- A redirect is only ever used where the site would otherwise answer 404 (middleware.py): a live page
  always wins over a redirect.
"""

import re
from urllib.parse import unquote

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from backspasm_site.articles.models import Article, Status, Topic

from .models import MovedPage, Reason

OLD_PATH_LENGTH = MovedPage._meta.get_field("old_path").max_length


def is_site_path(value: str) -> bool:
    """An address on this site only (/articles/x/), never one a browser would take to another site:
    "//host", "/\\host" (browsers read the backslash as a slash), a scheme, spaces or control characters."""
    return (
        value.startswith("/")
        and not any(c.isspace() or c == "\\" or ord(c) < 32 for c in value)
        and url_has_allowed_host_and_scheme(value, allowed_hosts=set())
    )


def address_of(slug: str) -> str:
    return reverse("articles:detail", kwargs={"slug": slug})


def same_topic_pages(article: Article):
    """The other published pages on the article's topic."""
    return Article.objects.published().filter(topic=article.topic).exclude(pk=article.pk)


def default_destination(article: Article) -> str:
    # The topic's list rather than the home page or the whole index: the reader came for that subject, and
    # the topic list shows the pages that are left on it, one click from what they were looking for. With
    # none left, that list is a 404: the list of all articles instead.
    if article.topic in Topic.values and same_topic_pages(article).exists():
        return reverse("articles:topic", kwargs={"topic": article.topic})
    return reverse("articles:list")


def destinations(article: Article) -> list[tuple[str, str]]:
    """What an editor may choose for a removed article's address: the lists, then the published pages of
    the same topic (any other page can be chosen later under Moved pages)."""
    default, all_articles = default_destination(article), reverse("articles:list")
    if default == all_articles:
        choices = [(all_articles, "The list of all articles (the default)")]
    else:
        label = f"The “{article.get_topic_display()}” list (the default)"
        choices = [(default, label), (all_articles, "The list of all articles")]
    choices.append(("/", "The home page"))
    others = same_topic_pages(article)
    choices += [
        (address_of(slug), f"The page “{title}”") for slug, title in others.values_list("slug", "title")
    ]
    return choices


def chosen_destination(article: Article, value: str | None) -> str | None:
    """The editor's choice on deleting or unpublishing, if it is one of those offered."""
    return value if value in dict(destinations(article)) else None


def destination_of(path: str) -> str | None:
    """Where an old address leads, written with or without its last slash (the one asked for first): an
    address without its slash is then one redirect, not Django's APPEND_SLASH and the moved page's."""
    # Any address a visitor sends ends here: one no redirect can have (too long, or with a NUL, which
    # PostgreSQL refuses with an error) is not looked up.
    if len(path) > OLD_PATH_LENGTH or "\x00" in path:
        return None
    other = path[:-1] if path.endswith("/") else f"{path}/"
    found = dict(MovedPage.objects.filter(old_path__in=[path, other]).values_list("old_path", "new_path"))
    return found.get(path, found.get(other))


def same_address(a: str, b: str) -> bool:
    """Whether a browser would end up at the same page: escapes decoded, a trailing slash added (Django's
    APPEND_SLASH adds it), repeated slashes as one."""

    def plain(path: str) -> str:
        path = re.sub(r"/+", "/", unquote(path.split("?", 1)[0]))
        return path if path.endswith("/") else path + "/"

    return plain(a) == plain(b)


def leads_back(old: str, new: str, hops: int = 10) -> bool:
    """Whether sending `old` to `new` would lead round in a circle, through any chain of moved pages."""
    here = new
    for _ in range(hops):
        if same_address(here, old):
            return True
        decoded = unquote(here)
        here = destination_of(decoded) or destination_of(decoded.rstrip("/") + "/")
        if here is None:
            return False
    return True  # a chain this long is a mistake too


@transaction.atomic
def record(old: str, new: str, reason: str, article: Article | None = None, note: str = "") -> None:
    """From now on `old` leads to `new`, and so does everything that led to `old`."""
    new = destination_of(new) or new  # a redirect to an address that itself moved goes straight on
    MovedPage.objects.filter(new_path=old).update(new_path=new)  # chains collapse
    MovedPage.objects.update_or_create(
        old_path=old, defaults={"new_path": new, "reason": reason, "article": article, "note": note}
    )
    # A page moved back where it was leads to itself: that redirect would loop, and the page is there.
    MovedPage.objects.filter(old_path=F("new_path")).delete()


def collapse_into(moved: MovedPage, destination_chosen: bool) -> None:
    """An editor's redirect, saved by hand: it gets the same rules as the recorded ones. Where an editor
    chose the destination, it is theirs: the page that used to be here no longer takes it back when it is
    published again (page_is_live), though a live page at the old address itself still wins."""
    if destination_chosen:
        moved.article = None
    record(moved.old_path, moved.new_path, moved.reason, moved.article, moved.note)


def page_is_live(article: Article) -> None:
    """A published article is at its address: no redirect from there, and its own old addresses (from
    before it was unpublished, say) lead to it again."""
    here = address_of(article.slug)
    MovedPage.objects.filter(old_path=here).delete()
    MovedPage.objects.filter(article=article).update(new_path=here)


def article_saved(article: Article, before: dict | None) -> None:
    """After an article's save; `before` is its stored slug, status and topic, None for a new one."""
    was_live = before is not None and before["status"] == Status.PUBLISHED
    if article.status == Status.PUBLISHED:
        page_is_live(article)
        if was_live and before["slug"] != article.slug:
            record(address_of(before["slug"]), address_of(article.slug), Reason.RENAMED, article)
    elif was_live:
        chosen = getattr(article, "_moved_to", None)  # the editor's choice beside the unpublish button
        record(
            address_of(before["slug"]), chosen or default_destination(article), Reason.UNPUBLISHED, article
        )
    if was_live:
        no_way_to_an_empty_list(before["topic"])


def article_deleted(article: Article) -> None:
    """After a delete. `article._moved_to` is the editor's choice from the delete confirmation, if any."""
    if article.status != Status.PUBLISHED:
        return  # a draft had no public address
    chosen = getattr(article, "_moved_to", None)
    record(address_of(article.slug), chosen or default_destination(article), Reason.REMOVED)
    no_way_to_an_empty_list(article.topic)


def no_way_to_an_empty_list(topic: str) -> None:
    """Once a topic has no published page, the addresses that led to its list (a 404 now) lead to the list
    of all articles. They stay there if the topic has pages again."""
    if topic in Topic.values and not Article.objects.published().filter(topic=topic).exists():
        topic_list = reverse("articles:topic", kwargs={"topic": topic})
        MovedPage.objects.filter(new_path=topic_list).update(new_path=reverse("articles:list"))
