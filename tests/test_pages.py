import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

from backspasm_site.articles.models import Article, Status, Topic

pytestmark = pytest.mark.django_db

DISCLAIMER = "This site is for education only"


def get_text(client, url):
    response = client.get(url)
    return response, response.content.decode()


def test_home_says_what_a_back_spasm_is_shows_emergency_signs_and_links_everything(client, site_content):
    response, html = get_text(client, "/")
    assert response.status_code == 200
    assert "<h1>What is a back spasm?</h1>" in html
    assert "a fever" in html and "lost control of your bladder or bowels" in html
    # The emergency signs come before anything else on the page, so a phone shows them in the first screen.
    assert html.index('data-sign-list="emergency"') < html.index('class="lead"')
    assert 'href="/symptom-checker/"' in html
    for article in Article.objects.published():
        assert f'href="{article.get_absolute_url()}"' in html
    for topic in Topic:
        assert topic.label in html


@pytest.mark.parametrize("slug", [a for a in [
    "what-is-a-back-spasm", "symptoms", "causes", "diagnosis", "home-treatment", "medical-treatment",
    "alternative-treatments", "complications-and-chronic-pain", "recovery-time", "prevention", "when-to-get-help",
]])  # fmt: skip
def test_every_topic_has_a_published_article_page(client, site_content, slug):
    article = Article.objects.published().get(slug=slug)
    response, html = get_text(client, f"/articles/{slug}/")
    assert response.status_code == 200
    assert html.count("<h1") == 1 and f"<h1>{article.title}</h1>" in html
    assert "Page last reviewed:" in html and "Next review due:" in html
    assert 'aria-label="Breadcrumb"' in html and 'href="/">Home</a>' in html
    assert DISCLAIMER in html
    for related in article.related.published():
        assert f'href="{related.get_absolute_url()}"' in html
    # The body as saved, with the warning signs and the numbers filled in where the editors asked for them.
    for part in re.split(r"<p>\{\{\s*warning_signs\s*\}\}</p>", article.body_html):
        assert part in html
    assert "{{" not in html


def test_article_list_links_every_published_article(client, site_content):
    response, html = get_text(client, "/articles/")
    assert response.status_code == 200
    assert len(re.findall(r'href="/articles/[a-z-]+/"', html)) >= Article.objects.published().count()


def test_a_draft_is_a_404_for_the_public(client, site_content):
    Article.objects.filter(slug="symptoms").update(status=Status.DRAFT)
    response, html = get_text(client, "/articles/symptoms/")
    assert response.status_code == 404
    assert "Page not found" in html
    _, home = get_text(client, "/")
    assert 'href="/articles/symptoms/"' not in home
    _, listing = get_text(client, "/articles/")
    assert 'href="/articles/symptoms/"' not in listing


def test_unknown_article_addresses_are_404s_and_leave_nothing_behind(client, site_content, page_cache):
    from backspasm_site.page_cache.pages import content_generation

    content_generation()  # the one entry that is not a page: the key pages are stored under
    kept = page_cache._cache  # this process's memory in the tests
    before = len(kept)
    for n in range(20):
        assert client.get(f"/articles/no-such-article-{n}/").status_code == 404
    assert client.get("/articles/symptoms/").status_code == 200
    assert len(kept) <= before + 2  # the real article's page and its header list; the misses are not kept


def test_a_draft_published_by_a_save_shows_at_once(client, site_content):
    article = Article.objects.get(slug="symptoms")
    article.status = Status.DRAFT
    article.save()
    hidden = client.get("/articles/symptoms/")  # unpublished: leads to its topic's list (moved_pages)
    assert hidden.status_code == 301 and hidden["Location"] == "/articles/topic/understanding/"
    article.status = Status.PUBLISHED
    article.save()
    assert client.get("/articles/symptoms/").status_code == 200


def test_staff_preview_a_draft_at_its_real_address(client, site_content, staff_user):
    Article.objects.filter(slug="symptoms").update(status=Status.DRAFT)
    client.force_login(staff_user)
    response, html = get_text(client, "/articles/symptoms/")
    assert response.status_code == 200
    assert "Draft preview" in html
    assert "no-store" in response["Cache-Control"]


def test_404_page_is_in_the_sites_layout(client, site_content):
    response, html = get_text(client, "/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in html and "Skip to main content" in html and DISCLAIMER in html


def test_500_page_is_in_the_sites_layout_without_touching_the_database(rf):
    from backspasm_site.core.views import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html and "Skip to main content" in html


def test_an_unexpected_error_gives_the_500_page_not_a_traceback(site_content, monkeypatch):
    from backspasm_site.articles import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "render", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/articles/symptoms/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "boom" not in response.content.decode()


def test_disclaimer_is_on_every_page(client, site_content):
    for url in ["/", "/articles/", "/articles/causes/", "/symptom-checker/", "/missing/"]:
        assert DISCLAIMER in get_text(client, url)[1], url


def test_static_files_have_hashed_names_and_long_caching(client, site_content):
    from backspasm_site.wsgi import application

    from .wsgi_client import Site

    css = staticfiles_storage.url("css/site.css")  # the file the pages' inline <style> is read from
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", css)
    response = Site(application).get(css)  # WhiteNoise's middleware
    assert response.status == 200
    assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]


def test_pages_need_no_javascript_to_read(client, site_content):
    for url in ["/", "/articles/", "/articles/home-treatment/"]:
        # A JSON-LD data block is data, not code (issue 5).
        assert not re.search(r"<script(?![^>]*application/ld\+json)", get_text(client, url)[1]), url


def test_healthz_checks_the_database(client, settings):
    settings.HEALTH_TOKEN = "monitoring-only-" + "f" * 32
    response = client.get("/healthz", HTTP_AUTHORIZATION=f"Bearer {settings.HEALTH_TOKEN}")
    text = response.content.decode()
    assert response.status_code == 200 and text.startswith("ok\n") and "database: ok" in text


def test_next_review_defaults_to_a_year_after_review(db):
    import datetime

    article = Article.objects.create(
        title="T",
        slug="t",
        summary="s",
        topic=Topic.TREATMENT,
        body="b",
        last_reviewed=datetime.date(2024, 2, 29),
    )
    assert article.next_review_due == datetime.date(2025, 2, 28)
