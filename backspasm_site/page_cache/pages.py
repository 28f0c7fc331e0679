"""Django's own per-site cache for the public pages, under whatever HTTP cache is in front (or none: `make
run`): Django's UpdateCacheMiddleware and FetchFromCacheMiddleware on the "pages" cache, as its docs set
them up, with two rules of this site's.

- Only an anonymous GET or HEAD with no query string, no session cookie and no Authorization header is
  looked up or stored (edge.is_anonymous_read): editors' pages, searches, /metrics never are. Django then
  stores only 200s that are not `private` (the checker's pages are never_cache) and set no cookie.
- The cache is the database's cache table (settings.CACHES["pages"]), so every worker and instance shares
  one copy, and every committed content change retires all of it (edge.content_changed), as
  djangoproject.com does: rendering a page again costs a few milliseconds.

Pages are stored under the content's generation, a random value each committed change replaces
(`forget_every_page`, called by edge.py once the change commits): every stored page is retired by that one
write, not deleted row by row (emptying 10,000 stored pages took 1.4 s, in the editor's request, before the
edge could be purged), and the old rows expire on their own. A page rendered while a change committed may
hold the old words: its generation changed while it was rendered, so it is sent `no-cache`, and neither
this cache nor the edge keeps it.

A stored page holds every header the middleware inside added (CSP, Permissions-Policy, its Surrogate-Key)
and is stored compressed when the browser took gzip (GZipMiddleware is inside, as Django's docs place it;
its random padding, against BREACH, is then the same for every reader of a page that holds no secret). The
middleware outside (security headers and HSTS, WhiteNoise, ETag and 304s, Cache-Control for the edge) runs
for a stored page as for any other, so the Host check, the HTTPS redirect and HSTS are
Django's own either way. A cache that cannot be read or written (the database gone: hazard H2) is passed
by, with one warning: every page is then rendered as if nothing were stored.
"""

import base64
import contextvars
import datetime
import logging
import pickle  # nosec B403: the cache table's own values, pickled by Django's DatabaseCache
import re
import secrets

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import SuspiciousOperation
from django.db import connections, router
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from backspasm_site.core.fallback import database_file_missing, fell_back
from backspasm_site.insight.metrics import VIEW_KEY

from .edge import is_anonymous_read

ALIAS = "pages"
# A new value each time a content change commits (edge._after_commit), kept in the same cache. Its key sorts
# after every page's (":1:views.decorators.cache..."): a full database cache culls the lowest keys first, and
# a culled generation would retire every stored page at once.
GENERATION_KEY = "z-content-generation"
# What GZipMiddleware (inside this cache) answers to: "gzip" or "x-gzip" with no q=0.
_GZIP = re.compile(r"^\s*(x-)?gzip\s*(;\s*q\s*=\s*(?!0*(\.0*)?\s*$)[0-9.]+\s*)?$", re.IGNORECASE)
# The generation this request's page is looked up and stored under (set by FetchPageCache).
_request_generation = contextvars.ContextVar("page_generation", default="")
logger = logging.getLogger(__name__)
_warned = []


def _passed_by(error: Exception) -> None:
    if not _warned:  # once per process
        _warned.append(True)
        logger.warning("Django's page cache is unavailable (%s: %s); pages are rendered for each request",
                       type(error).__name__, error)  # fmt: skip


class KeyedByGeneration:
    """Django's cache middleware keys pages with `key_prefix`: here, the generation read as the request came
    in (one request per thread at a time, so a context variable, not the shared middleware object)."""

    @property
    def key_prefix(self) -> str:
        return _request_generation.get()

    @key_prefix.setter
    def key_prefix(self, value) -> None:
        pass  # Django's __init__ sets the settings' prefix; ours is per request


class UpdatePageCache(KeyedByGeneration, UpdateCacheMiddleware):
    def process_response(self, request, response):
        if fell_back():  # made with built-in wording while the database failed (hazard H2): kept nowhere
            add_never_cache_headers(response)
        if response.cookies:  # one visitor's (the CSRF cookie, with its token in the page): never stored
            return response
        try:
            if hasattr(request, "content_generation") and content_generation() != request.content_generation:
                add_never_cache_headers(response)  # rendered across a commit: no cache keeps it
            return super().process_response(request, response)
        except Exception as error:  # not stored: the page is still answered
            _passed_by(error)
            return response


