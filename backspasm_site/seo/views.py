from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from backspasm_site.articles import listing
from backspasm_site.page_cache import edge

from .sitemaps import SITEMAPS, child_path, child_paths


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /markdownx/",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _sitemap_response(template: str, context: dict) -> HttpResponse:
    # A plain response (not a TemplateResponse), so the page cache and the edge keep it like any page;
    # not for search results themselves, as Django's sitemap views say.
    response = HttpResponse(render_to_string(template, context), content_type="application/xml")
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@require_safe
def sitemap_index(request):
    """/sitemap.xml: the child sitemaps' addresses, at SITE_URL. It changes only when the number of
    children does, with the list of articles."""
    edge.tag(request, edge.ARTICLE_LIST_KEY)
    children = [SitemapIndexItem(settings.SITE_URL + path) for path in child_paths()]
    return _sitemap_response("sitemap_index.xml", {"sitemaps": children})


@require_safe
def sitemap_section(request, section, number=None):
    """One child sitemap: page `number` of a sitemap in SITEMAPS, tagged like any list page and with
    `sitemap`, which every article save purges (its date here changes)."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    if number == 1:
        return redirect(child_path(section), permanent=True)
    try:
        urls = SITEMAPS[section]().get_urls(page=number or 1)
    except InvalidPage as error:
        raise Http404("No such sitemap page.") from error
    listing.tag_list_page(request)
    edge.tag(request, edge.SITEMAP_KEY)
    return _sitemap_response("sitemap.xml", {"urlset": urls})
