"""Small security helpers that settings point to."""

from django.conf import settings


def client_ip(request) -> str:
    """The address a login attempt came from, for django-axes' lockout.

    Behind the TLS-terminating proxy every request arrives from the proxy, so the client is the address the
    proxy appended last to X-Forwarded-For (earlier entries are whatever the client claimed and are not
    trusted). Run directly, it is the socket's address.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
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
