"""Controls from docs/clinical-safety.md that no other test file covers on its own."""

import datetime

import pytest

from backspasm_site.articles.models import Article
from backspasm_site.symptom_checker.models import Advice

from .public_pages import ALL_CLEAR, VERDICT_ANSWERS, public_urls

pytestmark = pytest.mark.django_db


def every_page(client):
    """(where, html) for every public GET page and every checker verdict."""
    pages = [(url, client.get(url).content.decode()) for url in public_urls()]
    pages += [
        (f"verdict {name}", client.post("/symptom-checker/", answers).content.decode())
        for name, answers in VERDICT_ANSWERS.items()
    ]
    return pages


def test_every_page_names_the_emergency_number_from_settings_and_leaves_no_placeholder(
    client, site_content, settings
):
    settings.EMERGENCY_NUMBER = "112"
    for where, html in every_page(client):
        assert "In an emergency, call 112." in html, where
        assert "{{" not in html and "{%" not in html, where


def test_without_editors_advice_the_emergency_verdict_still_says_call_the_number(client, site_content):
    Advice.objects.all().delete()
    html = client.post("/symptom-checker/", {**ALL_CLEAR, "both_legs": "yes"}).content.decode()
    assert 'data-disposition="emergency"' in html
    assert "Call 999 now" in html


def test_the_checker_and_every_verdict_say_they_are_not_a_diagnosis(client, site_content):
    assert "This checker does not give a diagnosis." in client.get("/symptom-checker/").content.decode()
    for answers in VERDICT_ANSWERS.values():
        assert "This result is not a diagnosis." in client.post("/symptom-checker/", answers).content.decode()


def test_review_overdue_lists_exactly_the_pages_past_their_review_date(site_content):
    today = datetime.date(2030, 1, 1)
    Article.objects.filter(slug="causes").update(next_review_due=datetime.date(2029, 12, 31))
    Article.objects.exclude(slug="causes").update(next_review_due=today)
    assert list(Article.objects.review_overdue(today).values_list("slug", flat=True)) == ["causes"]
