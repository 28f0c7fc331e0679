"""django-csp's middleware with the Content-Security-Policy header built once, not on every response.

The site's policy is the same for every response (settings.CONTENT_SECURITY_POLICY: no nonces, no view
changes it), yet django-csp 4.0 builds the header string from the settings twice per response. A response
that does anything else (a csp_* decorator, a nonce, a report-only policy, excluded prefixes, DEBUG's error
pages) goes through django-csp unchanged.
"""

import functools

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What django-csp's decorators set on a response, for either header.
PER_RESPONSE_ATTRIBUTES = tuple(
    f"_csp_{kind}{suffix}" for kind in ("exempt", "config", "update", "replace") for suffix in ("", "_ro")
)


@functools.cache
def site_policy() -> str:
    """The header value django-csp builds from settings.CONTENT_SECURITY_POLICY."""
    return build_policy()


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

    def process_response(self, request, response):
        if not self._is_plain(request, response):
            return super().process_response(request, response)
        policy = site_policy()
        if policy and HEADER not in response:
            response[HEADER] = policy
        # As django-csp does: a nonce asked for once the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
