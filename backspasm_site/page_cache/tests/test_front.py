"""Whole-page caching of public pages (backspasm_site/page_cache): what is stored, what never is, freshness.

Anonymous reads go through the site's real WSGI application (`site`, tests/wsgi_client.py), since cached pages
are answered there, before Django runs. Editors' changes are made with Django's test client, as in admin.
"""

import gzip
import io

import brotli
import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIRequest
from django.core.wsgi import get_wsgi_application
from django.http import FileResponse, HttpResponse
from django.middleware.csrf import get_token
from django.template import engines
from django.test import Client

from backspasm_site.articles.models import Article
from backspasm_site.core.models import SiteText
from backspasm_site.page_cache import store, versions
from backspasm_site.page_cache.front import CachedPages, cache_key, front
from backspasm_site.symptom_checker.models import Advice, QuestionText
from tests.admin_forms import change_article_in_admin
from tests.checker_steps import answer_checker
from tests.public_pages import VERDICT_ANSWERS
from tests.wsgi_client import Site, environ_for

pytestmark = pytest.mark.django_db

ARTICLE = "/articles/symptoms/"


def stored(url: str, **extra) -> bool:
    entry = store.stored(cache_key(environ_for(url, **extra)))
    return entry is not None and versions.is_current(entry["keys"], entry["noted"])


def new_site() -> Site:
    """The application as backspasm_site/wsgi.py builds it, with Django's middleware set up from the
    current settings (SecurityMiddleware reads them once, when it is made)."""
    return Site(front(get_wsgi_application()))


@pytest.fixture
def site():
    return new_site()


def test_a_public_page_is_stored_and_then_served_without_touching_django(site, site_content, monkeypatch):
    first = site.get(ARTICLE)
    assert first.status == 200 and stored(ARTICLE)
    monkeypatch.setattr(CachedPages, "render", lambda self, environ: pytest.fail("Django was asked again"))
    again = site.get(ARTICLE)
    assert again.status == 200
    assert again.body == first.body and b"<h1>Symptoms of a back spasm</h1>" in again.body


def test_a_cached_page_keeps_every_header_django_gave_it(site, site_content):
    django = Client().get(ARTICLE)  # Django's own answer, past the front
    site.get(ARTICLE)
    cached = site.get(ARTICLE)  # from the cache
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                 "Permissions-Policy", "Cross-Origin-Opener-Policy", "Content-Type"):  # fmt: skip
        assert cached[name] == django[name], name
    assert cached["Vary"] == django["Vary"] + ", Accept-Encoding" and "Set-Cookie" not in cached


def test_an_editors_save_in_admin_shows_on_the_next_anonymous_get(site, admin_client, site_content):
    assert b"Symptoms of a back spasm" in site.get(ARTICLE).body  # now cached
    change_article_in_admin(admin_client, "symptoms", title="Signs of a back spasm")

    page = site.get(ARTICLE).body.decode()
    assert "<h1>Signs of a back spasm</h1>" in page and "Symptoms of a back spasm</h1>" not in page


CAUSES = "/articles/causes/"  # listed on home and the list; linked from ARTICLE (symptoms) as related
PAGES = ["/", "/articles/", ARTICLE, CAUSES, "/about-this-content/"]


def renamed(slug: str) -> None:
    article = Article.objects.get(slug=slug)
    article.title = "What sets off a back spasm"
    article.save()


@pytest.mark.parametrize(
    "change, stale",
    [
        pytest.param(
            lambda: Article.objects.get(slug="causes").save(), {CAUSES, ARTICLE}, id="article saved"
        ),
        pytest.param(lambda: renamed("causes"), {"/", "/articles/", CAUSES, ARTICLE}, id="article renamed"),
        pytest.param(
            lambda: Article.objects.get(slug="causes").delete(),
            {"/", "/articles/", CAUSES, ARTICLE},
            id="article deleted",
        ),
        pytest.param(
            lambda: Article.objects.get(slug="causes").related.clear(),
            {CAUSES, ARTICLE},  # the same key as its words: the pages that show its title go stale too
            id="article related pages changed",
        ),
        pytest.param(lambda: SiteText.objects.get(key="disclaimer").save(), set(PAGES), id="site text saved"),
        pytest.param(lambda: QuestionText.objects.first().save(), set(PAGES), id="checker question saved"),
        pytest.param(lambda: Advice.objects.first().save(), set(PAGES), id="checker advice saved"),
        pytest.param(
            lambda: Advice.objects.first().related.clear(), set(PAGES), id="checker advice articles changed"
        ),
    ],
)
def test_a_content_change_makes_stale_exactly_the_cached_pages_that_show_it(
    site, site_content, change, stale
):
    for url in PAGES:
        site.get(url)
        assert stored(url)
    change()
    assert {url for url in PAGES if not stored(url)} == stale


