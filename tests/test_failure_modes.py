"""Failure modes degrade to a safe answer: emergency advice is never hidden, and a broken part never blanks a page."""

import pytest
from django.core.wsgi import get_wsgi_application
from django.test import Client, override_settings

from backspasm_site.core.templatetags.site_tags import with_emergency_number
from backspasm_site.symptom_checker.red_flags import EARLY_EMERGENCY_REASON

from .checker_steps import answer_checker, ticking
from .public_pages import ALL_CLEAR, visible_text
from .wsgi_client import Site

pytestmark = pytest.mark.django_db
URL = "/symptom-checker/"


def test_an_emergency_yes_with_missing_answers_shows_emergency_advice_without_javascript(
    client, site_content
):
    # Pressed at once, with nothing else answered: the emergency advice, no errors first.
    for data in [
        {"emergency_signs": ["bladder_bowel"]},
        {"emergency_signs": ["bladder_bowel", "none"]},
        {"emergency_signs": ["chest_pain", "made-up"]},
    ]:
        html = client.post(URL, data, follow=True).content.decode()
        assert "There is a problem" not in html and 'data-disposition="emergency"' in html
        assert EARLY_EMERGENCY_REASON in html and "Call 999" in visible_text(html)


def test_missing_answers_without_an_emergency_keep_the_early_advice_hidden(client, site_content):
    html = client.post(URL, {"emergency_signs": [], "sleep": "yes"}).content.decode()
    assert 'id="early-emergency" hidden' in html


def test_a_refused_post_with_an_emergency_sign_still_gets_the_emergency_advice(site_content):
    response = Client(enforce_csrf_checks=True).post(URL, {"emergency_signs": ["saddle_numbness"]})
    html = response.content.decode()
    assert response.status_code == 403 and "no-store" in response["Cache-Control"]
    assert 'class="verdict card card--emergency" data-disposition="emergency"' in html
    assert "numb or tingling" in html


def test_a_failed_csrf_check_still_points_to_emergency_help(site_content):
    response = Client(enforce_csrf_checks=True).post(URL, ALL_CLEAR)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Call 999" in visible_text(html) and 'href="/symptom-checker/"' in html
    assert 'data-sign-list="emergency"' in html and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "written", ["{{ emergency_number }}", "{{emergency_number}}", "{{  emergency_number }}"]
)
def test_the_emergency_number_placeholder_tolerates_spacing(settings, written):
    settings.EMERGENCY_NUMBER = "112"
    assert with_emergency_number(f"Call {written} now") == 'Call <a class="tel" href="tel:112">112</a> now'
    assert visible_text(with_emergency_number(f"Call {written} now")) == "Call 112 now"


def test_the_emergency_verdict_says_what_to_do_without_editors_advice(client, site_content):
    from backspasm_site.symptom_checker.models import Advice

    Advice.objects.all().delete()
    html = answer_checker(client, ticking("fever")).content.decode()
    assert "Call 999, or go to the nearest emergency department (A&E) now." in visible_text(html)


def test_healthz_is_never_cached(client):
    assert "no-store" in client.get("/healthz")["Cache-Control"]


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there: the cache is "down"
        },
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
)
def test_pages_and_the_checker_still_answer_when_the_shared_cache_is_down(site_content):
    site = Site(get_wsgi_application())  # the whole application, as gunicorn runs it
    assert site.get("/articles/symptoms/").status == 200
    assert site.get("/articles/symptoms/").status == 200
    client = Client(raise_request_exception=False)
    assert client.get(URL).status_code == 200
    response = answer_checker(client, ticking("fever"))
    assert response.status_code == 200 and 'data-disposition="emergency"' in response.content.decode()
