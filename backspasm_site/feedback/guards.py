"""The checks that stand in for a CSRF token on the article pages' feedback form.

Article pages are cached whole for everyone (issue 6), so their form can carry nothing per visitor, not
even a CSRF token. Instead the endpoint refuses posts that a browser marks as coming from another site
(Origin, or Referer when there is no Origin), and limits how often one address can post. The limit is
counted under a keyed hash of the address, kept only in the cache and only for RATE_WINDOW_SECONDS.

The cache is Redis in production. While Redis is down (page_cache/redis_cache.py) each process counts in its
own memory instead: the limit is then per worker, but a post is never refused with a 500 for want of it.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.crypto import salted_hmac

from backspasm_site.core.security import client_ip
from backspasm_site.page_cache.redis_cache import CacheUnavailable

logger = logging.getLogger(__name__)

RATE_LIMIT = 10  # posts per address per window: plenty for a reader, little for a script
RATE_WINDOW_SECONDS = 10 * 60
CACHE_PREFIX = "feedback-rate:"


def is_same_site(request) -> bool:
    """False when the browser says the form was posted from another site."""
    allowed = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin in allowed  # "null" (sandboxed or privacy-stripped) is refused too
    referer = request.headers.get("Referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" in allowed
    # Neither header: old browsers and privacy tools. Cross-site posts from current browsers always send
    # Origin, and the rate limit still applies.
    return True


def rate_key(request) -> str:
    # Keyed with SECRET_KEY: the cache never holds an address, nor a hash that can be reversed by trying
    # every address.
    return CACHE_PREFIX + salted_hmac("backspasm.feedback.rate", client_ip(request)).hexdigest()


# This process's own count, for while the shared cache is down. Bounded: Django culls a third of it when full.
_in_memory = LocMemCache("feedback-rate-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def over_rate_limit(request) -> bool:
    """Count this post; True once the address has posted more than RATE_LIMIT times in the window."""
    key = rate_key(request)
    try:
        count = _count(cache, key)
    except CacheUnavailable:  # Redis is down; the breaker has said so once
        count = _count(_in_memory, key)
    except Exception:
        logger.warning("Feedback limit: the cache failed; counting in memory", exc_info=True)
        count = _count(_in_memory, key)
    return count > RATE_LIMIT


def _count(counts, key: str) -> int:
    counts.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        return counts.incr(key)
    except ValueError:  # expired between add and incr
        counts.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        return 1