def test_publishing_a_related_draft_makes_the_page_that_links_to_it_stale(site, site_content):
    """A page shows its published related pages: a draft among them joins it once published."""
    causes = Article.objects.get(slug="causes")
    causes.status = "draft"
    causes.save()
    site.get(ARTICLE)
    assert stored(ARTICLE) and CAUSES.encode() not in site.get(ARTICLE).body
    causes.status = "published"
    causes.save()
    assert not stored(ARTICLE)
    assert CAUSES.encode() in site.get(ARTICLE).body


def test_a_changed_disclaimer_shows_on_cached_pages_at_once(site, site_content):
    site.get(ARTICLE)
    site.get(ARTICLE)  # kept in this process's memory too
    disclaimer = SiteText.objects.get(key="disclaimer")
    disclaimer.body = "A new disclaimer written by an editor."
    disclaimer.save()
    assert b"A new disclaimer written by an editor." in site.get(ARTICLE).body


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
    verdict = answer_checker(Client(), VERDICT_ANSWERS["see-doctor"])
    assert b"Book an appointment with a doctor" in verdict.content


def test_a_request_with_a_session_cookie_is_never_answered_from_the_cache(site, admin_client, site_content):
    site.get(ARTICLE)
    # .update() sends no signal, so the anonymous copy stays as it was; a signed-in editor sees the database.
    Article.objects.filter(slug="symptoms").update(title="Changed without a signal")
    assert b"Changed without a signal" not in site.get(ARTICLE).body
    assert b"Changed without a signal" not in site.get(ARTICLE, headers={"Cookie": "csrftoken=abc"}).body
    session = admin_client.cookies["sessionid"].value
    signed_in = site.get(ARTICLE, headers={"Cookie": f"csrftoken=abc; sessionid={session}"})
    assert b"Changed without a signal" in signed_in.body


def test_a_post_is_never_answered_from_the_cache(site, client, site_content):
    site.get("/symptom-checker/")
    response = answer_checker(client, VERDICT_ANSWERS["emergency"])
    assert response.status_code == 200 and b'data-disposition="emergency"' in response.content


def test_the_checker_form_and_verdicts_are_never_stored_or_compressed(site, client, site_content):
    form = site.get("/symptom-checker/", headers={"Accept-Encoding": "br, gzip"})
    assert b"csrfmiddlewaretoken" in form.body and not stored("/symptom-checker/")
    assert "Content-Encoding" not in form and "no-store" in form["Cache-Control"]
    for answers in VERDICT_ANSWERS.values():
        verdict = answer_checker(client, answers, HTTP_ACCEPT_ENCODING="br, gzip")
        assert "Content-Encoding" not in verdict and "no-store" in verdict["Cache-Control"]
    assert not stored("/symptom-checker/") and not stored("/symptom-checker/result/")


def test_a_draft_preview_and_the_admin_login_are_never_stored(site, admin_client, site_content):
    Article.objects.filter(slug="causes").update(status="draft")
    session = {"Cookie": f"sessionid={admin_client.cookies['sessionid'].value}"}
    preview = site.get("/articles/causes/", headers=session)
    assert preview.status == 200 and b"Draft preview" in preview.body
    assert not stored("/articles/causes/")
    assert site.get("/articles/causes/").status == 404
    assert site.get("/admin/login/").status == 200
    assert not stored("/admin/login/")


def test_the_calendar_reminder_is_not_stored_because_its_date_moves_every_day(site):
    assert site.get("/symptom-checker/reminder.ics").status == 200
    assert not stored("/symptom-checker/reminder.ics")


def test_addresses_with_a_query_string_are_never_stored(site, site_content):
    site.get(ARTICLE + "?utm=1")
    site.get("/search/?q=heat")
    assert not stored(ARTICLE + "?utm=1") and not stored(ARTICLE) and not stored("/search/?q=heat")
    site.get(ARTICLE)
    assert stored(ARTICLE)


