"""The WSGI front: static files and cached public pages are answered before Django runs.

gunicorn serves `backspasm_site.wsgi:application`, which is Django wrapped in two thin layers:

- `StaticFiles`: WhiteNoise, set up from Django's settings exactly as its middleware is, answering /static/.
- `CachedPages`: whole public pages from the cache (local memory, or Redis with CACHE_URL).

A cache hit costs a cache lookup and a few header lines, not a Django request: no request object, no
middleware, no URL resolving. Django still decides everything about a page. A page is stored only after Django
answered it, with every header its middleware added (security headers included), and only when nothing in it
can belong to one visitor: an anonymous GET or HEAD (no session cookie; no query string, or only link
trackers' parameters) answered 200, without cookies, without a CSRF token and without
`private`/`no-store`/`no-cache`. The checker's form and verdicts are
`never_cache` and POSTs are never looked at, so health answers and CSRF tokens never reach the cache, and only
pages with no secret in them are compressed here (BREACH).

The key is the scheme, the host name and the path as Django's own rules see them (cache_key): a Host that
ALLOWED_HOSTS refuses is never looked up and reaches Django for its 400, an http:// request that Django
would redirect to https:// never finds the https:// entry, and a page has one entry however its host is
spelled.

Each entry notes the keys of what the page shows (its Surrogate-Key header) and the content counter read
before it was rendered (versions.py): once an editor changes anything the page shows, every instance renders
it afresh, and pages that do not show the change stay cached.

Browsers revalidate each time (`max-age=0`) and get a 304 when the ETag matches; a
shared cache in front keeps the page by its `s-maxage` until an edit purges it (edge.py).
"""

import contextlib
import functools
import gzip
import hashlib
import logging
import time
from urllib.parse import parse_qsl

import brotli
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from whitenoise.base import WhiteNoise
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.string_utils import decode_path_info

from backspasm_site.insight.metrics import Measured  # requests by view and status, cache hits too

from . import store, versions
from .edge import HEADER as SURROGATE_KEY_HEADER
from .redis_cache import CacheUnavailable

logger = logging.getLogger(__name__)
NOT_STORED = ("private", "no-store", "no-cache")
# Per Accept-Encoding, the encodings we answer with; each page is compressed once, when it is stored.
ENCODINGS = ("br", "gzip")
# Added to links by newsletters, social networks and ad platforms (besides every utm_*).
TRACKING_PARAMETERS = frozenset(
    ["fbclid", "gclid", "dclid", "msclkid", "twclid", "igshid", "mc_cid", "mc_eid"]
)
# Revalidation by browsers. If-Match and If-Unmodified-Since are for changing a resource, which a GET of a
# page does not; Django (without ConditionalGetMiddleware) ignores them on these pages, and so does this.
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def front(django_application):
    return Measured(StaticFiles(CachedPages(django_application)), settings.STATIC_URL)


class EnvironRequest(HttpRequest):
    """Django's request over a WSGI environ, for its own rules on the host and scheme only: get_host() (the
    Host checked against ALLOWED_HOSTS; X-Forwarded-Host as settings allow), scheme and is_secure()
    (SECURE_PROXY_SSL_HEADER). Those read nothing but META, so the rest of a request is never built."""

    def __init__(self, environ):  # no super().__init__(): the query, cookies and body are not needed
        self.META = environ

    def _get_scheme(self):
        return self.META.get("wsgi.url_scheme", "http")


# What of the environ Django's get_host() and scheme may read (some only as settings allow), and the path:
# see HttpRequest._get_raw_host(), get_port() and scheme in django/http/request.py.
KEY_INPUTS = (
    "HTTP_X_FORWARDED_HOST",
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_X_FORWARDED_PORT",
    "wsgi.url_scheme",
    "SCRIPT_NAME",
    "PATH_INFO",
)


def cache_key(environ) -> str | None:
    """The page's key, or None where Django would refuse the Host (it answers 400 then, uncached).

    Made of the scheme, the host name and the path as Django sees them: one key per page and allowed host
    name, however the Host is spelled (case, port, a trailing dot), so requests cannot mint endless entries.
    Worked out once per distinct set of inputs (half the cost of a hit otherwise).
    """
    proxy_header = settings.SECURE_PROXY_SSL_HEADER[0] if settings.SECURE_PROXY_SSL_HEADER else None
    inputs = (
        *(environ.get(name) for name in KEY_INPUTS),
        environ.get(proxy_header) if proxy_header else None,
    )
    key = _keys.get(inputs, _UNKNOWN)
    if key is _UNKNOWN:
        key = _key_for(environ)
        # Remembered only for hosts Django accepts and short inputs: the inputs are the client's to choose,
        # and refused or oversized ones (up to 8 KB a header) would otherwise be kept by the thousand.
        if key is not None and sum(len(value) for value in inputs if value) <= MEMO_INPUTS_AT_MOST:
            if len(_keys) >= 4096:
                _keys.clear()
            _keys[inputs] = key
    return key


