"""Two gunicorn instances on one PostgreSQL and one Redis, as in production behind a load balancer.

PostgreSQL and Redis run on 127.0.0.1 on these machines and in CI (.ci/run starts them): if either is
missing this test fails rather than skips. It uses a database and a Redis key prefix of its own.
"""

import http.cookiejar
import re
import secrets
import urllib.parse
import urllib.request

import psycopg
import pytest
import redis

from .admin_forms import form_fields, with_changes
from .servers import base_env, gunicorn, manage, prepared_database

pytestmark = pytest.mark.server

POSTGRES = "postgresql://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/6"
ARTICLE = "/articles/symptoms/"


@pytest.fixture
def postgres_database():
    name = f"backspasm_instances_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is not running on 127.0.0.1:5432 (.ci/run starts it): {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{POSTGRES}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_prefix():
    prefix = f"backspasm-test-{secrets.token_hex(4)}"
    client = redis.Redis.from_url(REDIS, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not running on 127.0.0.1:6379 (.ci/run starts it): {error}")
    yield prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def pages_kept(database_url: str) -> int:
    """How many entries Django's page cache holds: its table in the shared database (settings.CACHES)."""
    with psycopg.connect(database_url, connect_timeout=5) as connection:
        return connection.execute("SELECT count(*) FROM page_cache").fetchone()[0]


def anonymous_get(url: str) -> str:
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


class Editor:
    """A signed-in staff member using the admin through one instance, with cookies like a browser."""

    def __init__(self, base_url: str, username: str, password: str):
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        login = self.get("/admin/login/")
        fields = form_fields(login, "login-form")
        self.post("/admin/login/", with_changes(fields, username=username, password=password))
        assert "sessionid" in {cookie.name for cookie in self.cookies}, "the editor could not sign in"

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path) as response:
            return response.read().decode()

    def post(self, path: str, fields) -> str:
        body = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base_url + path, body) as response:
            return response.read().decode()


CREATE_EDITORS = """
import os
from django.contrib.auth import get_user_model
for name in ("editor", "reviewer"):
    get_user_model().objects.create_superuser(name, f"{name}@example.org", os.environ["PASSWORD"])
"""


def test_an_edit_through_one_instance_shows_at_once_through_the_other(
    tmp_path, postgres_database, redis_prefix
):
    database_url = prepared_database(tmp_path, postgres_database)
    shared = {"CACHE_URL": REDIS, "CACHE_KEY_PREFIX": redis_prefix}
    password = secrets.token_urlsafe(16)
    env = base_env(DATABASE_URL=database_url, PASSWORD=password, **shared)
    manage("shell", "-c", CREATE_EDITORS, env=env)  # both in one process: each start of Django costs a second

    with (
        gunicorn(database_url=database_url, workers=2, **shared) as one,
        gunicorn(database_url=database_url, workers=2, **shared) as other,
    ):
        for _ in range(3):  # both instances have the page in the shared cache, every worker has seen it
            for server in (one, other):
                assert "<h1>Symptoms of a back spasm</h1>" in anonymous_get(server.url + ARTICLE)
        assert pages_kept(database_url) > 0  # Django's page cache, one table for both instances

        editor = Editor(one.url, "editor", password)
        changelist = editor.get("/admin/articles/article/?q=symptoms")
        link = r'href="(/admin/articles/article/\d+/change/)[^"]*">Symptoms of a back spasm<'
        change_url = re.search(link, changelist).group(1)
        fields = form_fields(editor.get(change_url), "article_form")
        fields = with_changes(fields, title="Signs of a back spasm", change_reason="Plainer title")
        saved = editor.post(change_url, [*fields, ("_submit_for_review", "Submit for review")])
        assert "Submitted for review." in saved, saved[saved.find("errornote") :][:2000]
        # A second person publishes it (the writer of a clinical change cannot).
        review_url = re.search(r'href="(/admin/editorial/pendingchange/\d+/change/)"', editor.get("/admin/"))
        reviewer = Editor(other.url, "reviewer", password)
        review_page = reviewer.get(review_url.group(1))
        fields = [(n, v) for n, v in form_fields(review_page, "review-form")]
        published = reviewer.post(review_url.group(1), [*fields, ("_publish", "Publish this change")])
        assert "Published: everyone can now see the change." in published
        # Publishing named the article's pages: the shared page cache was emptied once it committed.
        for server in (other, one, other):
            page = anonymous_get(server.url + ARTICLE)
            assert "<h1>Signs of a back spasm</h1>" in page, server.url
        assert "Signs of a back spasm" in anonymous_get(other.url + "/")
