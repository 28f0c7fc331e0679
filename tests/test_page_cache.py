"""Whole-page caching of public pages (backspasm_site/page_cache): what is stored, what never is, freshness."""

import gzip
import urllib.parse

import brotli
import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.test import Client, RequestFactory

from backspasm_site.articles.models import Article
from backspasm_site.core.models import SiteText
from backspasm_site.page_cache import content
from backspasm_site.page_cache.middleware import PageCacheMiddleware, cache_key
from backspasm_site.symptom_checker.models import Advice, QuestionText

from .admin_forms import form_fields, with_changes
from .public_pages import VERDICT_ANSWERS

pytestmark = pytest.mark.django_db

ARTICLE = "/articles/symptoms/"


def stored(url: str, **headers) -> bool:
    entry = content.cache().get(cache_key(RequestFactory().get(url, **headers)))
    return entry is not None and entry["version"] == content.current_version()


def test_a_public_page_is_stored_and_then_served_without_touching_the_database(
    client, site_content, django_assert_num_queries
):
    first = client.get(ARTICLE)
    assert first.status_code == 200 and stored(ARTICLE)
    with django_assert_num_queries(0):
        again = client.get(ARTICLE)
    assert again.status_code == 200
    assert again.content == first.content and b"<h1>Symptoms of a back spasm</h1>" in again.content


def test_an_editors_save_in_admin_shows_on_the_next_anonymous_get(client, admin_client, site_content):
    assert b"Symptoms of a back spasm" in client.get(ARTICLE).content  # now cached
    article = Article.objects.get(slug="symptoms")
    change_url = f"/admin/articles/article/{article.pk}/change/"
    fields = form_fields(admin_client.get(change_url).content.decode(), "article_form")
    body = urllib.parse.urlencode(with_changes(fields, title="Signs of a back spasm"))
    response = admin_client.post(change_url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, response.content.decode()[:3000]

    page = client.get(ARTICLE).content.decode()
    assert "<h1>Signs of a back spasm</h1>" in page and "Symptoms of a back spasm</h1>" not in page


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: Article.objects.get(slug="causes").save(), id="article saved"),
        pytest.param(lambda: Article.objects.get(slug="causes").delete(), id="article deleted"),
        pytest.param(
            lambda: Article.objects.get(slug="causes").related.clear(), id="article related pages changed"
        ),
        pytest.param(lambda: SiteText.objects.get(key="disclaimer").save(), id="site text saved"),
        pytest.param(lambda: QuestionText.objects.first().save(), id="checker question saved"),
        pytest.param(lambda: Advice.objects.first().save(), id="checker advice saved"),
        pytest.param(lambda: Advice.objects.first().related.clear(), id="checker advice articles changed"),
    ],
)
def test_any_content_change_makes_every_cached_page_stale(client, site_content, change):
    for url in ["/", "/articles/", ARTICLE]:
        client.get(url)
        assert stored(url)
    change()
    assert not any(stored(url) for url in ["/", "/articles/", ARTICLE])


def test_a_changed_disclaimer_shows_on_cached_pages_at_once(client, site_content):
    client.get(ARTICLE)
    disclaimer = SiteText.objects.get(key="disclaimer")
    disclaimer.body = "A new disclaimer written by an editor."
    disclaimer.save()
    assert b"A new disclaimer written by an editor." in client.get(ARTICLE).content


def test_editors_wording_shows_on_the_checker_form_and_verdict_at_once(client, site_content):
    client.get("/symptom-checker/")
    QuestionText.objects.filter(code="fever").update(text="Old wording")  # no signal: not yet visible
    question = QuestionText.objects.get(code="fever")
    question.text = "Do you have a high temperature?"
    question.save()
    assert b"Do you have a high temperature?" in client.get("/symptom-checker/").content
    advice = Advice.objects.get(disposition="see-doctor")
    advice.title = "Book an appointment with a doctor"
    advice.save()
    verdict = Client().post("/symptom-checker/", VERDICT_ANSWERS["see-doctor"])
    assert b"Book an appointment with a doctor" in verdict.content


def test_a_request_with_a_session_cookie_is_never_answered_from_the_cache(client, admin_client, site_content):
    client.get(ARTICLE)
    # .update() sends no signal, so the anonymous copy stays as it was; a signed-in editor sees the database.
    Article.objects.filter(slug="symptoms").update(title="Changed without a signal")
    assert b"Changed without a signal" not in client.get(ARTICLE).content
    assert b"Changed without a signal" in admin_client.get(ARTICLE).content


def test_a_post_is_never_answered_from_the_cache(client, site_content):
    client.get("/symptom-checker/")
    response = client.post("/symptom-checker/", VERDICT_ANSWERS["emergency"])
    assert response.status_code == 200 and b'data-disposition="emergency"' in response.content


