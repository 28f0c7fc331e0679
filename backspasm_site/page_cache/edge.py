"""The HTTP cache in front of the site (Varnish here, or a CDN): which pages it may keep, what each page is
tagged with, and purging exactly the pages a published change shows.

Every page carries a `Surrogate-Key` header: `site` (the layout, the disclaimer, the site text: on every
page), plus `article-<id>` for each article whose words or title it shows (views add them with tag()),
`article-list` on the pages that list the articles (home, the lists, the sitemaps) and `sitemap` on the
sitemaps. A page anyone may see gets `Cache-Control: public, max-age=0, s-maxage=...` (SharedCacheMiddleware):
the edge keeps it until a change purges it, browsers revalidate (ConditionalGetMiddleware's ETag, a 304).

What changed is said by the code that changes it: publishing, unpublishing, taking down, restoring or
renaming content ends with content_changed(keys=...) (editorial/services/, load_content, restores).
A change to an article's words purges `article-<id>` and `sitemap` (its date there); one that adds, removes
or moves it in the lists (published, unpublished, new title, topic or order) purges `article-list` too; any
other content change (site text, checker wording and advice) purges `site`, which is every page.

One purger interface, chosen by EDGE_PURGE (README): `varnish:<url>[,<url>...]` sends Varnish's xkey purge
to each instance (deploy/varnish/backspasm.vcl; tested); `fastly:<service id>` (FASTLY_API_TOKEN) and
`cloudflare:<zone id>` (CLOUDFLARE_API_TOKEN) purge the same keys by their documented APIs;
`cloudfront:<distribution id>` invalidates paths, since CloudFront has no tags (CloudFrontPurger). Purges
are sent after the change commits, in a background thread, never on a reader's request; a purge that fails
is tried again a few times, then logged as an error naming the instance and why, and counted (/metrics);
that instance keeps the page until its s-maxage runs out.
"""

import json
import logging
import re
import secrets
import threading
import time
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections, transaction
from django.http import HttpResponse
from django.utils.deprecation import MiddlewareMixin

from backspasm_site.insight import counting

logger = logging.getLogger(__name__)

SITE_KEY = "site"
ARTICLE_LIST_KEY = "article-list"
SITEMAP_KEY = "sitemap"
HEADER = "Surrogate-Key"
TIMEOUT = 5  # seconds for one purge request
NOT_SHARED = ("private", "no-store", "no-cache")
# One parameter that newsletters, social networks and ad platforms add to links, and no page reads. The VCL
# removes each (render_vcl writes this pattern into it) and only_tracking reads a query string with it: the
# one definition, so a query string the edge keeps is never shareable (each would be a stored copy).
TRACKING_PARAMETER = (
    r"(?<=[?&])(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|twclid|igshid|mc_cid|mc_eid)"  # its name
    r"=[^&]*(&|$)"  # its value, and the "&" after it
)
_TRACKING_PARAMETER = re.compile(TRACKING_PARAMETER)


def article_key(article_id) -> str:
    return f"article-{article_id}"


def tag(request, *keys: str) -> None:
    """Mark the page being rendered as showing these keys (every page shows `site` too)."""
    if not hasattr(request, "surrogate_keys"):
        request.surrogate_keys = set()
    request.surrogate_keys.update(keys)


def only_tracking(query_string: str) -> bool:
    """True for no query string, or one the edge removes whole (TRACKING_PARAMETER, then the "?" and "&" left
    at the end, as the VCL does): the page is the plain one. Any other is never shared (search terms), a
    bare "&" or "?" included: the VCL trims those only beside a tracker's parameter, so each would be a
    stored copy of its own."""
    if not query_string:
        return True
    with_mark = "?" + query_string
    if not _TRACKING_PARAMETER.search(with_mark):
        return False
    return not _TRACKING_PARAMETER.sub("", with_mark).rstrip("?&")


