"""The lists of articles, cut to size: the cost of a list page stays the same however many articles there are.

- The home page and /articles/ show each topic's first few pages, and link to the topic's own list when
  it has more.
- Each topic's list, /articles/topic/<topic>/, shows PER_PAGE pages at a time; its later pages are at
  /articles/topic/<topic>/page/<n>/ (in the path, not ?page=, so the page cache keeps them too).
- Every list page is tagged with the article-list key, which every change to what a list shows of an
  article (Article.LISTED_BY: its title, summary, address, topic, order or status) purges from the edge
  (page_cache/edge.py); an edit to an article's body leaves the lists cached there.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count
from django.urls import reverse

from backspasm_site.page_cache import edge

from .models import LIST_ORDER, Article, Topic

HOME_PER_TOPIC = 5  # the site's own content has at most 4 pages a topic: the home page shows them all
LIST_PER_TOPIC = 10
PER_PAGE = 20

# What a list shows of each article (its address is made from the slug).
LISTED_FIELDS = ["slug", "title", "summary", "topic"]


def topic_url(topic: str, number: int = 1) -> str:
    if number == 1:
        return reverse("articles:topic", kwargs={"topic": topic})
    return reverse("articles:topic_page", kwargs={"topic": topic, "number": number})


def _listed():
    return Article.objects.published().order_by(*LIST_ORDER).only(*LISTED_FIELDS)


@dataclass
class TopicGroup:
    """One topic on the home page or /articles/: its first pages, and how many it has in all."""

    topic: Topic
    articles: list[Article]
    total: int

    @property
    def url(self) -> str:
        return topic_url(self.topic.value)

    @property
    def has_more(self) -> bool:
        return self.total > len(self.articles)


def topic_groups(per_topic: int) -> list[TopicGroup]:
    """Each topic that has published pages, in the order topics are defined, with its first `per_topic`
    pages: one count and one short query a topic, whatever the number of articles."""
    counted = Article.objects.published().order_by().values("topic").annotate(total=Count("pk"))
    totals = {row["topic"]: row["total"] for row in counted}
    return [
        TopicGroup(topic, list(_listed().filter(topic=topic)[:per_topic]), totals[topic.value])
        for topic in Topic
        if totals.get(topic.value)
    ]


def topic_page(topic: Topic, number: int) -> Page:
    """Page `number` of a topic's list. Raises django.core.paginator.InvalidPage for a page that does not
    exist (and for any page of a topic with no published pages)."""
    paginator = Paginator(_listed().filter(topic=topic), PER_PAGE, allow_empty_first_page=False)
    return paginator.page(number)


def pagination(page: Page, topic: str) -> dict | None:
    """The links under a topic's list: Previous, the page numbers (None for a gap: the first and last pages
    and those next to this one are shown) and Next. None when the list fits on one page."""
    if not page.has_other_pages():
        return None
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    return {
        "previous": topic_url(topic, page.previous_page_number()) if page.has_previous() else None,
        "next": topic_url(topic, page.next_page_number()) if page.has_next() else None,
        "numbers": [(n, None if n == page.paginator.ELLIPSIS else topic_url(topic, n)) for n in numbers],
    }


def tag_list_page(request) -> None:
    """Mark the page being rendered as a list of articles (see the module docstring)."""
    edge.tag(request, edge.ARTICLE_LIST_KEY)
