"""Whole public pages from the cache, answered before sessions, auth and CSRF run.

A page is stored only when nothing about it can belong to one visitor: an anonymous GET or HEAD (no session
cookie), a 200 answer without cookies, without a CSRF token and without `private`/`no-store`/`no-cache`.
The checker's form and verdicts are `never_cache` and POST answers are never looked at, so health answers and
CSRF tokens never reach the cache, and only pages with no secret in them are compressed here (BREACH).

Entries are tagged with the content version (see content.py): an editor's save changes the version and every
instance renders afresh. Browsers revalidate each time (`no-cache`) and get a 304 when the ETag matches.
"""

import gzip
import hashlib
import logging
import time

import brotli
from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from . import content

logger = logging.getLogger(__name__)
NOT_STORED = ("private", "no-store", "no-cache")
CACHE_CONTROL = "public, no-cache"
# Per response header, the values we compress to; each page is compressed once, when it is stored.
ENCODINGS = ("br", "gzip")


def cache_key(request) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{content.CODE_FINGERPRINT}:{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}"


def is_anonymous_read(request) -> bool:
    # Only addresses without a query string: "?anything" must not mint endless cache entries, and search
    # terms are not kept.
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.META.get("QUERY_STRING")
    )


def is_storable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in NOT_STORED):
        return False
    # A CSRF token in the page would be one visitor's secret served to all (and a BREACH target).
    return b"csrfmiddlewaretoken" not in response.content


def accepted_encoding(request) -> str | None:
    offered = {}
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=") if params.strip().startswith("q=") else "1"
        offered[name.strip().lower()] = quality not in ("0", "0.0", "0.00", "0.000")
    return next((encoding for encoding in ENCODINGS if offered.get(encoding)), None)


def make_entry(response, version: str) -> dict:
    """The page as stored: each compressed body with its headers, all worked out once, here."""
    body = response.content
    etag = '"' + hashlib.md5(body, usedforsecurity=False).hexdigest() + '"'
    stored_at = int(time.time())
    patch_vary_headers(response, ["Accept-Encoding"])
    headers = {k: v for k, v in response.items() if k.lower() not in ("content-length", "cache-control")}
    headers.update({"Cache-Control": CACHE_CONTROL, "ETag": etag, "Last-Modified": http_date(stored_at)})
    bodies = {
        "br": brotli.compress(body, quality=settings.PAGE_CACHE_BROTLI_QUALITY),
        "gzip": gzip.compress(body, compresslevel=6, mtime=0),
    }
    return {
        "version": version,
        "etag": etag,
        "last_modified": stored_at,
        "headers": headers,
        **{encoding: (data, {"Content-Encoding": encoding}) for encoding, data in bodies.items()},
    }


def response_from(entry: dict, request) -> HttpResponse:
    encoding = accepted_encoding(request)
    if encoding:
        body, extra = entry[encoding]
    else:  # the rare client that takes neither br nor gzip gets the gzip copy unpacked
        body, extra = gzip.decompress(entry["gzip"][0]), {}
    response = HttpResponse(body, headers={**entry["headers"], **extra, "Content-Length": str(len(body))})
    if "HTTP_IF_NONE_MATCH" in request.META or "HTTP_IF_MODIFIED_SINCE" in request.META:
        return get_conditional_response(
            request, etag=entry["etag"], last_modified=entry["last_modified"], response=response
        )
    return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_anonymous_read(request):
            return self.get_response(request)
        key = cache_key(request)
        try:
            version, entry = content.get_with_version(key)
        except Exception:  # the cache (Redis) is down: serve the page uncached rather than fail
            logger.warning("Page cache unavailable; serving uncached", exc_info=True)
            return self.get_response(request)
        if entry is not None and entry["version"] == version:
            return response_from(entry, request)
        response = self.get_response(request)
        if not is_storable(response):
            return response
        # Tagged with the version read before rendering: if content changed meanwhile, this entry is stale.
        entry = make_entry(response, version)
        try:
            content.store(key, entry)
        except Exception:
            logger.warning("Page cache unavailable; page not stored", exc_info=True)
        return response_from(entry, request)