_UNKNOWN = object()
MEMO_INPUTS_AT_MOST = 512  # characters: 4096 entries stay within a few megabytes
_keys: dict[tuple, str] = {}


@receiver(setting_changed)  # tests change ALLOWED_HOSTS and the proxy settings that the keys depend on
def _forget_keys(**kwargs):
    _keys.clear()


def _key_for(environ) -> str | None:
    request = EnvironRequest(environ)
    try:
        domain, _ = split_domain_port(request.get_host())
    except DisallowedHost:
        return None
    where = f"{request.scheme}://{domain}{environ.get('SCRIPT_NAME', '')}{environ.get('PATH_INFO', '')}"
    digest = hashlib.md5(where.encode("utf-8", "surrogateescape"), usedforsecurity=False).hexdigest()
    return f"page:{store.CODE_FINGERPRINT}:{digest}"


def is_anonymous_read(environ) -> bool:
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not only_tracking(environ.get("QUERY_STRING")):
        return False
    cookies = environ.get("HTTP_COOKIE")
    return not cookies or settings.SESSION_COOKIE_NAME not in parse_cookie(cookies)


def only_tracking(query_string: str | None) -> bool:
    """True for no query string, or one made only of the parameters link trackers add to shared links.

    No page reads those (pages read only `request.path`; search reads `q`), so a link shared in a newsletter
    or on a social network is the plain page and is answered from its cache entry: a widely shared page
    stays a cache hit. Any other query string is never cached: "?anything" must not mint endless entries,
    and search terms are not kept.
    """
    if not query_string:
        return True
    if len(query_string) > 2048:
        return False
    names = [name for name, _ in parse_qsl(query_string, keep_blank_values=True)]
    return bool(names) and all(name.startswith("utm_") or name in TRACKING_PARAMETERS for name in names)


def is_storable(status: str, headers: list, response) -> bool:
    # Django hands back the HttpResponse itself; streaming and file responses are never stored.
    if not status.startswith("200 ") or type(response) is not HttpResponse:
        return False
    names = {name.lower(): value for name, value in headers}
    if "set-cookie" in names or any(word in names.get("cache-control", "").lower() for word in NOT_STORED):
        return False
    # A CSRF token in the page would be one visitor's secret served to all (and a BREACH target).
    return b"csrfmiddlewaretoken" not in response.content


@functools.lru_cache(maxsize=256)  # browsers send a handful of different Accept-Encoding values
def accepted_encoding(accept_encoding: str) -> str | None:
    offered = {}
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        offered[name.strip().lower()] = quality not in ("0", "0.0", "0.00", "0.000")
    return next((encoding for encoding in ENCODINGS if offered.get(encoding)), None)


def cache_control() -> str:
    """For a page anyone may see: browsers revalidate each time (max-age=0, then a 304 while the ETag holds);
    a shared cache in front keeps it (s-maxage) until an edit purges it, and may serve it stale while it
    refetches or while the site fails (edge.py, deploy/varnish/backspasm.vcl)."""
    return (
        f"public, max-age=0, s-maxage={settings.EDGE_CACHE_SECONDS}, stale-while-revalidate=30, "
        f"stale-if-error={settings.EDGE_STALE_IF_ERROR_SECONDS}"
    )


def make_entry(headers: list, body: bytes, noted: int) -> dict:
    """The page as stored: each compressed body with its full header list, all worked out once, here."""
    etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
    stored_at = int(time.time())
    kept = [(n, v) for n, v in headers if n.lower() not in ("content-length", "cache-control", "vary")]
    vary = [v for n, v in headers if n.lower() == "vary"]
    kept += [
        ("Vary", ", ".join([*vary, "Accept-Encoding"])),
        ("Cache-Control", cache_control()),
        ("ETag", etag),
        ("Last-Modified", http_date(stored_at)),
    ]
    bodies = {
        "br": brotli.compress(body, quality=settings.PAGE_CACHE_BROTLI_QUALITY),
        "gzip": gzip.compress(body, compresslevel=6, mtime=0),
    }
    shows = next((v for n, v in headers if n.lower() == SURROGATE_KEY_HEADER.lower()), "").split()
    return {
        "keys": sorted({versions.SITE, *shows}),  # what the page shows, as the edge is told (edge.py)
        "noted": noted,  # the content counter read before the page was rendered
        "etag": etag,
        "last_modified": stored_at,
        "headers": kept,
        **{
            encoding: (data, [*kept, ("Content-Encoding", encoding), ("Content-Length", str(len(data)))])
            for encoding, data in bodies.items()
        },
    }


class _ConditionalRequest:
    """What Django's get_conditional_response() reads of a request."""

    def __init__(self, environ):
        self.META = environ
        self.method = environ["REQUEST_METHOD"]


