"""The checks that stand in for a CSRF token on the article pages' feedback form.

Article pages are cached whole for everyone (issue 6), so their form can carry nothing per visitor, not
even a CSRF token. Instead the endpoint refuses posts that a browser marks as coming from another site
(Origin, or Referer when there is no Origin), and limits how often one address can post. The limit is
counted under a keyed hash of the address, kept only in the cache and only for RATE_WINDOW_SECONDS.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

from backspasm_site.core.security import client_ip

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


def over_rate_limit(request) -> bool:
    """Count this post; True once the address has posted more than RATE_LIMIT times in the window."""
    key = rate_key(request)
    cache.add(key, 0, timeout=RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
        count = 1
    return count > RATE_LIMIT