def test_the_checker_form_and_verdicts_are_never_stored_or_compressed(client, site_content):
    form = client.get("/symptom-checker/", HTTP_ACCEPT_ENCODING="br, gzip")
    assert b"csrfmiddlewaretoken" in form.content and not stored("/symptom-checker/")
    assert "Content-Encoding" not in form and "no-store" in form["Cache-Control"]
    for answers in VERDICT_ANSWERS.values():
        verdict = client.post("/symptom-checker/", answers, HTTP_ACCEPT_ENCODING="br, gzip")
        assert "Content-Encoding" not in verdict and "no-store" in verdict["Cache-Control"]
    assert not stored("/symptom-checker/")


def test_a_draft_preview_and_the_admin_login_are_never_stored(client, admin_client, site_content):
    Article.objects.filter(slug="causes").update(status="draft")
    assert admin_client.get("/articles/causes/").status_code == 200
    assert not stored("/articles/causes/")
    assert client.get("/admin/login/").status_code == 200
    assert not stored("/admin/login/")


def test_the_calendar_reminder_is_not_stored_because_its_date_moves_every_day(client):
    assert client.get("/symptom-checker/reminder.ics").status_code == 200
    assert not stored("/symptom-checker/reminder.ics")


def render_with(template_source: str):
    template = engines["django"].from_string(template_source)
    return lambda request: HttpResponse(template.render({}, request))


@pytest.mark.parametrize(
    "view",
    [
        pytest.param(render_with('<form method="post">{% csrf_token %}</form>'), id="CSRF token in the page"),
        pytest.param(lambda request: (get_token(request), HttpResponse("x"))[1], id="CSRF token asked for"),
        pytest.param(lambda request: (r := HttpResponse("x"), r.set_cookie("a", "b"))[0], id="sets a cookie"),
        pytest.param(lambda request: HttpResponse("x", headers={"Cache-Control": "private"}), id="private"),
        pytest.param(lambda request: HttpResponse("x", headers={"Cache-Control": "no-store"}), id="no-store"),
        pytest.param(lambda request: HttpResponse("x", status=404), id="not found"),
    ],
)
def test_responses_that_could_belong_to_one_visitor_are_never_stored(view):
    from django.middleware.csrf import CsrfViewMiddleware

    csrf = CsrfViewMiddleware(view)

    def inner(request):
        csrf.process_request(request)
        return csrf.process_response(request, view(request))

    middleware = PageCacheMiddleware(inner)
    request = RequestFactory().get("/some-page/", HTTP_ACCEPT_ENCODING="br, gzip")
    response = middleware(request)
    assert "Content-Encoding" not in response
    assert not stored("/some-page/")


def test_a_plain_public_response_is_stored_by_the_same_middleware():
    """The control for the test above: the same path with an ordinary response is stored."""
    middleware = PageCacheMiddleware(lambda request: HttpResponse("ordinary page"))
    middleware(RequestFactory().get("/some-page/"))
    assert stored("/some-page/")


def test_conditional_get_gives_304_for_a_known_etag_and_200_after_an_edit(client, site_content):
    first = client.get(ARTICLE)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified
    assert "no-cache" in first["Cache-Control"]
    not_modified = client.get(ARTICLE, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert client.get(ARTICLE, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    Article.objects.get(slug="symptoms").related.clear()
    changed = client.get(ARTICLE, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
        ("", None, bytes),
    ],
)
def test_cached_pages_are_sent_compressed_as_the_browser_asks(client, site_content, accept, encoding, decode):
    plain = client.get(ARTICLE).content  # Django's test client sends no Accept-Encoding
    for _ in range(2):  # the first request stores the page, the second is answered from the cache
        response = client.get(ARTICLE, HTTP_ACCEPT_ENCODING=accept)
        assert response.get("Content-Encoding") == encoding
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        assert decode(response.content) == plain


def test_head_is_answered_like_get(client, site_content):
    client.get(ARTICLE)
    response = client.head(ARTICLE)
    assert response.status_code == 200 and response["ETag"] == client.get(ARTICLE)["ETag"]


def test_an_odd_host_header_is_a_400_not_a_500(client):
    assert client.get("/", HTTP_HOST="evil.example.org").status_code == 400


def test_a_lost_version_token_is_replaced_by_a_new_one_never_an_old_one(settings, tmp_path):
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "version")
    seen = {content.current_version()}
    for _ in range(3):
        (tmp_path / "version").unlink()
        seen.add(content.current_version())
    assert len(seen) == 4


def test_the_version_lives_in_a_shared_cache_when_there_is_one(settings, tmp_path):
    """A cache every process can see (Redis in production; a file cache stands in here) holds the version."""
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "version")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared"),
        }
    }
    token = content.bump_version()
    assert content.cache().get(content.VERSION_KEY) == token == content.current_version()
    assert not (tmp_path / "version").exists()
    content.cache().delete(content.VERSION_KEY)
    assert content.current_version() not in ("", token)  # a lost token is replaced by a new one
