"""The sitemap: an index at /sitemap.xml naming child sitemaps of at most URLS_PER_SITEMAP addresses each.

Each child is cut from one sitemap below by Django's Sitemap pagination (`limit`), and has its page number in
its path (/sitemap-articles-2.xml), not in ?p=: the page cache keeps only addresses without a query string.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count
from django.urls import reverse

from backspasm_site.articles import listing
from backspasm_site.articles.models import Article, Topic

# Addresses per child sitemap: a child costs about 50 ms to build at 250, and is rebuilt after every
# article save (its `sitemap` key: page_cache/edge.py), so children stay small.
URLS_PER_SITEMAP = 250


class SiteUrlSitemap(Sitemap):
    """Addresses are made from SITE_URL, not from the Host header of whoever asks."""

    limit = URLS_PER_SITEMAP
    changefreq = "monthly"

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


def list_pages(total: int) -> range:
    """The page numbers of a topic's list of `total` articles, paged as the list is (listing.topic_page):
    none when it has none, since its list is then a 404."""
    return Paginator(range(total), listing.PER_PAGE, allow_empty_first_page=False).page_range


class PageSitemap(SiteUrlSitemap):
    def items(self):
        counted = Article.objects.published().order_by().values("topic").annotate(total=Count("pk"))
        totals = {row["topic"]: row["total"] for row in counted}
        topics = [
            listing.topic_url(topic.value, number)
            for topic in Topic
            for number in list_pages(totals.get(topic.value, 0))
        ]
        return ["/", "/articles/", *topics, "/symptom-checker/", "/about-this-content/", "/accessibility/"]

    def location(self, item):
        return item


class ArticleSitemap(SiteUrlSitemap):
    def items(self):
        # By id: a new article goes at the end, and the children before it stay as they were.
        return Article.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap}


def child_path(section: str, number: int = 1) -> str:
    if number == 1:
        return reverse("sitemap_section", kwargs={"section": section})
    return reverse("sitemap_section_page", kwargs={"section": section, "number": number})


def child_paths() -> list[str]:
    """Every child sitemap's path, in the order of SITEMAPS: one per page of each."""
    return [
        child_path(section, number)
        for section, sitemap in SITEMAPS.items()
        for number in sitemap().paginator.page_range
    ]
