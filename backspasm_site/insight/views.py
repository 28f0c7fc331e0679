"""The page-view pixel (public) and the operators' /metrics (bearer token only)."""

import base64

from django.conf import settings
from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.urls import Resolver404, resolve
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from backspasm_site.articles import listing
from backspasm_site.articles.models import Article, Topic
from backspasm_site.core.security import has_bearer_token
from backspasm_site.feedback.guards import is_same_site

from . import metrics
from .counting import count, is_reader
from .models import VIEW

# The public pages whose views are counted, by URL name: the beacon's address must be one of them.
COUNTED_PAGES = {
    "core:home",
    "core:about-content",
    "articles:list",
    "articles:topic",
    "articles:topic_page",
    "articles:detail",
}
MAX_BEACON_BYTES = 200


def counted_page(path: str) -> str | None:
    """The address, if it is a public page this site counts (an article only while it is published)."""
    if not path.startswith("/") or len(path) > MAX_BEACON_BYTES:
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name not in COUNTED_PAGES or not _readers_see_a_page(match):
        return None
    return path


def _readers_see_a_page(match) -> bool:
    """False where the address answers 404 or a redirect: an article that is not published, a topic that is
    not one of the site's, a page number its list does not have (or 1, which redirects)."""
    if match.view_name == "articles:detail":
        return Article.objects.published().filter(slug=match.kwargs["slug"]).exists()
    if "topic" not in match.kwargs:
        return True
    topic, number = match.kwargs["topic"], match.kwargs.get("number", 0)
    if topic not in Topic.values or number == 1:
        return False
    try:
        listing.topic_page(Topic(topic), number or 1)  # counts the list: its rows are not read
    except InvalidPage:
        return False
    return True


# Pages are cached whole (Varnish, Django's page cache), so the page's own view never runs for most readers.
# Each page shows a 1-pixel image (templates/base.html) whose address names the page; fetching it counts one
# view. No cookie is read or set, no address, referrer or user agent is kept, and pages need no script for it.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")  # a transparent GIF


@never_cache  # every view fetches it again
@require_safe
def seen(request):
    if is_reader(request) and is_same_site(request):
        try:
            page = counted_page(request.GET.get("page", ""))
        except Exception:  # the database away: the count is lost, the answer the same
            page = None
        if page:
            count(VIEW, "seen", page)
    return HttpResponse(PIXEL, content_type="image/gif")


@never_cache
def metrics_view(request):
    """Prometheus text format, only for `Authorization: Bearer $METRICS_TOKEN`; 404 to anyone else, from any
    address (behind a proxy every request comes from 127.0.0.1)."""
    if not has_bearer_token(request, settings.METRICS_TOKEN):
        raise Http404("No such page.")
    body, content_type = metrics.exposition()
    return HttpResponse(body, content_type=content_type)