def test_a_link_with_only_trackers_parameters_is_answered_from_the_plain_pages_entry(
    site, site_content, monkeypatch
):
    plain = site.get(ARTICLE)
    monkeypatch.setattr(CachedPages, "render", lambda self, environ: pytest.fail("Django was asked again"))
    for query in ("utm_source=newsletter&utm_medium=email", "fbclid=IwAR0abc", "gclid=x&utm_campaign="):
        shared = site.get(f"{ARTICLE}?{query}")
        assert shared.status == 200 and shared.body == plain.body, query


@pytest.mark.parametrize(
    "query", ["utm_source=x&q=heat", "page=2", "utm_source=x&" + "utm_term=y&" * 300, "&&", "=x"]
)
def test_any_other_query_string_goes_to_django_every_time(site_content, query):
    asked, django = [], get_wsgi_application()

    def counted(environ, start_response):
        asked.append(environ["QUERY_STRING"])
        return django(environ, start_response)

    site = Site(front(counted))
    site.get(ARTICLE)  # the plain page is in the cache
    for _ in range(2):
        assert site.get(f"{ARTICLE}?{query}").status == 200
    assert asked == ["", query, query]


def test_a_first_visit_by_a_tracked_link_stores_the_plain_page(site, site_content):
    shared = site.get(ARTICLE + "?utm_source=social")
    assert shared.status == 200 and stored(ARTICLE)
    assert site.get(ARTICLE).body == shared.body


def render_with(template_source: str):
    template = engines["django"].from_string(template_source)
    return lambda request: HttpResponse(template.render({}, request))


def as_wsgi(view):
    """A view as a WSGI application, with the CSRF middleware around it, as Django's handler would run it."""
    from django.middleware.csrf import CsrfViewMiddleware

    csrf = CsrfViewMiddleware(view)

    def application(environ, start_response):
        request = WSGIRequest(environ)
        csrf.process_request(request)
        response = csrf.process_response(request, view(request))
        cookies = [("Set-Cookie", cookie.output(header="")) for cookie in response.cookies.values()]
        start_response(f"{response.status_code} {response.reason_phrase}", [*response.items(), *cookies])
        return response

    return application


@pytest.mark.parametrize(
    "view",
    [
        pytest.param(render_with('<form method="post">{% csrf_token %}</form>'), id="CSRF token in the page"),
        pytest.param(lambda request: (get_token(request), HttpResponse("x"))[1], id="CSRF token asked for"),
        pytest.param(lambda request: (r := HttpResponse("x"), r.set_cookie("a", "b"))[0], id="sets a cookie"),
        pytest.param(lambda request: HttpResponse("x", headers={"Cache-Control": "private"}), id="private"),
        pytest.param(lambda request: HttpResponse("x", headers={"Cache-Control": "no-store"}), id="no-store"),
        pytest.param(lambda request: HttpResponse("x", status=404), id="not found"),
        pytest.param(
            lambda request: HttpResponse('<input name="csrfmiddlewaretoken" value="abc">'),
            id="a token in the page without its cookie",
        ),
        pytest.param(lambda request: FileResponse(io.BytesIO(b"a file")), id="a file"),
    ],
)
def test_responses_that_could_belong_to_one_visitor_are_never_stored(view):
    page = Site(CachedPages(as_wsgi(view))).get("/some-page/", headers={"Accept-Encoding": "br, gzip"})
    assert "Content-Encoding" not in page
    assert not stored("/some-page/")


def test_a_plain_public_response_is_stored_by_the_same_front():
    """The control for the test above: the same path with an ordinary response is stored."""
    Site(CachedPages(as_wsgi(lambda request: HttpResponse("ordinary page")))).get("/some-page/")
    assert stored("/some-page/")


