"""The reviewers' weekly digest gains the week's searches that found nothing (only those asked 3 times or
more) and the pages most often marked "not helpful"."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from backspasm_site.articles.models import Article
from backspasm_site.feedback.models import Feedback
from backspasm_site.insight.models import DailyCount

pytestmark = pytest.mark.django_db


def failed(words, n, days_ago=0):
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    DailyCount.objects.create(day=day, topic="search", event="asked", detail=words, n=n)
    DailyCount.objects.create(day=day, topic="search", event="found-nothing", detail=words, n=n)


def test_the_digest_lists_failed_searches_and_not_helpful_pages(mailoutbox, site_content, reviewer):
    Article.objects.update(next_review_due=timezone.localdate() + datetime.timedelta(days=365))
    failed("sciatica cream", 4)
    failed("hot water bottle", 3)
    failed("my own words", 2)  # too few to show
    failed("last month", 9, days_ago=20)  # not this week
    symptoms, causes = Article.objects.get(slug="symptoms"), Article.objects.get(slug="causes")
    for _ in range(3):
        Feedback.objects.create(article=symptoms, helpful=False)
    Feedback.objects.create(article=causes, helpful=False)
    Feedback.objects.create(article=causes, helpful=True)
    old = Feedback.objects.create(article=causes, helpful=False)
    Feedback.objects.filter(pk=old.pk).update(created_on=timezone.localdate() - datetime.timedelta(days=30))

    out = StringIO()
    call_command("send_review_digest", stdout=out)
    assert out.getvalue().strip().endswith("2 searches that found nothing, 2 pages marked not helpful.")
    body = mailoutbox[0].body
    searches = body.split("Searches that found nothing")[1].split("Pages most often")[0]
    assert [line for line in searches.splitlines() if line.startswith("- ")] == [
        '- "sciatica cream": found nothing 4 times',
        '- "hot water bottle": found nothing 3 times',
    ]
    pages = body.split('Pages most often marked "not helpful"')[1]
    listed = [line for line in pages.splitlines() if line.startswith("- ")]
    assert listed == [f'- {symptoms.title}: 3 "not helpful"', f'- {causes.title}: 1 "not helpful"']
    assert "/admin/insight/dailycount/" in body
    assert "my own words" not in body and "last month" not in body


def test_the_about_page_says_what_is_counted_and_for_how_long(client, site_content):
    from backspasm_site.insight.models import KEPT_DAYS
    from backspasm_site.insight.report import MIN_ASKED

    privacy = client.get("/about-this-content/").content.decode().split("Your privacy")[1]
    assert f"We delete these counts after {KEPT_DAYS} days." in privacy
    assert f"once {MIN_ASKED} or more searches have used them" in privacy
    assert "We never count your answers." in privacy
    assert "a number or an email address" in privacy
