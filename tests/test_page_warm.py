"""After an editor's change, pages are rendered again in the background (backspasm_site/page_cache/warm.py), so
that the first reader after an edit is served from the cache, by any worker or instance.

These tests commit for real (transactional): the background round reads the database on a connection of its own.
"""

import json
import logging
import os
import subprocess
import sys
import threading
import urllib.parse

import brotli
import pytest
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

from backspasm_site.articles.models import Article, Topic
from backspasm_site.page_cache import content, warm
from backspasm_site.page_cache import front as front_module
from backspasm_site.page_cache.front import CachedPages, cache_key, front

from . import wsgi_client
from .admin_forms import change_article_in_admin
from .servers import base_env
from .wsgi_client import Site, environ_for

ARTICLE = "/articles/symptoms/"
NEVER_STORED = {"/symptom-checker/"}  # its form carries a CSRF token


def site_host() -> str:
    return urllib.parse.urlsplit(settings.SITE_URL).netloc


def stored_page(path: str) -> dict | None:
    """The page's entry as a reader at SITE_URL would find it, if it is for the current content version."""
    entry = content.stored(cache_key(environ_for(path, headers={"host": site_host()})))
    return entry if entry is not None and entry["version"] == content.current_version() else None


@pytest.mark.django_db(transaction=True)
def test_an_editors_save_has_every_sitemap_page_rendered_before_any_reader_asks(
    site_content, admin_client, settings, monkeypatch
):
    settings.PAGE_CACHE_WARM_AFTER_EDITS = True
    rounds = rounds_queued(monkeypatch)
    change_article_in_admin(admin_client, "symptoms", title="Signs of a back spasm")
    assert rounds, "the save queued no round"
    rounds[-1].result(timeout=60)  # the round that covers everything the save committed

    paths = warm.page_paths()
    assert (
        ARTICLE in paths
        and "/" in paths
        and len(paths) == 4 + len(Topic) + Article.objects.published().count()
    )
    missing = [path for path in paths if path not in NEVER_STORED and stored_page(path) is None]
    assert missing == []
    assert all(stored_page(path) is None for path in NEVER_STORED)
    article_page = brotli.decompress(stored_page(ARTICLE)["br"][0]).decode()
    assert "<h1>Signs of a back spasm</h1>" in article_page

    # A worker that has not seen this version yet answers from the store, without Django.
    monkeypatch.setattr(CachedPages, "render", lambda self, environ: pytest.fail("the page was rendered"))
    page = Site(front(get_wsgi_application())).get(ARTICLE, headers={"host": site_host()})
    assert page.status == 200 and b"<h1>Signs of a back spasm</h1>" in page.body


@pytest.mark.django_db(transaction=True)
def test_without_the_setting_a_save_queues_no_round(site_content, settings, monkeypatch):
    settings.PAGE_CACHE_WARM_AFTER_EDITS = False
    rounds = rounds_queued(monkeypatch)
    Article.objects.get(slug="symptoms").save()
    assert rounds == []


@pytest.mark.django_db
def test_a_round_that_cannot_start_does_not_turn_a_committed_save_into_an_error(
    site_content, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_WARM_AFTER_EDITS = True

    asked = []

    def no_thread():
        asked.append(True)
        raise RuntimeError("can't start new thread")

    monkeypatch.setattr(warm, "warm_soon", no_thread)
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get(slug="symptoms").save()  # returns: the error is logged, the save stands
    assert asked, "no round was asked for"


def rounds_queued(monkeypatch) -> list:
    """The Futures of the rounds that saves queue from now on (signals.py calls warm.warm_soon on commit)."""
    queued, real = [], warm.warm_soon
    monkeypatch.setattr(warm, "warm_soon", lambda: queued.append(real()) or queued[-1])
    return queued


def rounds_that_wait(monkeypatch) -> tuple[threading.Event, threading.Event, list[int]]:
    """Rounds that block until `release` is set: (started, release, the rounds run so far, numbered)."""
    started, release = threading.Event(), threading.Event()
    rounds = []

    def slow_round():
        rounds.append(len(rounds) + 1)
        started.set()
        assert release.wait(timeout=30)
        return []

    monkeypatch.setattr(warm, "warm_pages", slow_round)
    return started, release, rounds


def test_changes_during_a_round_queue_one_more_round_not_one_each(monkeypatch):
    started, release, rounds = rounds_that_wait(monkeypatch)
    first = warm.warm_soon()
    assert started.wait(timeout=30)
    later = [warm.warm_soon() for _ in range(10)]  # ten changes committed while the first round runs
    assert len(set(map(id, later))) == 1 and later[0] is not first
    release.set()
    first.result(timeout=30)
    later[0].result(timeout=30)
    assert rounds == [1, 2]


def test_a_round_with_the_shared_cache_down_logs_once_and_breaks_nothing(monkeypatch, caplog):
    def redis_down():
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(content, "current_version", redis_down)
    with caplog.at_level(logging.WARNING):
        assert warm.warm_soon().result(timeout=30) == []
    assert [record.getMessage() for record in caplog.records] == [
        "Pages could not be rendered again after an edit"
    ]
    assert "Error 111" in caplog.text


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
    """Without Redis, gunicorn's workers share cached pages in files (content.page_store()): a page rendered in
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
from backspasm_site.page_cache import content
entry = content.stored({key!r})
print(json.dumps(entry and [entry["version"], entry["etag"]]))
"""
    found = subprocess.run(
        [sys.executable, "-c", other_process],
        capture_output=True, text=True, check=True, timeout=120,
        env=base_env(),
    )  # fmt: skip
    entry = content.stored(key)
    assert json.loads(found.stdout.strip().splitlines()[-1]) == [content.current_version(), entry["etag"]]


def fingerprint(**env) -> str:
    code = "import django; django.setup(); from backspasm_site.page_cache import content; print(content.CODE_FINGERPRINT)"
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


def test_a_round_queued_in_the_parent_does_not_block_a_forked_child(monkeypatch):
    """gunicorn forks its workers from the master: a round the master had queued never runs in a worker."""
    started, release, _ = rounds_that_wait(monkeypatch)
    running = warm.warm_soon()
    assert started.wait(timeout=30)
    queued = warm.warm_soon()  # waits behind the running round, in this process only
    child = os.fork()
    if child == 0:  # the child: its own round must run, now
        warm.warm_pages = lambda: [("/", "200 OK")]
        try:
            ran = warm.warm_soon().result(timeout=10) == [("/", "200 OK")]
        except BaseException:
            ran = False
        os._exit(0 if ran else 1)
    _, status = os.waitpid(child, 0)
    release.set()
    running.result(timeout=30), queued.result(timeout=30)
    assert os.waitstatus_to_exitcode(status) == 0


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
        content._page_files(str(folder))
    folder.chmod(0o700)
    assert content._page_files(str(folder)).set("k", "v") is None


class OwnLocalMemory(LocMemCache):
    pass


def test_any_local_memory_cache_keeps_the_version_and_pages_in_files(settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.OwnLocalMemory"}}
    assert content._uses_version_file()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    assert not content._uses_version_file()
