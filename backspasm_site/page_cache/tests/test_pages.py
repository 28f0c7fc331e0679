"""What Django's page cache (pages.py) and the shareable-page rules (edge.SharedCacheMiddleware) keep, what
they never keep, and that a published correction shows on the next request (issue 28: what the page store's
tests proved, now with Django's own cache and Varnish; tests/test_edge_cache.py proves it through Varnish)."""

import gzip

import pytest
from django.http import HttpResponse
from django.urls import path

from backspasm_site.articles.models import Article
from backspasm_site.editorial import services
from backspasm_site.symptom_checker.models import QuestionText
from backspasm_site.symptom_checker.red_flags import QUESTIONS
from backspasm_site.wsgi import application
from tests.wsgi_client import Site

pytestmark = pytest.mark.django_db
ARTICLE = "/articles/what-is-a-back-spasm/"


def published(change_of, fields: dict, writer, checker, capture) -> None:
    with capture(execute=True):  # the publish commits, as in a request
        change = services.save_change(
            obj=change_of, values=fields, user=writer, reason="Clearer", submit=True
        )
        services.publish(change=change, user=checker)


def test_a_published_correction_shows_on_the_next_anonymous_get(
    site_content, page_cache, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    site = Site(application)
    for url in [ARTICLE, "/articles/", "/"]:
        site.get(url)
    assert len(page_cache._cache) >= 3  # kept
    article = Article.objects.get(slug="what-is-a-back-spasm")
    published(article, {"title": "What a back spasm is"}, reviewer, second_reviewer,
              django_capture_on_commit_callbacks)  # fmt: skip
    assert "What a back spasm is" in site.get(ARTICLE).body.decode()
    assert "What a back spasm is" in site.get("/articles/").body.decode()
    # The checker is never cached: editors' wording shows on its next form at once.
    question = next(q for q in QUESTIONS if q.step == 1)
    wording = QuestionText.objects.get(code=question.code)
    published(wording, {"text": "Any new trouble peeing, right now?"}, reviewer, second_reviewer,
              django_capture_on_commit_callbacks)  # fmt: skip
    assert "Any new trouble peeing, right now?" in site.get("/symptom-checker/").body.decode()


def test_public_pages_are_shareable_compressed_and_revalidated(site_content, page_cache):
    site = Site(application)
    first = site.get(ARTICLE, headers={"Accept-Encoding": "gzip"})
    control = first["Cache-Control"]
    assert "public" in control and "max-age=0" in control and "s-maxage=" in control
    assert "stale-while-revalidate=" in control and "stale-if-error=" in control
    assert first["Content-Encoding"] == "gzip" and "Accept-Encoding" in first["Vary"]
    assert b"<h1>" in gzip.decompress(first.body)
    again = site.get(ARTICLE, headers={"Accept-Encoding": "gzip", "If-None-Match": first["ETag"]})
    assert again.status == 304 and again.body == b""
    tagged = site.get(ARTICLE)  # from Django's page cache: still tagged with what it shows
    assert tagged["Surrogate-Key"] == first["Surrogate-Key"] and "article-" in tagged["Surrogate-Key"]


def test_nothing_of_one_visitor_is_kept_or_shared(site_content, page_cache, client, staff_user):
    site = Site(application)
    # The checker's form carries a CSRF token and sets its cookie: never kept, never shareable.
    for _ in range(2):
        form = site.get("/symptom-checker/")
        assert "no-store" in form["Cache-Control"] and "s-maxage" not in form["Cache-Control"]
    # Another query string is another page nobody shares (a search), never kept.
    assert "s-maxage" not in site.get(ARTICLE + "?q=anything").get("Cache-Control", "")
    # Staff see the page through their session: neither kept for, nor served to, anyone else.
    article = Article.objects.get(slug="what-is-a-back-spasm")
    Article.objects.filter(pk=article.pk).update(status="draft")
    client.force_login(staff_user)
    staff = client.get(ARTICLE)
    assert staff.status_code == 200 and "s-maxage" not in staff.get("Cache-Control", "")
    assert site.get(ARTICLE).status == 404  # the public does not get the staff's copy of the draft
    assert page_cache._cache == {} or all(
        b"Draft preview" not in value for value in page_cache._cache.values()
    )


def test_a_page_rendered_while_a_change_commits_is_kept_by_no_cache(site_content, page_cache):
    """The page read the rows before the commit, and would be stored just after the cache was emptied: it
    is sent no-cache, so neither Django's cache nor the edge keeps the old words."""
    from unittest import mock

    from backspasm_site.articles import views
    from backspasm_site.page_cache.pages import forget_every_page

    real_render = views.render

    def render_then_a_change_commits(*args, **kwargs):
        response = real_render(*args, **kwargs)
        forget_every_page()  # what a publish does when it commits (edge._after_commit)
        return response

    site = Site(application)
    with mock.patch.object(views, "render", render_then_a_change_commits):
        across = site.get(ARTICLE)
    assert across.status == 200 and "no-cache" in across["Cache-Control"]
    assert "public" not in across["Cache-Control"]  # the edge does not keep it either
    assert len(page_cache._cache) == 1  # only the generation: no page stored
    settled = site.get(ARTICLE)  # rendered after the commit: kept and shared as usual
    assert "public" in settled["Cache-Control"]
    assert len(page_cache._cache) > 1


def page_holding_a_csrf_token(request):
    """A public page that forgot never_cache but holds one visitor's CSRF token (its form)."""
    from django.middleware.csrf import get_token

    return HttpResponse(f'<form><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>')


def page_setting_a_cookie(request):
    """A public page that sets a cookie of one visitor's, without saying it varies by cookie."""
    response = HttpResponse("<p>Welcome back</p>")
    response.set_cookie("visitor", "rita")
    return response


urlpatterns = [path("form/", page_holding_a_csrf_token), path("welcome/", page_setting_a_cookie)]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url, cookie", [("/form/", "csrftoken"), ("/welcome/", "visitor")])
def test_a_page_that_sets_a_visitors_cookie_is_neither_stored_nor_shared(page_cache, url, cookie):
    """Django sets the CSRF cookie with every use of the token, so the cookie marks the page as one visitor's;
    any other cookie does too (Django's own cache would store that one, Set-Cookie and all)."""
    site = Site(application)
    for sent in ["", "csrftoken=" + "a" * 32]:
        answer = site.get(url, headers={"Cookie": sent} if sent else {})
        assert answer.status == 200 and cookie in answer["Set-Cookie"]
        assert "s-maxage" not in answer.get("Cache-Control", "")
    assert len(page_cache._cache) <= 1  # at most the generation: no page


def test_a_stored_page_is_stored_compressed_and_served_without_rendering_or_compressing(
    site_content, page_cache
):
    from unittest import mock

    from backspasm_site.articles import views
    from backspasm_site.page_cache import pages

    site = Site(application)
    first = site.get(ARTICLE, headers={"Accept-Encoding": "gzip"})
    with (
        mock.patch("django.middleware.gzip.compress_string") as compressed,
        mock.patch.object(views, "render") as rendered,
        mock.patch.object(pages, "content_generation", wraps=pages.content_generation) as generation,
    ):
        hit = site.get(ARTICLE, headers={"Accept-Encoding": "gzip"})
    assert hit.status == 200 and hit["Content-Encoding"] == "gzip" and hit.body == first.body
    assert b"<h1>" in gzip.decompress(hit.body)
    assert not compressed.called and not rendered.called
    assert generation.call_count == 1  # read once, as the request came in
    plain = site.get(ARTICLE)  # a client without gzip gets its own stored copy, uncompressed
    assert "Content-Encoding" not in plain and b"<h1>" in plain.body


def test_each_spelling_of_accept_encoding_shares_one_stored_copy(site_content, page_cache):
    """Django keys a stored page by Accept-Encoding as sent: without one_accept_encoding, each spelling was
    a copy of its own, and anyone could fill the cache by varying it."""
    site = Site(application)
    gzipped = ["gzip", "gzip, deflate, br", "gzip, deflate, br, zstd", "br, gzip", "x-gzip", "GZIP;q=0.5"]
    plain = ["", "identity", "br", "gzip;q=0", "br, gzip; q=0.000"]
    for sent in gzipped + plain:
        answer = site.get(ARTICLE, headers={"Accept-Encoding": sent} if sent else {})
        assert answer.status == 200
        assert (answer.get("Content-Encoding") == "gzip") == (sent in gzipped), sent
    assert len(page_cache._cache) == 4  # the generation, the page's headers, its gzip and its plain copy


def test_a_full_page_cache_culls_pages_but_never_the_generation(site_content, settings):
    """The database cache, when full, deletes the lowest keys first: a culled generation would retire
    every stored page at once."""
    from django.core.cache import caches

    from backspasm_site.page_cache.pages import content_generation

    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "backspasm_site.page_cache.pages.QuickReadDatabaseCache",
            "LOCATION": "page_cache",
            "OPTIONS": {"MAX_ENTRIES": 4, "CULL_FREQUENCY": 2},
        },
    }
    caches["pages"].clear()
    generation = content_generation()
    site = Site(application)
    for article in Article.objects.filter(status="published")[:6]:
        assert site.get(f"/articles/{article.slug}/").status == 200
    assert content_generation() == generation


