"""Controls from docs/clinical-safety.md that no other test file covers on its own."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client

from backspasm_site.articles.models import Article
from backspasm_site.core import content_files
from backspasm_site.symptom_checker.models import Advice
from backspasm_site.symptom_checker.red_flags import EMERGENCY, SEE_DOCTOR, URGENT, headline_signs, signs_at

from .checker_steps import answer_checker, ticking
from .public_pages import VERDICT_ANSWERS, public_urls, visible_text

pytestmark = pytest.mark.django_db


def every_page(client):
    """(where, html) for every public GET page and every checker verdict."""
    pages = [(url, client.get(url).content.decode()) for url in public_urls()]
    pages += [
        (f"verdict {name}", answer_checker(client, answers).content.decode())
        for name, answers in VERDICT_ANSWERS.items()
    ]
    # A post the CSRF check refuses (cookies blocked, a page left open): the page it gets instead.
    refused = Client(enforce_csrf_checks=True).post("/symptom-checker/", VERDICT_ANSWERS["self-care"])
    assert refused.status_code == 403 and "no-store" in refused["Cache-Control"]
    pages.append(("refused post", refused.content.decode()))
    return pages


def test_every_page_names_the_emergency_number_from_settings_and_leaves_no_placeholder(
    client, site_content, settings
):
    settings.EMERGENCY_NUMBER = "112"
    for where, html in every_page(client):
        assert "In an emergency, call 112." in visible_text(html), where
        assert 'href="tel:112"' in html, where
        assert "{{" not in html and "{%" not in html, where
        assert "999" not in visible_text(html), where


def test_no_content_names_an_emergency_number_itself():
    """Numbers come from the settings on every page: content writes {{ emergency_number }} instead."""
    for path in content_files.content_dir().rglob("*.md"):
        text = path.read_text()
        assert not re.search(r"\b(999|911|112|000|111)\b", text), path


def test_every_page_that_lists_warning_signs_lists_every_sign_of_each_level(client, site_content):
    """The lists come from the rule table: a page that names an emergency sign shows the whole list."""
    expected = {urgency.disposition: signs_at(urgency) for urgency in (EMERGENCY, URGENT, SEE_DOCTOR)}
    listing = 0
    for where, html in every_page(client):
        lists = re.findall(r'data-sign-list="([a-z-]+)"(.*?)</section>', html, flags=re.S)
        for level, block in lists:
            items = [unescape(item) for item in re.findall(r"<li>(.*?)</li>", block)]
            assert items == list(expected[level]), (where, level)
        if where.startswith("/search/") or where == "/symptom-checker/":
            continue  # quotes of other pages, and the questions themselves
        # The short emergency card names some signs and links to the rest (its own tests are below).
        text = visible_text(html.replace(emergency_card(html), "")).lower()
        if any(word in text for word in ("bowel", "genitals", "both legs", "chest pain")):
            assert {level for level, _ in lists} >= {"emergency", "urgent"}, where
            listing += 1
    assert listing >= 6  # the home page, when to get help, the about page and every verdict at least


def emergency_card(html: str) -> str:
    """The page's short emergency card, or "" when it has none."""
    card = re.search(r"<section[^>]*data-emergency-card.*?</section>", html, flags=re.S)
    return card.group() if card else ""


def assert_shows_the_emergency_card(html: str, number: str, where: str = "") -> None:
    """Every headline sign of the rule table, and the number to tap, in the page's short emergency card."""
    card = emergency_card(html)
    assert card, f"{where}: no emergency card"
    assert [unescape(item) for item in re.findall(r"<li>(.*?)</li>", card)] == list(headline_signs()), where
    assert f'href="tel:{number}"' in card, where
    assert "Immediate action required" in card and 'href="/articles/when-to-get-help/"' in card, where


def test_the_404_page_shows_the_emergency_card(client, site_content, settings):
    settings.EMERGENCY_NUMBER = "112"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_shows_the_emergency_card(response.content.decode(), "112")


def test_the_500_page_shows_the_emergency_card_through_the_real_handler(site_content, settings, monkeypatch):
    from backspasm_site.articles import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    settings.EMERGENCY_NUMBER = "112"
    monkeypatch.setattr(views, "render", broken)
    response = Client(raise_request_exception=False).get("/articles/symptoms/")
    assert response.status_code == 500
    assert_shows_the_emergency_card(response.content.decode(), "112")


def test_the_500_pages_emergency_card_needs_no_database(rf, settings, django_db_blocker):
    from backspasm_site.core.views import server_error

    settings.EMERGENCY_NUMBER = "112"
    with django_db_blocker.block():  # any query would raise
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert_shows_the_emergency_card(response.content.decode(), "112")


