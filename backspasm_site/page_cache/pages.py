"""Django's own per-site cache for the public pages, under whatever HTTP cache is in front (or none: `make
run`): Django's UpdateCacheMiddleware and FetchFromCacheMiddleware on the "pages" cache, as its docs set
them up, with two rules of this site's.

- Only an anonymous GET or HEAD with no query string, no session cookie and no Authorization header is
  looked up or stored (edge.is_anonymous_read): editors' pages, searches, /metrics never are. Django then
  stores only 200s that are not `private` (the checker's pages are never_cache) and set no cookie.
- The cache is the database's cache table (settings.CACHES["pages"]), so every worker and instance shares
  one copy, and every committed content change empties all of it (edge.content_changed), as
  djangoproject.com does: rendering a page again costs a few milliseconds.

A page rendered while a change committed may hold the old words: the cache is emptied at the commit, but
that page would be stored just after. So each commit also gives the content a new generation (edge.py
`_after_commit`); a page whose generation changed while it was rendered is sent `no-cache` (as the change
it missed is only milliseconds old), so neither this cache nor the edge keeps it.

A stored page holds every header the middleware inside added (CSP, Permissions-Policy, its Surrogate-Key);
the middleware outside (security headers and HSTS, WhiteNoise, gzip, ETag and 304s, Cache-Control for
the edge) runs for a stored page as for any other, so the Host check, the HTTPS redirect and HSTS are
Django's own either way. A cache that cannot be read or written (the database gone: hazard H2) is passed
by, with one warning: every page is then rendered as if nothing were stored.
"""

import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils.cache import add_never_cache_headers

from backspasm_site.core.fallback import database_file_missing
from backspasm_site.insight.metrics import VIEW_KEY

from .edge import is_anonymous_read

ALIAS = "pages"
# A new value each time a content change commits (edge._after_commit), kept in the same cache.
GENERATION_KEY = "content-generation"
logger = logging.getLogger(__name__)
_warned = []


def _passed_by(error: Exception) -> None:
    if not _warned:  # once per process
        _warned.append(True)
        logger.warning("Django's page cache is unavailable (%s: %s); pages are rendered for each request",
                       type(error).__name__, error)  # fmt: skip


class UpdatePageCache(UpdateCacheMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self.cache_alias, self.key_prefix = ALIAS, ""
        self.cache_timeout = settings.PAGE_CACHE_SECONDS

    def process_response(self, request, response):
        try:
            if hasattr(request, "content_generation") and content_generation() != request.content_generation:
                add_never_cache_headers(response)  # rendered across a commit: no cache keeps it
            return super().process_response(request, response)
        except Exception as error:  # not stored: the page is still answered
            _passed_by(error)
            return response


class FetchPageCache(FetchFromCacheMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self.cache_alias, self.key_prefix = ALIAS, ""

    def process_request(self, request):
        # Neither served from the cache nor stored in it; with the SQLite file gone, connecting would make an
        # empty one in its place.
        if request.META.get("QUERY_STRING") or not is_anonymous_read(request) or database_file_missing():
            request._cache_update_cache = False
            return None
        try:
            stored = super().process_request(request)
        except Exception as error:
            _passed_by(error)
            request._cache_update_cache = False
            return None
        if stored is not None:
            request.META[VIEW_KEY] = "page-cache"  # its name in /metrics: no view ran
        else:
            request.content_generation = content_generation()  # compared when the page is stored
        return stored


def content_generation() -> str | None:
    return caches[ALIAS].get(GENERATION_KEY)


def forget_every_page() -> None:
    """After a content change commits: every stored page goes, and a page being rendered now, from the rows
    before the commit, sees the generation change and is stored nowhere."""
    pages = caches[ALIAS]
    pages.clear()
    pages.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