def test_the_quick_reads_give_back_what_djangos_database_cache_gives(db):
    """On SQLite and on PostgreSQL (CI runs both): what is stored, what has expired, what was never there."""
    from django.core.cache.backends.db import DatabaseCache
    from django.utils import timezone

    from backspasm_site.page_cache.pages import QuickReadDatabaseCache

    djangos, quick = DatabaseCache("page_cache", {}), QuickReadDatabaseCache("page_cache", {})
    quick.clear()
    quick.set("page", HttpResponse(b"<h1>Stored</h1>"), timeout=60)
    djangos.set("generation", "4f2a", timeout=None)
    quick.set("expired", "old words", timeout=0)  # Django stores it already past its expiry
    quick.set("soon", "still good", timeout=2 * 3600)
    keys = ["page", "generation", "expired", "soon", "never-stored"]
    # Read as if local time, the expired row would come back west of UTC, and "soon" would be gone east of it.
    for zone in ("America/New_York", "Asia/Tokyo"):
        with timezone.override(zone):
            assert quick.get("expired") is None and quick.get("soon") == "still good", zone
    assert quick.get_many(keys).keys() == {"page", "generation", "soon"} == djangos.get_many(keys).keys()
    assert quick.get("page").content == b"<h1>Stored</h1>" and quick.get("generation") == "4f2a"
    assert quick.get("never-stored", "default") == "default" and quick.get_many([]) == {}