class FetchPageCache(KeyedByGeneration, FetchFromCacheMiddleware):
    def process_request(self, request):
        one_accept_encoding(request)
        # Neither served from the cache nor stored in it; with the SQLite file gone, connecting would make an
        # empty one in its place.
        if request.META.get("QUERY_STRING") or not is_anonymous_read(request) or database_file_missing():
            request._cache_update_cache = False
            return None
        try:
            request.content_generation = content_generation()  # compared again when the page is stored
            _request_generation.set(request.content_generation)
            stored = super().process_request(request)
        except SuspiciousOperation:
            raise  # a Host not allowed, say: the sender's fault, a 400 from Django, never a cache failure
        except Exception as error:
            _passed_by(error)
            request._cache_update_cache = False
            return None
        if stored is not None:
            del request.content_generation  # nothing was rendered, so nothing to compare
            request.META[VIEW_KEY] = "page-cache"  # its name in /metrics: no view ran
        return stored


class QuickReadDatabaseCache(DatabaseCache):
    """Django's database cache, with reads that skip what costs most in its `get_many` for one key: building
    a DateTimeField and its converters for each read. A stored page costs three reads (the generation, its
    headers, the page); side by side under gunicorn these served 12-19 % more article pages a second, at
    9-16 % less CPU each (README, issue 28). Writes, culling and the table are Django's. An expired row is
    skipped, not deleted: Django's cull deletes expired rows when the table is full, as it does the retired
    generations' pages."""

    def get_many(self, keys, version=None):
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        if not key_map:
            return {}
        connection = connections[router.db_for_read(self.cache_model_class)]
        table = connection.ops.quote_name(self._table)
        keys_sql = ", ".join(["%s"] * len(key_map))
        with connection.cursor() as cursor:
            # The table's name is the settings' LOCATION, quoted; the keys are parameters.
            cursor.execute(f"SELECT cache_key, value, expires FROM {table} WHERE cache_key IN ({keys_sql})",  # noqa: S608  # nosec B608
                           list(key_map))  # fmt: skip
            rows = cursor.fetchall()
        now = timezone.now()
        return {
            key_map[key]: pickle.loads(base64.b64decode(value))  # noqa: S301  # nosec B301
            for key, value, expires in rows
            if _as_aware(expires, now) >= now
        }


def _as_aware(expires: datetime.datetime, now: datetime.datetime) -> datetime.datetime:
    """SQLite and MySQL give the expiry back without a time zone, in UTC as Django wrote it (USE_TZ)."""
    if timezone.is_naive(expires) and timezone.is_aware(now):
        return expires.replace(tzinfo=datetime.UTC)
    return expires


def one_accept_encoding(request) -> None:
    """Django keys a stored page by the Accept-Encoding header as sent (GZipMiddleware says it varies by it):
    each spelling would be a copy of its own, and anyone could fill the cache with them. Reduced, as the
    edge reduces it, to "gzip" or nothing; "gzip;q=0" refuses gzip (RFC 9110 12.5.3)."""
    sent = request.META.get("HTTP_ACCEPT_ENCODING", "")
    if any(_GZIP.match(coding) for coding in sent.split(",")):
        request.META["HTTP_ACCEPT_ENCODING"] = "gzip"
    else:
        request.META.pop("HTTP_ACCEPT_ENCODING", None)


def content_generation() -> str:
    pages = caches[ALIAS]
    generation = pages.get(GENERATION_KEY)
    if generation is None:  # never set, or culled: a new one, so no page stored before can come back
        pages.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = pages.get(GENERATION_KEY)
    return generation


def forget_every_page() -> None:
    """After a content change commits: every stored page is retired (a new generation), and a page being
    rendered now, from the rows before the commit, sees the generation change and is stored nowhere."""
    caches[ALIAS].set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
