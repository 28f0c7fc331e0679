from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from backspasm_site.articles.models import Article


class SiteUrlSitemap(Sitemap):
    """Addresses are made from SITE_URL, not from the Host header of whoever asks."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return ["/", "/articles/", "/symptom-checker/", "/about-this-content/"]

    def location(self, item):
        return item


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().order_by("order", "title")

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap}