def answer(entry: dict, environ, start_response):
    if any(name in environ for name in CONDITIONAL):
        page = HttpResponse(headers=entry["headers"])
        checked = get_conditional_response(
            _ConditionalRequest(environ),
            etag=entry["etag"],
            last_modified=entry["last_modified"],
            response=page,
        )
        if checked is not page:  # 304 Not Modified, or 412 for a failed If-Match
            start_response(f"{checked.status_code} {checked.reason_phrase}", list(checked.items()))
            return []
    encoding = accepted_encoding(environ.get("HTTP_ACCEPT_ENCODING", ""))
    if encoding:
        body, headers = entry[encoding]
    else:  # the rare client that takes neither br nor gzip gets the gzip copy unpacked
        body = gzip.decompress(entry["gzip"][0])
        headers = [*entry["headers"], ("Content-Length", str(len(body)))]
    start_response("200 OK", headers)
    return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]


class CachedPages:
    # Entries this process has served lately, kept as objects: a hit unpickles nothing, and with Redis only
    # the content counter crosses the network (versions.Current). The oldest kept goes first.
    KEEP_AT_MOST = 500

    def __init__(self, application):
        self.application = application
        self.kept: dict[str, versions.Current] = {}

    def __call__(self, environ, start_response):
        if not is_anonymous_read(environ):
            return self.application(environ, start_response)
        key = cache_key(environ)
        if key is None:
            return self.application(environ, start_response)
        try:
            entry = self.lookup(key)
            # Read before rendering: if content the page shows changes meanwhile, the entry is stale.
            noted = versions.now() if entry is None else None
        except Exception as error:  # the cache (Redis) is down: serve the page uncached rather than fail
            if not isinstance(error, CacheUnavailable):  # that one was logged once, by redis_cache.py
                logger.warning("Page cache unavailable; serving uncached", exc_info=True)
            return self.application(environ, start_response)
        if entry is not None:
            return answer(entry, environ, start_response)

        status, headers, response = self.render(environ)
        if not is_storable(status, headers, response):
            start_response(status, headers)
            return response
        try:
            entry = make_entry(headers, response.content, noted)
        finally:
            response.close()  # fires request_finished: database connections are tidied as after any request
        try:
            store.store(key, entry)
        except Exception as error:
            if not isinstance(error, CacheUnavailable):
                logger.warning("Page cache unavailable; page not stored", exc_info=True)
        self.keep(key, versions.Current(entry, entry["keys"], noted))
        return answer(entry, environ, start_response)

    def lookup(self, key: str) -> dict | None:
        """The page's entry if what it shows is unchanged since it was rendered, else None."""
        kept = self.kept.get(key)
        if kept is not None:
            if kept.still_current():
                return kept.value
            self.kept.pop(key, None)
        entry = store.stored(key)
        if entry is None or "noted" not in entry:  # "noted": not an entry of an older code's shape
            return None
        found = versions.Current(entry, entry["keys"], entry["noted"])
        if not found.still_current():
            return None
        self.keep(key, found)
        return entry

    def keep(self, key: str, found: "versions.Current") -> None:
        if len(self.kept) >= self.KEEP_AT_MOST:
            with contextlib.suppress(RuntimeError, StopIteration):  # another thread changed it meanwhile
                self.kept.pop(next(iter(self.kept)), None)
        self.kept[key] = found

    def render(self, environ):
        """Django's answer, held back: (status, headers, response)."""
        kept = []
        response = self.application(
            environ, lambda status, headers, exc_info=None: kept.extend((status, headers))
        )
        return (*kept, response)


class StaticFiles(WhiteNoiseMiddleware):
    """WhiteNoise set up from Django's settings as its middleware is, but answering as WSGI, before Django.

    Static responses get the security headers from settings.WHITENOISE_ADD_HEADERS_FUNCTION, and HSTS here
    over HTTPS. Where Django would redirect plain HTTP to HTTPS, the request goes on to Django to redirect.
    """

    def __init__(self, application):
        super().__init__()
        self.application = application

    def __call__(self, environ, start_response):
        path = decode_path_info(environ.get("PATH_INFO", ""))
        static_file = self.find_file(path) if self.autorefresh else self.files.get(path)
        if static_file is None:
            return self.application(environ, start_response)
        secure = EnvironRequest(environ).is_secure()
        if settings.SECURE_SSL_REDIRECT and not secure:
            return self.application(environ, start_response)
        if secure and settings.SECURE_HSTS_SECONDS:
            start_response = functools.partial(with_hsts, start_response)
        return WhiteNoise.serve(static_file, environ, start_response)


def hsts_value() -> str:
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value


def with_hsts(start_response, status, headers, exc_info=None):
    return start_response(status, [*headers, ("Strict-Transport-Security", hsts_value())], exc_info)
