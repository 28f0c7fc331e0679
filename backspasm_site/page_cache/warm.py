"""After an editor's change, the pages it touched are rendered again at once, so no reader waits for them.

Each content change makes the pages that show it stale (signals.py, versions.py). Without this, the first
reader of each after an edit pays for reading the content again, rendering and compressing (about 5 ms
here, against 0.1 ms for a cached page), and a page widely shared just after a correction would pay it in
every worker. Instead, once the change is committed, the saving process only notes its keys in the database
(ask_for_pages: one row per key, a few milliseconds). The render process, `manage.py render_pages`, which
gunicorn's master starts beside the workers (gunicorn.conf.py), takes what waits (render_waiting), asks the
front for each page that shows it, at the site's own address (SITE_URL), and the front stores the answers as
it stores any page: in the shared page store (store.page_store()), where every worker and instance finds
them. So neither the editor's request, nor the worker that saved, nor any reader renders them.

Only what the change touched (pages_showing): an article's own page, the pages that link to it, and the
lists; for a site-wide change, the sitemap's pages while there are at most WARM_AT_MOST of them, else the
site's own pages (home, lists, about), the rest rendered when first asked for. So an edit costs renders in
proportion to the pages it shows on, at 11 articles or 10,000.

Changes that come while a render runs are rendered in the next pass, once each however many there are. A
reader who comes before the pass ends, or while no render process runs (`make dev`), is answered as before,
rendered for them. Nothing here decides what is cached: the front stores only what it would store for a
reader (the checker's form, with its CSRF token, is asked for and never stored).
"""

import functools
import logging
import re
from urllib.parse import urlsplit
from wsgiref.util import setup_testing_defaults

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import transaction
from django.utils import timezone

from . import edge, versions
from .front import CachedPages, cache_key
from .models import RenderRequest

logger = logging.getLogger(__name__)

WARM_AT_MOST = 100  # pages rendered after a site-wide change; past this, only the site's own pages
KEYS_A_PASS = 500  # changed keys one pass of the render process takes


def ask_for_pages(keys) -> None:
    """Note that the pages showing these keys should be rendered again (called once the change commits)."""
    now = timezone.now()
    RenderRequest.objects.bulk_create(
        [RenderRequest(key=key, waiting=True, asked_at=now) for key in sorted(set(keys))],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["waiting", "asked_at"],
    )


def render_waiting() -> list[tuple[str, str]] | None:
    """One pass of the render process: render the pages of the changes waiting, oldest first, and forget
    them. Returns (path, status line) for each page asked for; None when no change waited."""
    with transaction.atomic():
        waiting = RenderRequest.objects.filter(waiting=True).order_by("asked_at")
        keys = list(waiting.values_list("key", flat=True)[:KEYS_A_PASS])
        if not keys:
            return None
        RenderRequest.objects.filter(key__in=keys).update(waiting=False)  # a change from now on sets it again
    try:
        return warm_pages(keys=set(keys))
    except Exception:  # readers still get every page, rendered for them; the render process goes on
        logger.warning("Pages could not be rendered again after an edit", exc_info=True)
        return []
    finally:
        RenderRequest.objects.filter(key__in=keys, waiting=False).delete()


def take_up_unfinished() -> int:
    """Changes a render process had taken when it stopped (killed, or the database went away mid-pass) wait
    again. Run when the render process starts and after an error; two processes at once only repeat work."""
    return RenderRequest.objects.filter(waiting=False).update(waiting=True)


def waiting_since():
    """When the oldest change still waiting to be rendered was made (None: nothing waits)."""
    oldest = RenderRequest.objects.order_by("asked_at").first()
    return oldest and oldest.asked_at


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
