"""After an editor's change, pages are rendered again by the render process (backspasm_site/page_cache/warm.py,
`manage.py render_pages`, started by gunicorn's master), so that the first reader after an edit is served from
the cache, by any worker or instance, and no request renders them.
"""

import contextlib
import json
import logging
import re
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import brotli
import pytest
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application
from django.db import DatabaseError, transaction

from backspasm_site.articles.models import Article
from backspasm_site.page_cache import front as front_module
from backspasm_site.page_cache import store, versions, warm
from backspasm_site.page_cache.front import CachedPages, cache_key, front
from backspasm_site.page_cache.models import RenderRequest
from tests import wsgi_client
from tests.admin_forms import change_article_in_admin
from tests.servers import base_env, gunicorn, manage, prepared_database
from tests.wsgi_client import Site, environ_for

ARTICLE = "/articles/symptoms/"
NEVER_STORED = {"/symptom-checker/"}  # its form carries a CSRF token


def site_host() -> str:
    return urllib.parse.urlsplit(settings.SITE_URL).netloc


def stored_page(path: str) -> dict | None:
    """The page's entry as a reader at SITE_URL would find it, if it is for the current content version."""
    entry = store.stored(cache_key(environ_for(path, headers={"host": site_host()})))
    return entry if entry is not None and versions.is_current(entry["keys"], entry["noted"]) else None


@pytest.mark.django_db(transaction=True)
def test_an_editors_save_has_the_pages_it_touched_rendered_before_any_reader_asks(
    site_content, admin_client, settings, monkeypatch
):
    settings.PAGE_CACHE_WARM_AFTER_EDITS = True
    change_article_in_admin(admin_client, "symptoms", title="Signs of a back spasm")
    assert waiting_keys(), "the save asked for no render"
    answered = warm.render_waiting()  # as the render process does next
    assert waiting_keys() == [] and warm.render_waiting() is None

    # The site's own pages, the article and the pages that link to it; no other article.
    linking = {a.get_absolute_url() for a in Article.objects.filter(related__slug="symptoms")}
    assert {path for path, _ in answered} == {*warm.site_pages(), ARTICLE, *linking}
    assert linking and "/articles/causes/" not in linking  # causes does not link to symptoms
    missing = [path for path, _ in answered if path not in NEVER_STORED and stored_page(path) is None]
    assert missing == []
    assert all(stored_page(path) is None for path in NEVER_STORED)
    article_page = brotli.decompress(stored_page(ARTICLE)["br"][0]).decode()
    assert "<h1>Signs of a back spasm</h1>" in article_page

    # A worker that has not seen this version yet answers from the store, without Django.
    monkeypatch.setattr(CachedPages, "render", lambda self, environ: pytest.fail("the page was rendered"))
    page = Site(front(get_wsgi_application())).get(ARTICLE, headers={"host": site_host()})
    assert page.status == 200 and b"<h1>Signs of a back spasm</h1>" in page.body


def waiting_keys() -> list[str]:
    return sorted(RenderRequest.objects.filter(waiting=True).values_list("key", flat=True))


@pytest.mark.django_db(transaction=True)
def test_without_the_setting_a_save_asks_for_no_render(site_content, settings):
    settings.PAGE_CACHE_WARM_AFTER_EDITS = False
    Article.objects.get(slug="symptoms").save()
    assert RenderRequest.objects.count() == 0


@pytest.mark.django_db
def test_a_change_rolled_back_asks_for_no_render(site_content, settings):
    settings.PAGE_CACHE_WARM_AFTER_EDITS = True
    with contextlib.suppress(RuntimeError), transaction.atomic():
        Article.objects.get(slug="symptoms").save()
        raise RuntimeError("the editor's request failed after the save")
    assert RenderRequest.objects.count() == 0