def test_conditional_get_gives_304_for_a_known_etag_and_200_after_an_edit(site, site_content):
    first = site.get(ARTICLE)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified
    assert "max-age=0" in first["Cache-Control"] and "s-maxage=" in first["Cache-Control"]
    not_modified = site.get(ARTICLE, headers={"If-None-Match": etag})
    assert not_modified.status == 304 and not_modified.body == b"" and not_modified["ETag"] == etag
    assert site.get(ARTICLE, headers={"If-Modified-Since": last_modified}).status == 304
    assert site.get(ARTICLE, headers={"If-None-Match": '"something-else"'}).status == 200
    Article.objects.get(slug="symptoms").related.clear()
    changed = site.get(ARTICLE, headers={"If-None-Match": etag})
    assert changed.status == 200 and changed["ETag"] != etag


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
        ("", None, bytes),
    ],
)
def test_cached_pages_are_sent_compressed_as_the_browser_asks(site, site_content, accept, encoding, decode):
    plain = Client().get(ARTICLE).content  # Django's own answer, uncompressed
    for _ in range(2):  # the first request stores the page, the second is answered from the cache
        response = site.get(ARTICLE, headers={"Accept-Encoding": accept})
        assert response.get("Content-Encoding") == encoding
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.body)
        assert decode(response.body) == plain


def test_head_is_answered_like_get_without_a_body(site, site_content):
    got = site.get(ARTICLE, headers={"Accept-Encoding": "br"})
    for _ in range(2):  # stored, then from the cache
        head = site.head(ARTICLE, headers={"Accept-Encoding": "br"})
        assert head.status == 200 and head.body == b""
        assert head["ETag"] == got["ETag"] and head["Content-Length"] == str(len(got.body))


def test_an_odd_host_header_is_a_400_not_a_500_even_with_the_page_cached(site, site_content):
    assert site.get("/").status == 200 and stored("/")
    assert site.get("/", headers={"Host": "evil.example.org"}).status == 400
    assert site.get("/", SERVER_NAME="evil.example.org").status == 400


def test_one_entry_per_page_however_the_host_is_spelled(site_content):
    asked, django = [], get_wsgi_application()

    def counted(environ, start_response):
        asked.append(environ.get("HTTP_HOST"))
        return django(environ, start_response)

    site = Site(front(counted))
    for host in ("testserver", "TESTSERVER", "testserver:8080", "testserver.", "testserver:1"):
        assert site.get(ARTICLE, headers={"Host": host}).status == 200, host
    assert asked == ["testserver"]  # Django rendered the page once; the other spellings were cache hits
    assert site.get(ARTICLE, headers={"Host": "elsewhere.example"}).status == 400
    assert asked[-1] == "elsewhere.example"  # a refused host always reaches Django


@pytest.mark.parametrize(
    "precondition", [{"If-Match": '"x"'}, {"If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}]
)
def test_preconditions_on_a_cached_page_are_answered_as_django_answers_them(site, site_content, precondition):
    django = Client().get(ARTICLE, headers=precondition)
    site.get(ARTICLE)
    assert site.get(ARTICLE, headers=precondition).status == django.status_code == 200


def test_behind_the_proxy_https_is_cached_and_plain_http_still_redirected(site_content, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    site = new_site()
    https = {"X-Forwarded-Proto": "https"}
    assert site.get(ARTICLE, headers=https).status == 200
    assert site.get(ARTICLE, headers=https).status == 200 and stored(ARTICLE, headers=https)
    plain = site.get(ARTICLE)  # the balancer saw plain HTTP
    assert plain.status == 301 and plain["Location"] == "https://testserver" + ARTICLE


def test_plain_http_is_still_redirected_when_the_https_page_is_cached(site_content, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    site = new_site()
    secure = site.get(ARTICLE, secure=True)
    assert secure.status == 200 and stored(ARTICLE, secure=True)
    assert site.get(ARTICLE, secure=True)["Strict-Transport-Security"].startswith("max-age=3600")
    plain = site.get(ARTICLE)
    assert plain.status == 301 and plain["Location"] == "https://testserver" + ARTICLE


def stylesheet(site, **extra) -> str:
    """The collected stylesheet's hashed name (pages carry it inline, core/inline_style.py)."""
    return staticfiles_storage.url("css/site.css").removeprefix("/static/css/")


def test_static_files_are_answered_before_django_with_the_pages_security_headers(site, site_content):
    page = site.get("/")
    css = site.get("/static/css/" + stylesheet(site), headers={"Accept-Encoding": "br"})
    assert css.status == 200 and css["Content-Encoding"] == "br" and b"body" in brotli.decompress(css.body)
    assert "immutable" in css["Cache-Control"]
    for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                 "Cross-Origin-Opener-Policy"):  # fmt: skip
        assert sorted(css[name].split("; ")) == sorted(page[name].split("; ")), name


def test_static_files_get_hsts_over_https_and_a_redirect_over_http(site_content, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    site = new_site()
    path = "/static/css/" + stylesheet(site, secure=True)
    assert site.get(path, secure=True)["Strict-Transport-Security"].startswith("max-age=3600")
    plain = site.get(path)
    assert plain.status == 301 and plain["Location"] == "https://testserver" + path


def test_lost_version_numbers_never_make_an_older_page_current(settings, tmp_path):
    """A lost counter starts past every number given before; a key whose number is lost counts as changed now."""
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "version")
    noted = versions.now()
    versions.change(["article-7"])
    assert not versions.is_current(["site", "article-7"], noted)
    (tmp_path / "version").unlink()
    assert versions.now() > noted + 1
    for path in (tmp_path / "version.keys").iterdir():
        path.unlink()
    assert not versions.is_current(["site", "article-7"], noted)
    assert versions.is_current(["site", "article-7"], versions.now())


def test_the_version_lives_in_a_shared_cache_when_there_is_one(settings, tmp_path):
    """A cache every process can see (Redis in production; a file cache stands in here) holds the version."""
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "version")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "shared"),
        }
    }
    noted = versions.now()
    number = versions.change(["article-7"])
    assert caches["default"].get(versions.KEY_PREFIX + "article-7") == number == versions.now() > noted
    assert not (tmp_path / "version").exists() and not versions.is_current(["article-7"], noted)
    caches["default"].delete(versions.COUNTER)
    assert versions.now() > number  # a lost counter starts past every number given before
    caches["default"].delete(versions.KEY_PREFIX + "article-7")
    assert not versions.is_current(["article-7"], number)  # a lost key counts as changed now


