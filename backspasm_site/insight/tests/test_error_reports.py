"""Sentry gets the error, and nothing a reader sent: no answer, form field, cookie, query string, body,
header, address or local variable (insight/sentry.py). A test transport stands in for the network. And
LOG_FORMAT=json writes one JSON object a line, with no request in it."""

import json
import logging

import pytest
import sentry_sdk
from django.test import Client
from sentry_sdk.transport import Transport

from backspasm_site.core.log import JsonLines
from backspasm_site.insight.sentry import options, scrub
from tests.checker_steps import ticking

pytestmark = pytest.mark.django_db


MARKERS = ("saddle", "numbness", "cookie-marker-5150", "Marker-UA", "203.0.113.77", "198.51.100.23", "q=")


class Kept(Transport):
    """Keeps each envelope instead of sending it."""

    envelopes: list = []

    def capture_envelope(self, envelope):
        Kept.envelopes.append(envelope)


@pytest.fixture
def sentry():
    Kept.envelopes = []
    sentry_sdk.init(**options("https://public@sentry.invalid/1", transport=Kept))
    yield Kept.envelopes
    sentry_sdk.get_client().close()
    # No DSN: nothing is sent, as with SENTRY_DSN unset. Not a bare init(): that would set up the SDK's Django
    # integration, which wraps Django's handler (see insight/sentry.py).
    sentry_sdk.init(auto_enabling_integrations=False, default_integrations=False)


def sent(envelopes) -> str:
    return "\n".join(item.get_bytes().decode("utf-8", "replace") for e in envelopes for item in e.items)


def test_a_checker_request_that_raises_sends_the_error_and_no_answer(sentry, site_content, monkeypatch):
    monkeypatch.setattr("backspasm_site.symptom_checker.views.CheckerStepForm.fields_to_keep", broken)
    reader = Client(
        raise_request_exception=False,
        REMOTE_ADDR="203.0.113.77",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
        HTTP_USER_AGENT="Marker-UA/7.7",
    )
    reader.cookies["reader"] = "cookie-marker-5150"
    answer = reader.post("/symptom-checker/?q=saddle+numbness", ticking("saddle_numbness"))
    assert answer.status_code == 500
    sentry_sdk.flush()
    text = sent(sentry)
    assert "RuntimeError" in text and "checker broke" in text, "the error itself is reported"
    for marker in MARKERS:
        i = text.find(marker)
        assert i < 0, text[max(0, i - 300) : i + 50]
    event = json.loads([line for line in text.splitlines() if '"exception"' in line][0])
    assert set(event.get("request", {})) <= {"method", "url"}
    assert "/symptom-checker/" in text, "which page failed is still said"


def test_pages_are_still_cached_with_sentry_on(sentry, site_content):
    from backspasm_site.wsgi import application
    from tests.wsgi_client import Site

    site = Site(application)
    first = site.get("/articles/what-is-a-back-spasm/")
    assert "s-maxage=" in first["Cache-Control"], "shareable by the edge"
    again = site.get("/articles/what-is-a-back-spasm/", headers={"If-None-Match": first["ETag"]})
    assert again.status == 304, "revalidated by its ETag"


def test_the_scrubber_removes_whatever_the_sdk_might_add():
    event = {
        "request": {
            "url": "https://site.example/search/?q=saddle",
            "method": "POST",
            "data": {"saddle_numbness": "yes"},
            "cookies": {"checker_answers": "x"},
            "query_string": "q=saddle",
            "headers": {"User-Agent": "Marker-UA", "X-Forwarded-For": "203.0.113.77"},
            "env": {"REMOTE_ADDR": "203.0.113.77"},
        },
        "user": {"ip_address": "203.0.113.77"},
        "breadcrumbs": {"values": [{"message": "SELECT ... saddle"}]},
        "exception": {"values": [{"stacktrace": {"frames": [{"vars": {"answers": "saddle"}}]}}]},
        "logentry": {"message": "Answer %s", "params": ["saddle"], "formatted": "Answer saddle"},
    }
    text = json.dumps(scrub(event, {}))
    for marker in MARKERS:
        assert marker not in text, marker
    assert event["request"] == {"url": "https://site.example/search/", "method": "POST"}


def test_json_logs_are_one_object_a_line_with_no_request_in_them():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x/",), None
    )
    record.request = Client(REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Marker-UA").request  # as Django adds
    line = JsonLines().format(record)
    assert "\n" not in line
    assert json.loads(line) == {**json.loads(line), "level": "WARNING", "message": "Not Found: /x/"}
    assert set(json.loads(line)) == {"time", "level", "logger", "message"}
    for marker in MARKERS:
        assert marker not in line


def test_log_format_json_is_what_settings_choose(monkeypatch):
    import runpy
    from pathlib import Path

    settings_file = Path(__file__).resolve().parents[2] / "settings.py"
    monkeypatch.setenv("LOG_FORMAT", "json")
    logging_config = runpy.run_path(str(settings_file))["LOGGING"]
    assert logging_config["formatters"]["plain"]["()"] == "backspasm_site.core.log.JsonLines"
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(Exception, match="LOG_FORMAT"):
        runpy.run_path(str(settings_file))


def broken(form):
    """Stands in for the checker failing while it holds the answers (the lines around a frame are sent
    with it, so this is kept away from the test's own made-up reader details)."""
    answers_seen = dict(form.cleaned_data)  # a local variable holding the answers, as real code has
    raise RuntimeError(f"checker broke ({len(answers_seen)} answers)")
