"""After an editor's change, the pages it touched are rendered again at once, so no reader waits for them.

Each content change makes the pages that show it stale (signals.py, versions.py). Without this, the first
reader of each after an edit pays for reading the content again, rendering and compressing (about 5 ms
here, against 0.1 ms for a cached page), and a page widely shared just after a correction would pay it in
every worker. Instead, once the change is committed, a background thread in the process that saved it (never
a reader's request: the editor's answer does not wait either) asks the front for each page that shows the
change, at the site's own address (SITE_URL), and the front stores the answers as it stores any page: in the
shared page store (store.page_store()), where every worker and instance finds them.

Only what the change touched (pages_showing): an article's own page, the pages that link to it, and the
lists; for a site-wide change, the sitemap's pages while there are at most WARM_AT_MOST of them, else the
site's own pages (home, lists, about), the rest rendered when first asked for. So an edit costs renders in
proportion to the pages it shows on, at 11 articles or 10,000.

Rounds never overlap: changes committed while one runs queue one more round, however many there are. A
reader who comes before the round ends is answered as before, rendered for them. Nothing here decides what is
cached: the front stores only what it would store for a reader (the checker's form, with its CSRF token, is
asked for and never stored).
"""

import functools
import logging
import os
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from urllib.parse import urlsplit
from wsgiref.util import setup_testing_defaults

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections

from . import edge, versions
from .front import CachedPages, cache_key

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_queued: Future | None = None  # the round not started yet, which covers every change committed so far
_queued_keys: set[str] = set()  # what the changes it covers touched
WARM_AT_MOST = 100  # pages rendered after a site-wide change; past this, only the site's own pages


def warm_soon(keys=(edge.SITE_KEY,)) -> Future:
    """Render the pages that show these keys again in the background, after what is committed now. The
    Future ends with the round that covers this change (for tests and the benchmark; the site never waits)."""
    global _queued
    with _lock:
        _queued_keys.update(keys)
        if _queued is None:
            _queued = _executor(os.getpid()).submit(_round)
        return _queued


@functools.cache  # per process: a forked gunicorn worker gets a thread of its own
def _executor(pid: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="page-cache-warm")


def _forget_the_parents_round() -> None:
    # A round queued in the process that forked this one (gunicorn's master) would never run here, and
    # every later change would wait on it.
    global _lock, _queued, _queued_keys
    _lock, _queued, _queued_keys = threading.Lock(), None, set()


os.register_at_fork(after_in_child=_forget_the_parents_round)


def _round() -> list[tuple[str, str]]:
    global _queued, _queued_keys
    with _lock:
        _queued = None  # a change committed from now on may have been missed by this round: it queues another
        keys, _queued_keys = _queued_keys, set()
    try:
        return warm_pages(keys=keys)
    except Exception:  # readers still get every page, rendered for them; this must not break anything
        logger.warning("Pages could not be rendered again after an edit", exc_info=True)
        return []
    finally:
        connections.close_all()  # this thread's own database connections


def page_paths() -> list[str]:
    """The sitemap's pages: the ones readers and search engines are sent to."""
    from backspasm_site.seo.sitemaps import SITEMAPS

    sitemaps = [sitemap() for sitemap in SITEMAPS.values()]
    return [sitemap.location(item) for sitemap in sitemaps for item in sitemap.items()]


def site_pages() -> list[str]:
    """The site's own pages (home, lists, checker, about), whatever the number of articles."""
    from backspasm_site.seo.sitemaps import PageSitemap

    sitemap = PageSitemap()
    return [sitemap.location(item) for item in sitemap.items()]


def pages_showing(keys) -> list[str]:
    """The pages to render again after a change to these keys (the module docstring says which)."""
    from backspasm_site.articles.models import Article

    if edge.SITE_KEY in keys:
        published = Article.objects.published()
        return page_paths() if published.count() + len(site_pages()) <= WARM_AT_MOST else site_pages()
    ids = [int(key.removeprefix("article-")) for key in keys if re.fullmatch(r"article-\d+", key)]
    if not ids:
        return []
    shown = Article.objects.published().filter(pk__in=ids)
    linking = Article.objects.published().filter(related__in=ids).exclude(pk__in=ids)
    articles = [a.get_absolute_url() for a in [*shown.only("slug"), *linking.only("slug").distinct()]]
    return list(dict.fromkeys([*site_pages(), *articles]))


def warm_pages(paths: list[str] | None = None, keys=None) -> list[tuple[str, str]]:
    """Ask the front for each page (those showing `keys`, or every sitemap page) as a reader at SITE_URL
    would; returns (path, status line) for each."""
    if cache_key(reader_at_site_url("/")) is None:
        # Every page would be Django's 400 (and a logged DisallowedHost): say so once instead.
        logger.warning("SITE_URL's host is not in ALLOWED_HOSTS: pages are not rendered again after edits")
        return []
    versions.now()  # raises if the shared cache is down: one warning for the round, not one a page
    cached_pages = _cached_pages()
    home = _status(cached_pages, reader_at_site_url("/"))
    if home != "200 OK":  # e.g. 301 for an http:// SITE_URL where HTTPS is required: every page would be too
        logger.warning("SITE_URL's home page answers %r: pages are not rendered again after edits", home)
        return [("/", home)]
    if paths is None:
        paths = page_paths() if keys is None else pages_showing(keys)
    return [(path, _status(cached_pages, reader_at_site_url(path))) for path in paths]


def reader_at_site_url(path: str) -> dict:
    """The WSGI environ of a reader's GET of `path` at the site's public address."""
    site = urlsplit(settings.SITE_URL)
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "HTTP_HOST": site.netloc,
        "wsgi.url_scheme": site.scheme,
        "HTTP_ACCEPT_ENCODING": "br, gzip",
    }
    setup_testing_defaults(environ)  # the rest of a WSGI environ (stdlib)
    return environ


def _status(application, environ) -> str:
    statuses = []
    body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    if hasattr(body, "close"):
        body.close()  # fires request_finished, as after any request
    return statuses[0]


@functools.cache
def _cached_pages():
    # The front's page layer over a Django handler of its own: the same storing rules, and none of the
    # serving workers' in-memory entries touched from this thread.
    return CachedPages(WSGIHandler())