def test_keys_follow_the_request_and_the_settings_they_are_worked_out_from(settings):
    """cache_key() works each key out once per set of inputs: a change of settings or of any input counts."""
    environ = environ_for(ARTICLE, headers={"host": "backspasm.example.org"})
    settings.ALLOWED_HOSTS = ["backspasm.example.org"]
    key = cache_key(environ)
    assert (
        key is not None
        and cache_key(environ_for("/articles/causes/", headers={"host": "backspasm.example.org"})) != key
    )
    settings.ALLOWED_HOSTS = ["elsewhere.example.org"]
    assert cache_key(environ) is None  # refused now: Django's 400, never a stored page

    settings.ALLOWED_HOSTS = ["backspasm.example.org"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    behind_proxy = {"host": "backspasm.example.org", "x-forwarded-proto": "https"}
    https_key = cache_key(environ_for(ARTICLE, headers=behind_proxy))
    assert (
        https_key != key
        and cache_key(environ_for(ARTICLE, headers={**behind_proxy, "x-forwarded-proto": "http"})) == key
    )


def test_memos_made_from_addresses_do_not_grow_past_their_bound(monkeypatch):
    monkeypatch.setattr(versions, "_memo", {})
    monkeypatch.setattr(versions, "MEMO_AT_MOST", 3)
    built = []
    for name in ["a", "b", "c", "d"]:
        versions.memo(name, lambda name=name: built.append(name) or name.upper())
    assert list(versions._memo) == ["b", "c", "d"]  # the oldest went first
    assert versions.memo("d", lambda: pytest.fail("rebuilt")) == "D"
    assert versions.memo("a", lambda: "A again") == "A again"  # dropped: built again when asked for


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_while_a_change_was_being_saved_is_stale_once_it_commits(site_content):
    """The counter is read before the content: a render that may have read the old rows never stays current."""
    from django.db import transaction

    article = Article.objects.get(slug="causes")
    keys = ["site", f"article-{article.pk}"]
    before = versions.now()
    other = ["site", "article-999"]
    assert versions.is_current(other, before)
    with transaction.atomic():
        article.title = "What sets off a back spasm"
        article.save()
        during = versions.now()  # a render starting now still reads the old, committed row
        assert not versions.is_current(keys, before)
    assert not versions.is_current(keys, during)
    assert versions.is_current(keys, versions.now())
    assert versions.is_current(other, during) and versions.is_current(other, before)  # not shown: unchanged