def is_anonymous_read(request) -> bool:
    """A GET or HEAD without a session cookie or credentials, and no query string that changes the page."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and only_tracking(request.META.get("QUERY_STRING", ""))
    )


def is_shareable(request, response) -> bool:
    """Whether any reader may be given this answer: nothing in it can belong to one visitor. Not with a
    cookie set (Django sets the CSRF cookie on every response whose page holds a CSRF token, one visitor's
    secret), a session, or `private`/`no-store`/`no-cache` (the checker's pages are never_cache). Read from
    the headers only: the body may be compressed already (a stored page)."""
    if response.status_code != 200 or type(response) is not HttpResponse or response.cookies:
        return False
    if any(word in response.get("Cache-Control", "").lower() for word in NOT_SHARED):
        return False
    return is_anonymous_read(request)


def cache_control() -> str:
    """For a page anyone may see: browsers revalidate each time (max-age=0, then a 304 while the ETag holds);
    a shared cache in front keeps it (s-maxage) until an edit purges it, and may serve it stale while it
    refetches or while the site fails (deploy/varnish/backspasm.vcl)."""
    return (
        f"public, max-age=0, s-maxage={settings.EDGE_CACHE_SECONDS}, stale-while-revalidate=30, "
        f"stale-if-error={settings.EDGE_STALE_IF_ERROR_SECONDS}"
    )


class SurrogateKeyMiddleware(MiddlewareMixin):
    """Writes the page's keys (its view's tag() calls, and `site`) as one Surrogate-Key header."""

    def process_response(self, request, response):
        response[HEADER] = " ".join(sorted({SITE_KEY, *getattr(request, "surrogate_keys", ())}))
        return response


class SharedCacheMiddleware(MiddlewareMixin):
    """Gives the pages anyone may see (is_shareable) the edge's Cache-Control (cache_control)."""

    def process_response(self, request, response):
        if is_shareable(request, response):
            response["Cache-Control"] = cache_control()
            del response["Expires"]  # Django's page cache set one for its own timeout
        return response


# --- purging -------------------------------------------------------------------------------------------


class Purger:
    def purge(self, keys: list[str]) -> None:
        raise NotImplementedError


def _send(url: str, **request_args) -> None:
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"EDGE_PURGE: not an http(s) address: {url!r}")
    request = urllib.request.Request(url, **request_args)  # noqa: S310 (http or https, checked above)
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310  # nosec: B310, checked
        response.read()


class NoEdge(Purger):
    def purge(self, keys):
        pass


@dataclass
class VarnishPurger(Purger):
    """Varnish's xkey vmod, as deploy/varnish/backspasm.vcl answers it: PURGE with the keys in a header and
    the purge token (EDGE_PURGE_TOKEN), to every instance. An instance that fails is asked again a few
    times, and one failing never stops the others being purged; what still failed is raised at the end."""

    ATTEMPTS = 3
    RETRY_AFTER = 0.5  # seconds, doubled each time: a restarting Varnish is back within a couple of seconds

    urls: list[str]
    token: str = field(default="", repr=False)  # never in a log line

    def purge(self, keys):
        headers = {"xkey-purge": " ".join(keys), "Authorization": f"Bearer {self.token}"}
        failed = {}
        for url in self.urls:
            for attempt in range(self.ATTEMPTS):
                try:
                    _send(url, method="PURGE", headers=headers)
                    break
                except OSError as error:  # refused, timed out, or an HTTP error status (urllib's HTTPError)
                    if attempt + 1 == self.ATTEMPTS:
                        failed[url] = error
                    else:
                        time.sleep(self.RETRY_AFTER * 2**attempt)
        if failed:
            raise PurgeFailed(failed)


class PurgeFailed(Exception):
    def __init__(self, failed: dict):
        self.failed = failed
        super().__init__("; ".join(f"{url}: {error}" for url, error in failed.items()))


@dataclass
class FastlyPurger(Purger):
    """Fastly's purge by surrogate key (POST /service/<id>/purge, Surrogate-Key header, soft purge)."""

    service_id: str
    token: str = field(repr=False)  # never in a log line
    api: str = "https://api.fastly.com"

    def purge(self, keys):
        _send(
            f"{self.api}/service/{self.service_id}/purge",
            method="POST",
            headers={"Fastly-Key": self.token, "Surrogate-Key": " ".join(keys), "Fastly-Soft-Purge": "1"},
        )


@dataclass
class CloudflarePurger(Purger):
    """Cloudflare's purge by cache tag (the edge reads our Surrogate-Key as tags; see README)."""

    zone_id: str
    token: str = field(repr=False)  # never in a log line
    api: str = "https://api.cloudflare.com/client/v4"

    def purge(self, keys):
        _send(
            f"{self.api}/zones/{self.zone_id}/purge_cache",
            method="POST",
            data=json.dumps({"tags": keys}).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )


@dataclass
class CloudFrontPurger(Purger):
    """CloudFront invalidates paths, not tags: each key becomes the paths that can show it. An article's own
    address is not known here once it is deleted, so any article change invalidates every article page
    (`/articles/*`, one wildcard path: CloudFront then asks the site again). Credentials as boto3 finds
    them (an instance role, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); requirements-cloudfront.txt."""

    PATHS = {SITE_KEY: ["/*"], ARTICLE_LIST_KEY: ["/", "/articles/*"], SITEMAP_KEY: ["/sitemap*"]}

    distribution_id: str
    client: object = None

    def paths_for(self, keys: list[str]) -> list[str]:
        if SITE_KEY in keys:
            return self.PATHS[SITE_KEY]
        paths = [path for key in keys for path in self.PATHS.get(key, ["/articles/*"])]
        return sorted(set(paths))

    def purge(self, keys):
        if self.client is None:
            import boto3

            self.client = boto3.client("cloudfront")
        paths = self.paths_for(keys)
        self.client.create_invalidation(
            DistributionId=self.distribution_id,
            InvalidationBatch={
                "Paths": {"Quantity": len(paths), "Items": paths},
                "CallerReference": secrets.token_hex(16),  # each purge is a new one, never a repeat
            },
        )


def purger() -> Purger:
    """The purger EDGE_PURGE names (see the module docstring)."""
    kind, _, target = settings.EDGE_PURGE.partition(":")
    if not kind:
        return NoEdge()
    if kind == "varnish":
        return VarnishPurger(
            [url.strip() for url in target.split(",") if url.strip()], settings.EDGE_PURGE_TOKEN
        )
    if kind == "fastly":
        return FastlyPurger(target, settings.FASTLY_API_TOKEN)
    if kind == "cloudflare":
        return CloudflarePurger(target, settings.CLOUDFLARE_API_TOKEN)
    if kind == "cloudfront":
        return CloudFrontPurger(target)
    raise ValueError(f"EDGE_PURGE: unknown edge {kind!r} (varnish, fastly, cloudflare or cloudfront)")


def note_listing(model, instance) -> None:
    """Before a save: whether it moves the item in the lists that show it (its model's LISTED_BY fields)."""
    fields = getattr(model, "LISTED_BY", None)
    if fields and instance.pk is not None:
        before = model._default_manager.filter(pk=instance.pk).values(*fields).first()
        instance._moves_in_lists = before is None or any(before[f] != getattr(instance, f) for f in fields)


def keys_for(model, instance, moved=None) -> list[str]:
    """What a change to this content shows on: an article's own pages (and the lists, when `moved` or when
    the save changed what lists show of it: note_listing), or, for anything else, every page."""
    if model._meta.model_name.startswith("historical"):
        return []  # a history record (django-simple-history) shows on no public page
    if model._meta.label == "articles.Article" and instance.pk is not None:
        if moved is None:
            moved = getattr(instance, "_moves_in_lists", True)
        return [article_key(instance.pk), SITEMAP_KEY, *([ARTICLE_LIST_KEY] if moved else [])]
    return [SITE_KEY]


def content_changed(*, keys: Iterable[str]) -> None:
    """What public pages show has changed (these keys): once the change commits (at once outside a
    transaction), every page in Django's page cache is retired (pages.py) and the edge purges these keys,
    in the background. A rolled-back change purges nothing, and no reader waits for the edge."""
    keys = sorted(set(keys))
    if not keys:
        return
    transaction.on_commit(lambda: _after_commit(keys), robust=True)


def _after_commit(keys: list[str]) -> None:
    from .pages import forget_every_page  # pages.py imports this module

    forget_every_page()
    if settings.EDGE_PURGE:
        # Not a daemon: a command that saved content (load_content, a shell) sends its purge before it exits.
        threading.Thread(target=_send_then_close, args=(keys,), name="edge-purge").start()


def _send_then_close(keys: list[str]) -> None:
    try:
        send(keys)
    finally:
        connections.close_all()  # this thread's own connection, opened to count the purge (insight)


def send(keys: list[str]) -> None:
    try:
        purger().purge(keys)
    except PurgeFailed as error:
        counting.ops_add("purges_failed")
        # Each instance named, with why: a 403 is a token or EDGE_PURGE_FROM that does not match its VCL.
        logger.error("Edge purge of %s failed, after retries, at %s; those instances keep the pages till "
                     "s-maxage", keys, error)  # fmt: skip
    except Exception:
        counting.ops_add("purges_failed")
        logger.error("Edge purge of %s failed; the edge keeps those pages till s-maxage", keys, exc_info=True)
    else:
        counting.ops_add("purges_sent")
