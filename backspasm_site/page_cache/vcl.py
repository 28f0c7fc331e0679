"""deploy/varnish/backspasm.vcl with its placeholders filled in, for `manage.py render_vcl` (`make edge`, the
tests and the benchmarks all start Varnish from its output, as production should).

VCL reads no environment and no database, so whatever the edge must know is written into it here, at deploy
time: the backend's address, who may purge (EDGE_PURGE_FROM, EDGE_PURGE_TOKEN), the emergency number and the
headline emergency signs of the checker's rule table (for the page readers get when the site is down), and
the site's security headers (for Varnish's own pages).
"""

import html
import re
import string

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

from backspasm_site.core.security import parse_networks, static_file_headers

from .edge import TRACKING_PARAMETER

TEMPLATE = settings.BASE_DIR / "deploy" / "varnish" / "backspasm.vcl"
# A token goes inside a VCL string: letters, digits and the characters of base64 and URL-safe tokens only.
TOKEN = re.compile(r"[A-Za-z0-9_.~+/=-]{32,}")
UNRESERVED = string.ascii_letters + string.digits + "-._~"  # RFC 3986 2.3: %XX of these means the character
# Read decoded by the site: the unreserved ones, and "/" (gunicorn decodes %2F in the path, so
# /articles%2Fcauses/ is the same page to the site). A path with any of them %-encoded is never stored.
DECODED = UNRESERVED + "/"


def render(backend_host: str, backend_port: int) -> str:
    values = {
        "BACKEND_HOST": _vcl_string(backend_host),
        "BACKEND_PORT": str(int(backend_port)),
        "PURGERS": acl_lines("EDGE_PURGE_FROM", settings.EDGE_PURGE_FROM),
        "TLS_TERMINATORS": acl_lines("EDGE_TLS_FROM", settings.EDGE_TLS_FROM),
        "PURGE_TOKEN": purge_token(settings.EDGE_PURGE_TOKEN),
        "EMERGENCY_NUMBER": html.escape(_vcl_string(settings.EMERGENCY_NUMBER)),
        "EMERGENCY_SIGNS": emergency_signs_html(),
        "FORM_BODY_LIMIT": str(int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)),
        "ENCODED_IN_PATH": "^[^?]*%(?i)(" + "|".join(f"{ord(char):02x}" for char in DECODED) + ")",
        "TRACKING_PARAMETER": TRACKING_PARAMETER,
        "SECURITY_HEADERS_RESP": security_headers("resp"),
        "SECURITY_HEADERS_BERESP": security_headers("beresp"),
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    if left := re.findall(r"@[A-Z_]+@", text):
        raise ImproperlyConfigured(f"backspasm.vcl: placeholders left unfilled: {sorted(set(left))}")
    return text


def _vcl_string(value: str) -> str:
    if '"' in value or "\n" in value or "}" in value:
        raise ImproperlyConfigured(f"Not allowed in the VCL: {value!r}")
    return value


def purge_token(token: str) -> str:
    if not TOKEN.fullmatch(token):
        raise ImproperlyConfigured(
            "EDGE_PURGE_TOKEN must be set, 32 or more letters, digits or -._~+/= (e.g. from `python -c "
            "'import secrets; print(secrets.token_urlsafe(32))'`): Varnish refuses purges without it."
        )
    return token


def acl_lines(variable: str, entries: list[str]) -> str:
    """A variable's addresses or networks as the lines of a VCL acl."""
    networks = parse_networks(entries, variable)
    return "\n".join(f'    "{network.network_address}"/{network.prefixlen};' for network in networks)


def emergency_signs_html() -> str:
    from backspasm_site.symptom_checker.red_flags import headline_signs

    items = "".join(f"\n<li>{html.escape(sign)}</li>" for sign in headline_signs())
    text = f"<ul>{items}\n</ul>"
    if '"}' in text:  # what would end the VCL's {"..."} string early (escaped HTML has no `"` anyway)
        raise ImproperlyConfigured(f"Not allowed in the VCL: {text!r}")
    return text


def security_headers(target: str) -> str:
    """The headers Django's middleware gives every page, each set where it is missing: on the pages Varnish
    makes itself, and on the site's answers that its middleware never saw."""
    from django_permissions_policy import PermissionsPolicyMiddleware

    headers: dict[str, str] = {}
    static_file_headers(headers, "", "")
    page = PermissionsPolicyMiddleware(lambda request: HttpResponse())(HttpRequest())
    headers["Permissions-Policy"] = page["Permissions-Policy"]
    if settings.SECURE_HSTS_SECONDS:
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        hsts += "; includeSubDomains" * settings.SECURE_HSTS_INCLUDE_SUBDOMAINS
        hsts += "; preload" * settings.SECURE_HSTS_PRELOAD
        headers["Strict-Transport-Security"] = hsts
    return "\n".join(
        f'    if (!{target}.http.{name}) {{ set {target}.http.{name} = "{_vcl_string(value)}"; }}'
        for name, value in sorted(headers.items())
    )
