"""Error reports to Sentry (sentry-sdk), with nothing a reader typed, answered or sent in them.

`scrub` runs on every event before it leaves the process (before_send): the request keeps its method and its
path only. Form fields, the body, cookies, the query string (search words), every header (user agent,
addresses), the user, stack frames' local variables and breadcrumbs (log lines, SQL with its parameters) are
removed. The SDK is also told to collect none of them (no request bodies, local variables or breadcrumbs;
it sends no cookies, user or address by default), so the scrubber is the second lock, not the only one.
"""

import logging

from sentry_sdk.integrations.logging import LoggingIntegration

KEPT_REQUEST_FIELDS = ("method", "url")


def _method_and_path(request: dict) -> dict:
    kept = {key: request[key] for key in KEPT_REQUEST_FIELDS if key in request}
    if "url" in kept:
        kept["url"] = str(kept["url"]).split("?", 1)[0].split("#", 1)[0]
    return kept


def _frames(event):
    for part in ("exception", "threads"):
        for value in (event.get(part) or {}).get("values") or []:
            yield from (value.get("stacktrace") or {}).get("frames") or []


def scrub(event, hint=None):
    if isinstance(event.get("request"), dict):
        event["request"] = _method_and_path(event["request"])
    for key in ("user", "breadcrumbs", "extra"):
        event.pop(key, None)
    event.get("contexts", {}).pop("trace", None)
    for frame in _frames(event):
        frame.pop("vars", None)
    # Messages logged with arguments (logger.error("... %s", value)) keep only the template, except Django's
    # "Internal Server Error: <path>", whose one argument is the path without its query string.
    logentry = event.get("logentry")
    if isinstance(logentry, dict) and event.get("logger") != "django.request":
        logentry.pop("params", None)
        logentry.pop("formatted", None)
    return event


def options(dsn: str, **extra) -> dict:
    return {
        "dsn": dsn,
        # Errors reach Sentry as what Django logs for them ("Internal Server Error: <path>", with the
        # traceback), not through the SDK's Django integration, which wraps Django's WSGI handler: logged
        # errors are the one way in, each through `scrub` (insight/tests/test_error_reports.py).
        "auto_enabling_integrations": False,
        "integrations": [LoggingIntegration(level=None, event_level=logging.ERROR)],
        "max_request_body_size": "never",
        "include_local_variables": False,
        "max_breadcrumbs": 0,
        "traces_sample_rate": 0,
        "before_send": scrub,
        "server_name": "",
        **extra,
    }