def test_a_host_not_allowed_is_a_400_and_leaves_the_one_warning_for_a_real_cache_failure(
    site_content, page_cache, caplog, monkeypatch, client
):
    from backspasm_site.page_cache import pages

    monkeypatch.setattr(pages, "_warned", [])  # this process has not warned yet
    assert client.get("/", HTTP_HOST="attacker.example").status_code == 400
    assert "page cache is unavailable" not in caplog.text

    def broken(*args, **kwargs):
        raise ConnectionError("the cache is away")

    monkeypatch.setattr(page_cache, "get", broken)
    assert client.get(ARTICLE).status_code == 200  # rendered, as if nothing were stored
    assert caplog.text.count("page cache is unavailable") == 1


def test_a_page_made_with_built_in_wording_while_the_database_fails_is_kept_by_no_cache(
    site_content, page_cache, client, monkeypatch
):
    """The footer's disclaimer falls back to none when its read fails (core/fallback.py); such a page was
    still shareable, so the edge would have kept it for a day after the database was back (a review)."""
    from django.db import DatabaseError

    from backspasm_site.core import context_processors

    class Failing:
        def filter(self, **kwargs):
            raise DatabaseError("the disclaimer cannot be read")

    monkeypatch.setattr(context_processors.SiteText, "objects", Failing())
    for _ in range(2):  # not stored either: the second is made again
        response = client.get(ARTICLE)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        assert "s-maxage" not in response["Cache-Control"]
    monkeypatch.undo()
    assert "s-maxage" in client.get(ARTICLE)["Cache-Control"]  # the next request's page is shared again
