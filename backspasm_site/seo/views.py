from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from backspasm_site.page_cache import edge


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /markdownx/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap_xml(request, sitemaps):
    """Django's sitemap as a plain response, so the page cache and the edge keep it like any page, tagged
    as listing every article (page_cache/edge.py)."""
    edge.tag(request, edge.ARTICLE_LIST_KEY)
    response = sitemap(request, sitemaps)
    response.render()
    return HttpResponse(response.content, headers=dict(response.items()))