def test_every_article_shows_the_headline_signs_and_only_when_to_get_help_lists_them_all(
    client, site_content, settings
):
    """Every article shows the short card above its body; "When to get help" (and its Easy Read version)
    shows the full lists instead (they open its body), not both. The first-days guide shows the card first and the full lists at its end,
    so the signs come before any exercise."""
    settings.EMERGENCY_NUMBER = "112"
    full_lists, lists_first = [], []
    for article in Article.objects.published():
        html = client.get(article.get_absolute_url()).content.decode()
        if 'data-sign-list="emergency"' in html:
            full_lists.append(article.slug)
            emergency = re.search(r'data-sign-list="emergency".*?</section>', html, flags=re.S).group()
            assert set(headline_signs()) <= {unescape(i) for i in re.findall(r"<li>(.*?)</li>", emergency)}
            assert 'href="tel:112"' in emergency
            body = html[html.index("article__body") :]
            first_section = body.find("<h2>")  # the editors' headings; the cards' own have a class
            if first_section == -1 or body.index('data-sign-list="emergency"') < first_section:
                lists_first.append(article.slug)
                assert not emergency_card(html), article.slug
                continue
        assert_shows_the_emergency_card(html, "112", article.slug)
        # Below the summary, so the reader first learns what the page is about; above the body.
        page = html[html.index("<body") :]  # the inline stylesheet in <head> names these classes too
        assert page.index('class="lead"') < page.index("data-emergency-card") < page.index("article__body")
    assert sorted(full_lists) == ["first-days", "when-to-get-help", "when-to-get-help-easy-read"]
    assert sorted(lists_first) == ["when-to-get-help", "when-to-get-help-easy-read"]


@pytest.mark.parametrize(
    "query", ["can't pee", "numb bum", "cauda equina", "chest pain", "wet myself", "heart attack", "sepsis"]
)
def test_a_search_for_a_warning_sign_shows_the_emergency_card_above_its_results(
    client, site_content, settings, query
):
    settings.EMERGENCY_NUMBER = "112"
    html = client.get("/search/", {"q": query}).content.decode()
    assert_shows_the_emergency_card(html, "112", query)
    assert html.index("data-emergency-card") < html.index('class="search-count"')


@pytest.mark.parametrize("query", ["stretches", "heat", "how long does a spasm last"])
def test_an_ordinary_search_shows_no_emergency_card(client, site_content, query):
    html = client.get("/search/", {"q": query}).content.decode()
    assert 'class="link-list search-results"' in html  # it found pages
    assert not emergency_card(html)


def test_without_editors_advice_the_emergency_verdict_still_says_call_the_number(client, site_content):
    Advice.objects.all().delete()
    html = answer_checker(client, ticking("both_legs")).content.decode()
    assert 'data-disposition="emergency"' in html
    assert "Call 999 now" in visible_text(html)


def test_the_checker_and_every_verdict_say_they_are_not_a_diagnosis(client, site_content):
    assert "This checker does not give a diagnosis." in client.get("/symptom-checker/").content.decode()
    for answers in VERDICT_ANSWERS.values():
        assert "This result is not a diagnosis." in answer_checker(client, answers).content.decode()


def test_review_overdue_lists_exactly_the_pages_past_their_review_date(site_content):
    today = datetime.date(2030, 1, 1)
    Article.objects.filter(slug="causes").update(next_review_due=datetime.date(2029, 12, 31))
    Article.objects.exclude(slug="causes").update(next_review_due=today)
    assert list(Article.objects.review_overdue(today).values_list("slug", flat=True)) == ["causes"]


@pytest.mark.edge
def test_the_edges_site_is_down_page_lists_every_headline_sign_and_calls_the_number(tmp_path):
    """Varnish's own 503 (the site down, no copy kept) is worded at deploy time from the rule table
    (`manage.py render_vcl`): every headline emergency sign, and a tap-to-call link to EMERGENCY_NUMBER."""
    import urllib.error
    import urllib.request

    from backspasm_site.symptom_checker.red_flags import headline_signs

    from .servers import free_port, varnish

    nothing_listens = free_port()
    with (
        varnish(backend_port=nothing_listens, folder=tmp_path, EMERGENCY_NUMBER="112") as edge,
        pytest.raises(urllib.error.HTTPError) as answer,
    ):
        urllib.request.urlopen(edge + "/articles/causes/", timeout=10)  # noqa: S310 - loopback Varnish
    assert answer.value.code == 503
    html = answer.value.read().decode()
    items = [unescape(item) for item in re.findall(r"<li>(.*?)</li>", html)]
    assert headline_signs() and items == list(headline_signs())
    assert 'href="tel:112"' in html and "In an emergency, call 112" in visible_text(html)
    assert "999" not in html and "@" not in html and "$" not in html  # no placeholder or shell left in it