@pytest.mark.django_db
def test_asking_for_a_render_that_fails_does_not_turn_a_committed_save_into_an_error(
    site_content, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_WARM_AFTER_EDITS = True

    asked = []

    def table_gone(keys):
        asked.append(keys)
        raise DatabaseError("no such table: page_cache_renderrequest")

    monkeypatch.setattr(warm, "ask_for_pages", table_gone)
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(slug="symptoms").save()  # returns: the error is logged, the save stands
    assert asked, "no render was asked for"


@pytest.mark.django_db
def test_a_key_changed_many_times_waits_once_and_a_change_during_a_render_is_rendered_again(monkeypatch):
    for _ in range(10):
        warm.ask_for_pages(["article-1", "article-2"])
    assert waiting_keys() == ["article-1", "article-2"]

    def render_while_an_editor_changes_article_1(paths=None, keys=None):
        warm.ask_for_pages(["article-1"])  # committed while this pass renders
        return [(f"/{key}/", "200 OK") for key in sorted(keys)]

    monkeypatch.setattr(warm, "warm_pages", render_while_an_editor_changes_article_1)
    assert warm.render_waiting() == [("/article-1/", "200 OK"), ("/article-2/", "200 OK")]
    assert waiting_keys() == ["article-1"]  # not lost: the next pass renders it
    monkeypatch.setattr(warm, "warm_pages", lambda paths=None, keys=None: [("/article-1/", "200 OK")])
    assert warm.render_waiting() == [("/article-1/", "200 OK")]
    assert RenderRequest.objects.count() == 0 and warm.render_waiting() is None


@pytest.mark.django_db
def test_changes_a_stopped_render_process_had_taken_wait_again(monkeypatch):
    warm.ask_for_pages(["article-1"])
    RenderRequest.objects.update(waiting=False)  # taken by a process killed mid-pass
    assert warm.render_waiting() is None
    assert warm.take_up_unfinished() == 1
    monkeypatch.setattr(warm, "warm_pages", lambda paths=None, keys=None: [("/a/", "200 OK")])
    assert warm.render_waiting() == [("/a/", "200 OK")]


@pytest.mark.django_db
def test_a_pass_with_the_shared_cache_down_logs_once_and_breaks_nothing(monkeypatch, caplog):
    def redis_down():
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(versions, "now", redis_down)
    warm.ask_for_pages(["site"])
    with caplog.at_level(logging.WARNING):
        assert warm.render_waiting() == []
    assert [record.getMessage() for record in caplog.records] == [
        "Pages could not be rendered again after an edit"
    ]
    assert "Error 111" in caplog.text
    assert RenderRequest.objects.count() == 0  # readers get those pages rendered for them


@pytest.mark.django_db
def test_a_site_url_the_site_does_not_answer_to_is_reported_once_not_asked_for_each_page(
    site_content, settings, caplog
):
    settings.SITE_URL = "https://backspasm.example.org"  # not in ALLOWED_HOSTS
    with caplog.at_level(logging.WARNING):
        assert warm.warm_pages() == []
    assert [record.getMessage() for record in caplog.records] == [
        "SITE_URL's host is not in ALLOWED_HOSTS: pages are not rendered again after edits"
    ]


@pytest.mark.django_db
def test_rendering_in_the_test_thread_stores_every_page_but_the_checker_form(site_content):
    with (
        wsgi_client.test_database_kept_open()
    ):  # the requests' start and end would close the test's transaction
        answers = warm.warm_pages()
    assert [path for path, _ in answers] == warm.page_paths()
    assert all(status == "200 OK" for _, status in answers)
    assert [path for path, _ in answers if stored_page(path) is None] == sorted(NEVER_STORED)


@pytest.mark.django_db
def test_pages_stored_by_one_process_are_found_by_another(site_content):
    """Without Redis, gunicorn's workers share cached pages in files (store.page_store()): a page rendered in
    one process (by a reader, or after an edit) serves every worker."""
    assert Site(front(get_wsgi_application())).get(ARTICLE).status == 200
    key = cache_key(environ_for(ARTICLE))
    other_process = f"""
import json, django
django.setup()
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
settings.PAGE_CACHE_VERSION_FILE = {settings.PAGE_CACHE_VERSION_FILE!r}
from backspasm_site.page_cache import store
entry = store.stored({key!r})
print(json.dumps(entry and [entry["noted"], entry["etag"]]))
"""
    found = subprocess.run(
        [sys.executable, "-c", other_process],
        capture_output=True, text=True, check=True, timeout=120,
        env=base_env(),
    )  # fmt: skip
    entry = store.stored(key)
    assert json.loads(found.stdout.strip().splitlines()[-1]) == [entry["noted"], entry["etag"]]


def fingerprint(**env) -> str:
    code = "import django; django.setup(); from backspasm_site.page_cache import store; print(store.CODE_FINGERPRINT)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True, text=True, check=True, timeout=120,
        env={**base_env(), **env},
    )  # fmt: skip
    return done.stdout.strip().splitlines()[-1]


