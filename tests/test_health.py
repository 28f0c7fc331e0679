"""Health that tells the truth (issues 19 and 28): /livez says the process answers, to the container's own
check whatever DJANGO_ALLOWED_HOSTS says, touching no database and no cache; /healthz (= /readyz) says
whether readers can be served (the database) and reports the caches and storage that cannot take a save;
editors saving on such storage get "saving is unavailable", never the generic 500.
"""

import contextlib
import os
import signal
import time
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.test import Client

from backspasm_site.articles.models import Article

from .servers import gunicorn, prepared_database
from .test_resilience import wait_for_workers

pytestmark = pytest.mark.django_db

HEALTH_TOKEN = "monitoring-only-" + "f" * 32
DETAILS = {"HTTP_AUTHORIZATION": f"Bearer {HEALTH_TOKEN}"}


@pytest.fixture(autouse=True)
def health_token(settings):
    settings.HEALTH_TOKEN = HEALTH_TOKEN


@contextlib.contextmanager
def read_only_database():
    """The database refusing every write, as on a read-only or full disk: SQLite's own query_only switch
    (writes fail with "attempt to write a readonly database"); on PostgreSQL, the same error for writes."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = 1")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = 0")
        return

    from django.db import OperationalError

    def refuse_writes(execute, sql, params, many, context):
        if sql.strip().upper() == "SHOW TRANSACTION_READ_ONLY":  # what a read-only PostgreSQL answers
            return execute("SELECT 'on'", None, many, context)
        if not sql.lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "SHOW", "SET")):
            raise OperationalError("cannot execute UPDATE in a read-only transaction")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_writes):
        yield


def test_livez_answers_any_host_without_touching_the_database_or_a_cache(
    client, settings, django_assert_num_queries, monkeypatch
):
    """The container's check asks for 127.0.0.1, a load balancer for the instance's address: neither is in
    ALLOWED_HOSTS in production, which is right for pages and must not mark the container unhealthy."""
    from django.core.cache import caches

    settings.ALLOWED_HOSTS = ["backspasm.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    settings.CACHES = {**settings.CACHES}  # no cache made yet in this test (Django forgets the ones it had)
    monkeypatch.setattr(type(caches), "create_connection", lambda *args: pytest.fail("/livez asked a cache"))
    with django_assert_num_queries(0):
        for host in ["127.0.0.1:8000", "10.0.0.7", "backspasm.example.org"]:
            response = client.get("/livez", HTTP_HOST=host)
            assert response.status_code == 200 and response.content == b"ok", host
            assert "no-store" in response["Cache-Control"]
    assert client.get("/", HTTP_HOST="127.0.0.1:8000").status_code == 400  # pages still check the Host
    assert client.get("/livez/x", HTTP_HOST="127.0.0.1:8000").status_code == 400  # only that one path


def test_readyz_is_healthz(client):
    assert client.get("/readyz", **DETAILS).content == client.get("/healthz", **DETAILS).content


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/livez"])
def test_the_public_gets_the_status_and_nothing_more(client, path, settings):
    """What is wrong (database, caches, storage) is for monitoring, with HEALTH_TOKEN."""
    for authorization in [None, "Bearer wrong", f"Bearer {HEALTH_TOKEN}x", HEALTH_TOKEN]:
        extra = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
        response = client.get(path, **extra)
        assert response.status_code == 200 and response.content == b"ok", authorization
        assert "no-store" in response["Cache-Control"]
    settings.HEALTH_TOKEN = ""  # no token set: details for nobody, not for an empty one
    assert client.get(path, HTTP_AUTHORIZATION="Bearer ").content == b"ok"
    with read_only_database():
        assert client.get(path).content == b"ok"


def test_the_details_write_no_file(client, monkeypatch):
    """The checks ask the file system; they never write and sync a probe file (two per request, before)."""
    import tempfile

    def no_writes(*args, **kwargs):
        raise AssertionError("a health check wrote a file")

    for name in ("TemporaryFile", "NamedTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, no_writes)
    monkeypatch.setattr(os, "fsync", no_writes)
    text = client.get("/healthz", **DETAILS).content.decode()
    assert "storage: ok" in text, text


def test_read_only_storage_shows_in_the_readiness_check_and_keeps_the_instance_in(client):
    with read_only_database():
        response = client.get("/healthz", **DETAILS)
    text = response.content.decode()
    assert response.status_code == 200, text  # readers can still be served
    assert "storage: read-only" in text and "saving is unavailable" in text
    assert "database: ok" in text


def test_full_storage_shows_in_the_readiness_check(client, monkeypatch):
    from backspasm_site.core import health

    monkeypatch.setattr(health, "free_bytes", lambda folder: 1024)
    text = client.get("/healthz", **DETAILS).content.decode()
    assert "storage: full" in text and "saving is unavailable" in text


def test_an_editors_save_on_read_only_storage_says_saving_is_unavailable(admin_user):
    article = Article.objects.create(title="T", slug="t", summary="s", topic="treatment", body="b")
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    form = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert form.status_code == 200
    data = {
        field.name: value
        for field, value in (
            (f, form.context["adminform"].form.initial.get(f.name)) for f in form.context["adminform"].form
        )
        if value is not None
    }
    data.update(title="Changed", _save="Save")
    with read_only_database():
        response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    html = response.content.decode()
    assert response.status_code == 503, html[:2000]
    assert "Saving is unavailable" in html and "nothing was saved" in html
    assert Article.objects.get(pk=article.pk).title == "T"


def test_signing_in_on_read_only_storage_says_saving_is_unavailable(staff_user):
    client = Client(raise_request_exception=False)
    with read_only_database():
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "editor", "password": "correct horse battery"}
        )
    assert response.status_code == 503 and "Saving is unavailable" in response.content.decode()


def test_a_storage_error_outside_admin_is_not_dressed_up():
    from django.db import OperationalError

    from backspasm_site.core import health

    assert health.is_storage_failure(OperationalError("attempt to write a readonly database"))
    assert health.is_storage_failure(OSError(28, "No space left on device"))
    assert not health.is_storage_failure(OperationalError("no such column: articles_article.foo"))
    assert not health.is_storage_failure(ValueError("x"))


def answer(request: urllib.request.Request | str) -> tuple[int, str]:
    """(status, body) of a request, error statuses included."""
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def get(url: str) -> tuple[int, str]:
    return answer(url)


def get_details(url: str) -> tuple[int, str]:
    return answer(urllib.request.Request(url, headers={"Authorization": f"Bearer {HEALTH_TOKEN}"}))


@pytest.mark.server
def test_with_the_database_gone_readiness_says_so_and_liveness_stays(tmp_path):
    url = prepared_database(tmp_path)
    database = tmp_path / "site.sqlite3"
    with gunicorn(database_url=url, workers=1, HEALTH_TOKEN=HEALTH_TOKEN) as server:
        assert get(server.url + "/")[0] == 200
        lose_the_database_and_replace_the_worker(server, database)
        status, text = get_details(server.url + "/healthz")
        deadline = time.monotonic() + 10
        while status not in (200, 503) and time.monotonic() < deadline:  # the new worker is starting
            time.sleep(0.2)
            status, text = get_details(server.url + "/healthz")
        # Out of the load balancer (the edge serves its last good pages meanwhile), but not restarted.
        assert status == 503 and text.startswith("unavailable") and "database: missing" in text, text
        assert get(server.url + "/livez") == (200, "ok")
        assert not database.exists()  # the checks made no empty database in its place


@pytest.mark.server
def test_the_images_healthcheck_passes_against_production_settings(tmp_path):
    """The Dockerfile's HEALTHCHECK command, run as Docker runs it, against gunicorn under the production
    environment with a real host name in DJANGO_ALLOWED_HOSTS (before: 400, the container unhealthy)."""
    import json
    import re
    import secrets
    import subprocess
    import sys
    from pathlib import Path

    from .servers import ROOT, Server, base_env, free_port

    dockerfile = (Path(ROOT) / "Dockerfile").read_text()
    command = json.loads(re.search(r"HEALTHCHECK .*?CMD (\[.*?\])\n", dockerfile, re.DOTALL).group(1))
    assert command[0] == "python"
    port = free_port()
    env = base_env(
        DATABASE_URL=prepared_database(tmp_path),
        DJANGO_ENV="production",
        DJANGO_ALLOWED_HOSTS="backspasm.example.org",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        CACHE_URL=f"redis://127.0.0.1:{free_port()}/0",  # a Redis that is away changes nothing here
    )
    server = Server(env, port, workers=1)
    try:
        check = [sys.executable, *command[1:]]
        deadline, result = time.monotonic() + 30, None
        while time.monotonic() < deadline:
            result = subprocess.run(check, env={**env, "PORT": str(port)}, capture_output=True, timeout=10)
            if result.returncode == 0:
                break
            time.sleep(0.3)
        assert result.returncode == 0, (result.stderr.decode()[-1000:], server.output()[-2000:])
        assert get(server.url + "/")[0] == 400  # while pages refuse that Host, as they must
        # A load balancer checking readiness by the instance's address (before: 400, out of rotation).
        assert get(server.url + "/healthz") == (200, "ok") and get(server.url + "/readyz") == (200, "ok")
    finally:
        server.stop()


@pytest.mark.edge
@pytest.mark.server
def test_varnishs_probe_keeps_a_production_site_in_when_hosts_name_only_the_site(tmp_path):
    """Varnish asks /healthz by the backend's address. With DJANGO_ALLOWED_HOSTS naming only the site, as in
    production, that was a 400: after about 3 s every page Varnish had not kept got its 503 (a review found
    it; every other test allows 127.0.0.1)."""
    import secrets

    from .servers import varnish

    production = {"DJANGO_ENV": "production", "DJANGO_ALLOWED_HOSTS": "backspasm.example.org",
                  "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_SECURE_SSL_REDIRECT": "0"}  # fmt: skip
    with (
        gunicorn(
            database_url=prepared_database(tmp_path), workers=1, GUNICORN_ACCESS_LOG="-", **production
        ) as server,
        varnish(backend_port=server.port, folder=tmp_path) as edge,
    ):
        # Until the probe's window (3 probes, 2 s apart) has judged the backend: 3 probes and the one
        # request of the test's own wait for gunicorn.
        deadline = time.monotonic() + 15
        while server.output().count('"GET /healthz"') < 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert server.output().count('"GET /healthz" 200') >= 4, server.output()
        for path in ["/articles/", "/articles/what-is-a-back-spasm/", "/symptom-checker/"]:
            request = urllib.request.Request(edge + path, headers={"Host": "backspasm.example.org"})
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 200, path
        assert "Invalid HTTP_HOST header" not in server.output()


def lose_the_database_and_replace_the_worker(server, database) -> None:
    """The SQLite file moved away, then the worker killed: the one gunicorn starts in its place (as after a
    crash, or max_requests) has no connection left open to the file."""
    for suffix in ["", "-wal", "-shm"]:
        with contextlib.suppress(FileNotFoundError):
            os.rename(f"{database}{suffix}", f"{database}{suffix}.gone")
    worker = wait_for_workers(server.process.pid, 1)[0]
    os.kill(worker, signal.SIGKILL)
    wait_for_workers(server.process.pid, 1, not_in=[worker])


@pytest.mark.server
def test_with_the_database_gone_a_new_workers_checker_still_asks_and_answers(tmp_path):
    """Hazard H2: with the SQLite file gone and the worker replaced (it has nothing in memory), the checker's
    questions and every verdict still answer 200, worded from the rule table or the content last read from
    the database, never a 500 (before: 500 for the questions page and every verdict)."""
    import html

    from backspasm_site.symptom_checker.red_flags import EMERGENCY_QUESTIONS, QUESTIONS

    from .checker_steps import through_the_checker_over_http
    from .public_pages import VERDICT_ANSWERS

    url = prepared_database(tmp_path)
    database = tmp_path / "site.sqlite3"
    with gunicorn(database_url=url, workers=1) as server:
        checker = server.url + "/symptom-checker/"
        assert get(server.url + "/")[0] == 200
        lose_the_database_and_replace_the_worker(server, database)
        deadline = time.monotonic() + 10
        while get(server.url + "/livez")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.2)

        with urllib.request.urlopen(checker, timeout=10) as response:
            status, page = response.status, response.read().decode()
        assert status == 200
        emergency = [q for q in QUESTIONS if q.code in EMERGENCY_QUESTIONS]
        # Every emergency sign asked, in the rule table's own wording.
        assert emergency and all(html.escape(q.default_text, quote=False) in page for q in emergency), page
        for disposition, answers in VERDICT_ANSWERS.items():
            status, verdict, *_ = through_the_checker_over_http(server.url, answers)
            assert status == 200, (disposition, verdict[-2000:])
            assert f'data-disposition="{disposition}"' in verdict
            if disposition == "emergency":  # the number, whatever happened to the editors' wording
                assert 'href="tel:999"' in verdict
        assert not database.exists()  # nothing made an empty database in its place
        log = server.output()
        assert "Internal Server Error" not in log and "Traceback" not in log
        assert log.count("the database cannot be read") <= 3  # once per process and kind of content


def test_the_built_in_wording_is_never_kept_once_the_database_answers_again(site_content, monkeypatch):
    from backspasm_site.core import fallback
    from backspasm_site.symptom_checker.forms import CheckerStepForm
    from backspasm_site.symptom_checker.models import QuestionText
    from backspasm_site.symptom_checker.red_flags import QUESTIONS

    question = next(q for q in QUESTIONS if q.step == 1)
    QuestionText.objects.update_or_create(code=question.code, defaults={"text": "An editor's own wording?"})
    monkeypatch.setattr(fallback, "database_file_missing", lambda: True)
    assert question.default_text in str(CheckerStepForm(step=1))
    response = Client().get("/symptom-checker/")
    assert response.status_code == 200 and "An editor&#x27;s own wording?" not in response.content.decode()
    monkeypatch.setattr(fallback, "database_file_missing", lambda: False)  # the database is back
    assert "An editor&#x27;s own wording?" in str(CheckerStepForm(step=1))
    assert "An editor&#x27;s own wording?" in Client().get("/symptom-checker/").content.decode()
