"""Small security helpers that settings point to."""

import ipaddress
import secrets
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def parse_networks(entries, variable: str = "DJANGO_TRUSTED_PROXIES") -> tuple:
    """A variable's entries (addresses or networks, e.g. `10.0.0.7`, `10.0.0.0/8`, `fd00::/8`) as networks;
    a bad entry is a configuration error naming the variable, raised at start-up rather than ignored."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"{variable}: {entry!r} is not an address or network") from error
    return tuple(networks)


@lru_cache(maxsize=8)
def _trusted_networks(entries: tuple) -> tuple:
    return parse_networks(entries)


def _address(text: str):
    """The address in one X-Forwarded-For entry or REMOTE_ADDR, or None if it is not one. IPv4 written as
    IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports) is taken as the IPv4 address."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def client_ip(request) -> str:
    """The address a request came from, for django-axes' lockout and the feedback rate limit.

    X-Forwarded-For is only as good as whoever wrote it, and anyone can send one. It is read only when the
    request itself comes from a trusted proxy (settings.TRUSTED_PROXIES, from DJANGO_TRUSTED_PROXIES); a
    request from anywhere else, straight to gunicorn say, counts by its own socket address whatever its
    headers claim. From a trusted proxy the header is walked from the right, the end each proxy appends
    to: trusted proxies' entries are skipped and the first other address is the client. Entries left of it
    are whatever the client claimed and are never used, so neither a new nor an extra entry gives a fresh
    count. (nginx's real_ip_recursive and Rack's trusted-proxy walk work the same way.) If every entry is a
    trusted proxy the leftmost is used; if an entry is not an address at all, the proxy that passed it on.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = _trusted_networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    nearest = _address(remote)
    if nearest is None or not _is_trusted(nearest, trusted):
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        nearest = address
        if not _is_trusted(address, trusted):
            break
    return str(nearest)


def _is_trusted(address, trusted_networks) -> bool:
    return any(address in network for network in trusted_networks)


def has_bearer_token(request, token: str) -> bool:
    """Whether the request carries `Authorization: Bearer <token>`; never, while the token is unset."""
    sent = request.headers.get("Authorization", "")
    return bool(token) and secrets.compare_digest(sent.encode(), f"Bearer {token}".encode())


def static_file_headers(headers, path, url) -> None:
    """WhiteNoise answers static files from its middleware, before the CSP and framing middleware run
    (settings.MIDDLEWARE): give them the headers pages get, so a file opened on its own (an SVG, say) is
    held to the same policy. SecurityMiddleware, outside WhiteNoise, adds HSTS and the rest as it does to
    every response."""
    from backspasm_site.core.csp_middleware import site_policy

    headers["Content-Security-Policy"] = site_policy()
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    if settings.SECURE_REFERRER_POLICY:
        headers["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    """django-axes' AXES_LOCKOUT_PARAMETERS: what failed sign-ins are counted by.

    Normally a user name and an address together, so one person's typos lock out only themselves (5, the
    AXES_FAILURE_LIMIT). But addresses are cheap to change (a botnet, an IPv6 block), so once one user
    name has failed settings.LOGIN_FAILURES_PER_USERNAME times within the cool-off from any addresses,
    counting is by user name alone: that count is already over the limit, so the account is locked for
    everyone until the cool-off has passed or `manage.py axes_reset_username` lifts it.
    """
    from axes.helpers import get_client_username, get_cool_off
    from axes.models import AccessAttempt, AccessBase
    from django.db.models import Sum
    from django.utils import timezone

    pair = [["username", "ip_address"]]
    if isinstance(request_or_attempt, AccessBase):
        username = request_or_attempt.username
    else:
        username = get_client_username(request_or_attempt, credentials)
    if not username:
        return pair
    attempts = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off(request_or_attempt)
    if cool_off is not None:
        since = getattr(request_or_attempt, "axes_attempt_time", None) or timezone.now()
        attempts = attempts.filter(attempt_time__gte=since - cool_off)
    failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
    return ["username"] if failures >= settings.LOGIN_FAILURES_PER_USERNAME else pair
