"""Small security helpers that settings point to."""

from django.conf import settings


def client_ip(request) -> str:
    """The address a request came from, for django-axes' lockout and the feedback rate limit.

    Behind proxies every request arrives from the last one, and each trusted proxy appends the address it
    was reached from to X-Forwarded-For. With PROXY_HOPS trusted proxies (1: the load balancer; 2: a CDN
    and the load balancer) the client is the PROXY_HOPS-th entry from the end; entries before it are
    whatever the client claimed and are not trusted. A request with fewer entries did not come through
    every proxy and counts as coming from the socket's address, as it does when run directly.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        trusted = settings.PROXY_HOPS
        if len(hops) >= trusted:
            return hops[-trusted]
    return request.META.get("REMOTE_ADDR", "")


def static_file_headers(headers, path, url) -> None:
    """WhiteNoise answers static files before Django's middleware runs (backspasm_site/page_cache/front.py):
    give them the same headers SecurityMiddleware, CSP and framing give pages, so a file opened on its own
    (an SVG, say) is held to the same policy. HSTS, which depends on the request, is added in front.py."""
    from backspasm_site.core.csp_middleware import site_policy

    headers["Content-Security-Policy"] = site_policy()
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    if settings.SECURE_REFERRER_POLICY:
        headers["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
