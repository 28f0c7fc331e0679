"""Issue 29: the first-days guide, its pictures, and the ways readers find it."""

import re

import pytest
from django.test import Client

from backspasm_site.articles.models import Article

from .checker_steps import answer_checker
from .public_pages import ALL_CLEAR

pytestmark = pytest.mark.django_db

GUIDE = "/articles/first-days/"
PICTURE = re.compile(r'<img alt="([^"]*)" src="(/static/img/guide/[a-z-]+\.svg)"')


def test_the_guide_is_published_unreviewed_readable_and_carries_the_emergency_card(site_content):
    guide = Article.objects.published().get(slug="first-days")
    assert guide.reading_grade <= 7
    html = Client().get(GUIDE).text
    assert "A clinician has not checked this page yet." in html
    assert "data-emergency-card" in html  # the short card, above the body
    body = html[html.index('<div class="article__body">') :]
    for heading in ("Put heat on it", "Getting out of bed", "Getting down to the floor and up again",
                    "Sleeping and resting", "Gentle stretches", "Going back to work and exercise",
                    "Lifting and posture", "If it gets worse"):  # fmt: skip
        assert f">{heading}</h2>" in body
    # Each stretch says how many times, and the section says how often and when to stop.
    stretches = re.findall(r"<h3>\d\. [^<]+</h3>\s*<p><img [^>]+></p>\s*<p>([^<]+)</p>", body)
    assert 4 <= len(stretches) <= 6
    assert all(re.search(r"\b\d+ times\b", text) for text in stretches), stretches
    assert "3 times a day" in body and "When to stop:" in body


def test_every_picture_of_the_guide_has_alt_text_that_says_what_the_body_does(site_content):
    pictures = PICTURE.findall(Client().get(GUIDE).text)
    assert len(pictures) >= 12
    for alt, _src in pictures:
        assert alt.startswith("A person "), alt  # who does what, not "picture of" or a file name
        assert len(alt.split()) >= 8, alt
    assert len({src for _, src in pictures}) == len(pictures)  # one drawing per position


@pytest.mark.parametrize("path", ["/", "/articles/home-treatment/"])
def test_the_guide_is_linked_from_home_and_from_home_treatment(site_content, path):
    assert f'href="{GUIDE}"' in Client().get(path).text


def test_the_checkers_self_care_result_suggests_the_guide(site_content):
    result = answer_checker(Client(), ALL_CLEAR)
    assert "You can probably look after this at home" in result.text
    assert f'href="{GUIDE}"' in result.text


@pytest.mark.parametrize("query", ["stretches", "exercises", "how to sleep", "get out of bed"])
def test_search_finds_the_guide(site_content, query):
    results = Client().get("/search/", {"q": query}).text
    assert f'href="{GUIDE}"' in results, query


def test_the_pictures_load_and_show_at_a_phone_width(page, live_server, site_content):
    page.goto(live_server.url + GUIDE)
    images = page.locator(".article__body img")
    assert images.count() >= 12
    for image in images.all():
        image.scroll_into_view_if_needed()
        image.evaluate("img => img.decode()")
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), image.get_attribute("src")
        box = image.bounding_box()
        assert 200 <= box["width"] <= 390 and box["height"] > 100, box
        assert image.get_attribute("alt")


def test_the_guide_tells_who_should_not_do_the_exercises_and_when_to_stop(site_content):
    """H12 (docs/clinical-safety.md): the exercises are kept from people who should not do them."""
    html = Client().get(GUIDE).text
    body = html[html.index('<div class="article__body">') :]
    opening = body[: body.index("<h2")]  # what a reader sees before the first section
    assert "If you have any of the warning signs on this page, get help first." in opening
    assert "Do not start the stretches." in opening
    floor = body[body.index(">Getting down to the floor and up again</h2>") :]
    assert "find it hard to get up from the floor, do the lying stretches on your bed instead" in floor
    worse = body[body.index(">If it gets worse</h2>") :]
    assert "Stop the stretches and get help if you get any of these signs." in worse
    for level in ("emergency", "urgent"):  # the signs themselves follow, from the rule table
        assert f'data-sign-list="{level}"' in worse, level