def test_processes_set_up_alike_share_pages_and_others_never_do():
    """Pages in the shared store are keyed by code and settings: a process with other settings (a management
    command run without the production environment, rendering pages after an edit) must never hand its pages
    to the site. Seen for real: a plain-HTTP page it stored skipped the production server's redirect to HTTPS."""
    local = fingerprint()
    assert fingerprint() == local  # the same in every process, so workers and instances share pages
    assert fingerprint(DJANGO_SECURE_SSL_REDIRECT="1") != local
    assert fingerprint(SITE_URL="https://backspasm.example.org") != local


@pytest.mark.django_db
def test_a_site_url_answered_with_a_redirect_is_reported_once_and_nothing_more_is_asked(
    site_content, settings, caplog
):
    settings.SECURE_SSL_REDIRECT = True  # production, with an http:// SITE_URL by mistake
    warm._cached_pages.cache_clear()  # its Django handler reads the security settings when it is made
    try:
        with caplog.at_level(logging.WARNING), wsgi_client.test_database_kept_open():
            assert warm.warm_pages() == [("/", "301 Moved Permanently")]
    finally:
        warm._cached_pages.cache_clear()
    assert [record.getMessage() for record in caplog.records] == [
        "SITE_URL's home page answers '301 Moved Permanently': pages are not rendered again after edits"
    ]


def test_gunicorn_runs_a_render_process_that_renders_each_edit_and_stops_with_the_master(tmp_path):
    database_url = prepared_database(tmp_path)
    with gunicorn(database_url=database_url, workers=1) as server:
        render = render_process_of(server.process.pid)
        assert render is not None, server.output()[-2000:]

        # An editor's save, committed in another process: the render process renders its pages.
        edit = (
            "from backspasm_site.articles.models import Article; Article.objects.get(slug='symptoms').save()"
        )
        manage("shell", "-c", edit, env=base_env(DATABASE_URL=database_url))
        assert until(lambda: "Rendered" in server.output(), seconds=30), server.output()[-2000:]
        assert re.search(r"Rendered \d+ pages again after content changes", server.output())

        server.stop()  # gunicorn's master stops it (on_exit)
        assert until(lambda: not is_running(render), seconds=15)

    with gunicorn(database_url=database_url, workers=1) as server:
        render = render_process_of(server.process.pid)
        server.process.kill()  # the master dies without its hooks: the render process goes by itself
        server.process.wait()
        assert until(lambda: not is_running(render), seconds=15)


def render_process_of(master_pid: int, seconds: float = 20) -> int | None:
    def find():
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError):
                fields = stat.read_text().rsplit(")", 1)[1].split()
                cmdline = (stat.parent / "cmdline").read_bytes()
                if int(fields[1]) == master_pid and b"render_pages" in cmdline:
                    return int(stat.parent.name)
        return None

    return until(find, seconds=seconds)


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent has not read its status yet


def until(check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.1)
    return None


def test_the_key_memo_keeps_neither_refused_hosts_nor_long_inputs(settings):
    settings.ALLOWED_HOSTS = ["backspasm.example.org"]  # (and forgets every key kept so far)
    refused = environ_for(ARTICLE, headers={"host": "elsewhere.example.org"})
    long_path = environ_for("/articles/" + "x" * 600 + "/", headers={"host": "backspasm.example.org"})
    plain = environ_for(ARTICLE, headers={"host": "backspasm.example.org"})
    assert cache_key(refused) is None and cache_key(long_path) is not None and cache_key(plain) is not None
    assert list(front_module._keys.values()) == [cache_key(plain)]


def test_a_page_folder_others_can_write_to_is_refused(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)  # as a folder someone else made under /tmp would be
    with pytest.raises(ImproperlyConfigured):
        store._page_files(str(folder))
    folder.chmod(0o700)
    assert store._page_files(str(folder)).set("k", "v") is True


class OwnLocalMemory(LocMemCache):
    pass


def test_any_local_memory_cache_keeps_the_version_and_pages_in_files(settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.OwnLocalMemory"}}
    assert store.uses_machine_store()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert not store.uses_machine_store()


@pytest.mark.django_db
def test_a_site_wide_change_renders_every_page_only_while_the_site_is_small(site_content, monkeypatch):
    assert warm.pages_showing({"site"}) == warm.page_paths()
    monkeypatch.setattr(warm, "WARM_AT_MOST", 5)  # as with thousands of articles: the rest when asked for
    assert warm.pages_showing({"site"}) == warm.site_pages()


@pytest.mark.django_db
def test_a_change_that_names_no_page_renders_none(site_content):
    assert warm.pages_showing({"sitemap"}) == []
    assert warm.pages_showing({"article-999999"}) == warm.site_pages()  # a deleted article: the lists
