"""Redis is a cache, not a dependency: a Redis that refuses, or accepts and never answers, costs one short wait
and one warning, and every page, the checker, feedback and /healthz still answer (issue 19).

The Redis here is never a real one: an unused port on 127.0.0.1 (refused), or a socket server started by the
test on 127.0.0.1 that accepts and never replies. Every wait is bounded by the settings' own timeouts.
"""

import contextlib
import logging
import os
import runpy
import socket
import threading
import time
from pathlib import Path

import pytest
from django.test import Client, override_settings

from backspasm_site.page_cache import redis_cache, versions
from backspasm_site.page_cache.front import front
from backspasm_site.wsgi import django_application  # set up once: a new set-up resets logging

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


@pytest.fixture(autouse=True)
def fresh_breakers():
    getattr(redis_cache, "_breakers", {}).clear()
    yield
    getattr(redis_cache, "_breakers", {}).clear()


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


def test_the_settings_give_redis_short_timeouts():
    options = caches_for("redis://127.0.0.1:6379/0")["default"]["OPTIONS"]
    assert options["socket_connect_timeout"] <= 0.5 and options["socket_timeout"] <= 0.5


def test_pages_answer_at_once_and_redis_is_asked_once_while_it_is_down(site_content, redis_down, caplog):
    site = Site(front(django_application))
    caplog.set_level(logging.WARNING)
    times = []
    for path in [
        "/",
        "/articles/symptoms/",
        "/articles/",
        "/articles/symptoms/",
        "/",
        "/about-this-content/",
    ]:
        answer, seconds = timed(lambda path=path: site.get(path))
        assert answer.status == 200 and b"</html>" in answer.body, path
        times.append(seconds)
    print(f"\nRedis {'silent' if redis_down else 'refusing'}: page times {[round(t, 3) for t in times]} s")
    assert times[0] < 1.5  # one short wait at most (a new process also renders the page cold)
    assert max(times[1:]) < 0.5  # then Redis is left alone: no wait at all
    if redis_down:  # the silent server saw the one connection that gave up, and no other
        assert len(redis_down.accepted) <= 1
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert "not answering" in warnings[0].getMessage() and warnings[0].exc_info is None


def test_healthz_answers_within_a_second_whatever_redis_does(db, redis_down):
    site = Site(front(django_application))
    for _ in range(3):
        answer, seconds = timed(lambda: site.get("/healthz"))
        assert answer.status == 200 and seconds < 1.0


def test_the_checker_still_answers_while_redis_hangs(site_content, silent_server):
    with override_settings(CACHES=caches_for(f"redis://127.0.0.1:{silent_server.port}/0")):
        client = Client(raise_request_exception=False)
        response, seconds = timed(lambda: answer_checker(client, ticking("fever")))
        assert response.status_code == 200 and 'data-disposition="emergency"' in response.content.decode()
        assert seconds < 1.5


def test_feedback_is_limited_in_memory_and_never_a_500_while_redis_is_down(redis_down):
    from backspasm_site.articles.models import Article, Status
    from backspasm_site.feedback import guards

    guards._in_memory.clear()
    Article.objects.create(title="T", slug="home-treatment", summary="s", topic="treatment", body="b",
                           status=Status.PUBLISHED)  # fmt: skip
    client = Client(raise_request_exception=False)
    statuses = []
    started = time.monotonic()
    for _ in range(guards.RATE_LIMIT + 2):
        post = client.post("/feedback/", {"article": "home-treatment", "helpful": "yes"}, **SAME_SITE)
        statuses.append(post.status_code)
    assert statuses == [200] * guards.RATE_LIMIT + [429, 429]
    assert time.monotonic() - started < 3


def test_an_editors_save_goes_through_while_redis_is_down_and_the_version_is_renewed_after(
    site_content, redis_down
):
    from backspasm_site.articles.models import Article

    article = Article.objects.get(slug="symptoms")
    article.summary = "Saved while Redis was down."
    article.save()  # bumps the content version: must not fail for want of Redis
    assert Article.objects.get(slug="symptoms").summary == "Saved while Redis was down."

    renewed = []
    redis_cache.on_recovery.append(lambda: renewed.append(True))
    try:
        breaker = next(iter(redis_cache._breakers.values()))
        assert breaker.is_down
        breaker.succeeded()  # as when the next try finds Redis answering again
    finally:
        redis_cache.on_recovery.pop()
    assert renewed == [True] and versions.everything_changed in redis_cache.on_recovery


def test_the_breaker_tries_again_once_after_a_while_and_closes_when_redis_answers():
    now = [0.0]
    breaker = redis_cache.Breaker("127.0.0.1:6379", retry_after=10, clock=lambda: now[0])
    assert breaker.allow()
    breaker.failed(ConnectionError("refused"))
    assert not breaker.allow()
    now[0] = 9.9
    assert not breaker.allow()
    now[0] = 10.0
    assert breaker.allow() and not breaker.allow()  # one call tries; the others still fail fast
    breaker.failed(ConnectionError("refused"))  # still down: left alone for another 10 s
    now[0] = 15
    assert not breaker.allow()
    now[0] = 20
    assert breaker.allow()
    breaker.succeeded()
    assert not breaker.is_down and breaker.allow() and breaker.allow()


def test_log_lines_never_name_the_redis_password():
    assert redis_cache._where("redis://:s3cret@cache.internal:6380/0") == "cache.internal:6380"


def test_a_save_while_redis_was_down_never_lets_a_page_from_before_come_back(site_content):
    """With the real Redis on 127.0.0.1 (as tests/test_many_instances.py), under a key prefix of its own."""
    import secrets

    import redis

    from backspasm_site.articles.models import Article

    caches = caches_for("redis://127.0.0.1:6379/6")
    prefix = caches["default"]["KEY_PREFIX"] = f"test-outage-{secrets.token_hex(4)}"
    try:
        with override_settings(CACHES=caches):
            before = versions.now()  # pages cached now noted it
            assert versions.is_current(["site", "article-1"], before)
            breaker = next(iter(redis_cache._breakers.values()))
            breaker.failed(ConnectionError("as if Redis went away"))
            with pytest.raises(redis_cache.CacheUnavailable):
                versions.now()  # down: no call reaches Redis
            Article.objects.get(slug="symptoms").save()  # goes through, but cannot record the change there
            breaker.next_try = 0  # time to try again, and Redis answers
            versions.now()
            assert not breaker.is_down and not versions.is_current(["site", "article-1"], before)
    finally:
        client = redis.Redis.from_url("redis://127.0.0.1:6379/6", socket_connect_timeout=5)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        client.close()
