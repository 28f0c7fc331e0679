"""Issue 29: Easy Read versions of the first-days guide and of "When to get help", kept in step with the
standard pages and with the checker's rule table."""

import re
from html import unescape

import pytest
from django.test import Client

from backspasm_site.symptom_checker.red_flags import SEE_DOCTOR, Urgency, signs_at

from .public_pages import visible_text

pytestmark = pytest.mark.django_db

PAIRS = [("/articles/first-days/", "/articles/first-days-easy-read/"),
         ("/articles/when-to-get-help/", "/articles/when-to-get-help-easy-read/")]  # fmt: skip


def body_of(html: str) -> str:
    return html[html.index('<div class="article__body">') : html.index("</main>")]


@pytest.mark.parametrize(("standard", "easy_read"), PAIRS)
def test_each_standard_page_links_its_easy_read_version_at_the_top_and_back(
    site_content, standard, easy_read
):
    html = Client().get(standard).text
    link = f'<a href="{easy_read}">Easy Read version</a>'
    assert link in html
    assert html.index("<h1>") < html.index(link) < html.index('class="lead"')  # at the top, under the title
    back = Client().get(easy_read).text
    assert f'<a href="{standard}">Standard version of this page</a>' in back
    assert 'class="article article--easy-read"' in back


def test_the_easy_read_warning_signs_are_the_rule_tables_in_its_order(site_content):
    html = Client().get("/articles/when-to-get-help-easy-read/").text
    for urgency in (Urgency.EMERGENCY, Urgency.URGENT, SEE_DOCTOR):
        block = re.search(rf'data-sign-list="{urgency.disposition}"(.*?)</section>', html, flags=re.S).group(
            1
        )
        assert [unescape(item) for item in re.findall(r"<li>(.*?)</li>", block)] == list(signs_at(urgency))
        picture = re.search(r'<img src="[^"]+\.svg" alt="([^"]+)"', block)
        assert picture and picture.group(1), urgency  # a picture beside each level, described


def test_the_easy_read_lists_follow_the_table_when_it_changes(site_content, monkeypatch):
    """Not a copy: a sign added to the table shows on the Easy Read page at once."""
    from backspasm_site.symptom_checker.templatetags import checker_tags

    real = checker_tags.signs_at
    monkeypatch.setattr(
        checker_tags,
        "signs_at",
        lambda urgency: real(urgency) + (("a new sign from the table",) if urgency == Urgency.URGENT else ()),
    )
    assert "<li>a new sign from the table</li>" in Client().get("/articles/when-to-get-help-easy-read/").text


@pytest.mark.parametrize("path", [easy for _, easy in PAIRS])
def test_easy_read_pages_have_a_picture_beside_each_point_and_one_short_idea_a_line(site_content, path):
    body = body_of(Client().get(path).text)
    points = re.findall(r"<p><img alt=\"([^\"]+)\" src=\"/static/img/[a-z/-]+\.svg\">(.*?)</p>", body, re.S)
    assert len(points) >= (10 if "first-days" in path else 1)
    for alt, text in points:
        assert alt
        for line in re.split(r"<br\s*/?>", text):
            words = visible_text(line).split()
            assert 0 < len(words) <= 12, line
            assert len(re.findall(r"[.?!](\s|$)", visible_text(line).strip())) <= 1, line


@pytest.mark.parametrize("path", [easy for _, easy in PAIRS])
def test_search_for_easy_read_finds_the_easy_read_pages(site_content, path):
    assert f'href="{path}"' in Client().get("/search/", {"q": "easy read"}).text


def test_on_a_narrow_or_large_text_screen_each_picture_sits_above_its_words(page, live_server, site_content):
    """At 200% text on a phone the words beside each picture had a 100 px column, broken every few letters (a
    review found it). Below 22em (352 px at the usual text size, 704 px at 200%) the picture goes above."""
    page.set_viewport_size({"width": 340, "height": 800})
    page.goto(live_server.url + "/articles/first-days-easy-read/")
    row = page.locator(".article__body p:has(> img:first-child)").first
    picture = row.locator("img").first.bounding_box()
    words = row.bounding_box()
    assert picture["y"] + picture["height"] <= words["y"] + words["height"]
    assert row.evaluate("p => getComputedStyle(p).paddingLeft") == "0px"
