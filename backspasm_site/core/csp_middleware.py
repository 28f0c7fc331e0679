"""django-csp's middleware with the Content-Security-Policy header built once, not on every response.

The site's policy is the same for every response (settings.CONTENT_SECURITY_POLICY: no nonces, no view
changes it), yet django-csp 4.0 builds the header string from the settings twice per response. A response
that does anything else (a csp_* decorator, a nonce, a report-only policy, excluded prefixes, DEBUG's error
pages) goes through django-csp, which builds it afresh.

Either way style-src also allows, by its SHA-256 hash, the one inline <style> every page carries (the site's
stylesheet, inline_style.py), worked out once per process: no 'unsafe-inline', no nonce.
"""

import functools

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, PolicyParts
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from backspasm_site.core.inline_style import site_style

# What django-csp's decorators set on a response, for either header.
PER_RESPONSE_ATTRIBUTES = tuple(
    f"_csp_{kind}{suffix}" for kind in ("exempt", "config", "update", "replace") for suffix in ("", "_ro")
)


@functools.cache
def site_policy() -> str:
    """The header django-csp builds from settings.CONTENT_SECURITY_POLICY, with the inline style's hash:
    style-src gains the hash of the one inline <style> every page carries, and nothing else inline."""
    return build_policy(update={"style-src": [site_style().csp_source]})


@receiver(setting_changed)
def _forget_policy(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


class CSPMiddleware(DjangoCSPMiddleware):
    def _is_plain(self, request, response) -> bool:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        return not (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE_ATTRIBUTES)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or policy.get("EXCLUDE_URL_PREFIXES")
            or (settings.DEBUG and response.status_code in (404, 500))
        )

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        # Responses django-csp handles itself (a decorator, a nonce) still allow the inline stylesheet.
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only:
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", ()), site_style().csp_source]
            parts.update = update
        return parts

    def process_response(self, request, response):
        if not self._is_plain(request, response):
            return super().process_response(request, response)
        policy = site_policy()
        if policy and HEADER not in response:
            response[HEADER] = policy
        # As django-csp does: a nonce asked for once the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
