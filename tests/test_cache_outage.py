"""Redis is a cache, not a dependency: a Redis that refuses, or accepts and never answers, costs at most a short
wait on a feedback post and one warning line without a traceback, and every page, the checker, feedback and
/healthz still answer (issues 19 and 28). Only the feedback limit's counts live in Redis; pages are in
Django's page cache (the database's table) and at the edge.

The Redis here is never a real one: an unused port on 127.0.0.1 (refused), or a socket server started by the
test on 127.0.0.1 that accepts and never replies. Every wait is bounded by the settings' own timeouts.
"""

import contextlib
import logging
import os
import runpy
import secrets
import socket
import threading
import time
from pathlib import Path

import pytest
from django.test import Client, override_settings

from backspasm_site.wsgi import application  # set up once: a new set-up resets logging

from .checker_steps import answer_checker, ticking
from .wsgi_client import Site

pytestmark = pytest.mark.django_db
SETTINGS_FILE = Path(__file__).resolve().parent.parent / "backspasm_site" / "settings.py"
SAME_SITE = {"HTTP_ORIGIN": "http://testserver"}


def caches_for(url: str) -> dict:
    """CACHES exactly as settings.py builds them for CACHE_URL=url (its timeouts included)."""
    saved = os.environ.get("CACHE_URL")
    os.environ["CACHE_URL"] = url
    try:
        return runpy.run_path(str(SETTINGS_FILE))["CACHES"]
    finally:
        if saved is None:
            del os.environ["CACHE_URL"]
        else:
            os.environ["CACHE_URL"] = saved


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentServer:
    """Accepts connections on 127.0.0.1 and never sends a byte back: a Redis that hangs."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                connection, _ = self.listener.accept()
                self.accepted.append(connection)

    def stop(self):
        self.stopping.set()
        self.thread.join(timeout=5)
        for connection in [*self.accepted, self.listener]:
            connection.close()


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.stop()


@pytest.fixture(params=["refusing", "silent"])
def redis_down(request):
    """CACHES pointing at a Redis that refuses, or at one that accepts and never answers."""
    if request.param == "refusing":
        url, server = f"redis://127.0.0.1:{unused_port()}/0", None
    else:
        server = SilentServer()
        url = f"redis://127.0.0.1:{server.port}/0"
    with override_settings(CACHES=caches_for(url)):
        yield server
    if server:
        server.stop()


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def test_the_settings_give_redis_short_timeouts_and_use_djangos_own_backend():
    default = caches_for("redis://127.0.0.1:6379/0")["default"]
    assert default["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert default["OPTIONS"]["socket_connect_timeout"] <= 0.5 and default["OPTIONS"]["socket_timeout"] <= 0.5


def test_pages_answer_at_once_and_never_ask_redis_while_it_is_down(site_content, redis_down, caplog):
    """Proved by what Redis saw, not by a stopwatch: the hanging one is never even connected to, and the
    refusing one never warned about (a page that asked would log that Redis is away)."""
    site = Site(application)
    caplog.set_level(logging.WARNING)
    for path in ["/", "/articles/symptoms/", "/articles/", "/articles/symptoms/", "/about-this-content/"]:
        answer = site.get(path)
        assert answer.status == 200 and b"</html>" in answer.body, path
    if redis_down:
        assert redis_down.accepted == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_healthz_answers_within_a_second_and_readyz_names_the_cache(db, redis_down, settings):
    settings.HEALTH_TOKEN = secrets.token_urlsafe(16)
    site = Site(application)
    for _ in range(3):
        answer, seconds = timed(lambda: site.get("/healthz"))
        assert answer.status == 200 and seconds < 1.0
    details = site.get("/readyz", headers={"Authorization": f"Bearer {settings.HEALTH_TOKEN}"})
    assert details.status == 200  # the database answers: readers are served
    assert "cache: unavailable" in details.body.decode() and "database: ok" in details.body.decode()


def test_the_checker_still_answers_while_redis_hangs(site_content, silent_server):
    with override_settings(CACHES=caches_for(f"redis://127.0.0.1:{silent_server.port}/0")):
        client = Client(raise_request_exception=False)
        response, seconds = timed(lambda: answer_checker(client, ticking("fever")))
        assert response.status_code == 200 and 'data-disposition="emergency"' in response.content.decode()
        assert seconds < 1.5


def test_feedback_is_limited_in_memory_with_one_warning_line_and_never_a_500_while_redis_is_down(
    redis_down, caplog, monkeypatch
):
    from backspasm_site.articles.models import Article, Status
    from backspasm_site.feedback import guards

    guards._in_memory.clear()
    monkeypatch.setattr(guards, "_warned", False)
    caplog.set_level(logging.WARNING)
    Article.objects.create(title="T", slug="home-treatment", summary="s", topic="treatment", body="b",
                           status=Status.PUBLISHED)  # fmt: skip
    client = Client(raise_request_exception=False)
    statuses = []
    for _ in range(guards.RATE_LIMIT + 2):
        post = client.post(
            "/feedback/", {"article": "home-treatment", "helpful": "yes"}, follow=True, **SAME_SITE
        )
        statuses.append(post.status_code)
    assert statuses == [200] * guards.RATE_LIMIT + [429, 429]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name != "django.request"]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]  # django.request: the two 429s
    assert "counting in this process's memory" in warnings[0].getMessage()
    assert warnings[0].exc_info is None and "Traceback" not in caplog.text


def test_an_editors_publish_goes_through_while_redis_is_down(
    site_content, redis_down, reviewer, django_capture_on_commit_callbacks
):
    from backspasm_site.articles.models import Article
    from backspasm_site.editorial import services

    article = Article.objects.get(slug="symptoms")
    services.unpublish(article=article, user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_draft(article=Article.objects.get(slug="symptoms"), user=reviewer)
    assert Article.objects.get(slug="symptoms").is_published
    assert Site(application).get("/articles/symptoms/").status == 200
