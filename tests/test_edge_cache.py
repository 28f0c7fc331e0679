"""The HTTP cache in front, as production runs it: Debian's Varnish with deploy/varnish/backspasm.vcl before
gunicorn. It keeps public pages and nothing that belongs to one visitor, an edit purges exactly the pages it
shows (surrogate keys), and readers get the last good page when the site fails. Loopback only, bounded."""

import re
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest

from .public_pages import VERDICT_ANSWERS
from .servers import gunicorn, manage, prepared_database, scratch_database_url, varnish

pytestmark = pytest.mark.edge


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, *, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(), error.headers


def served_from(edge, path, **kwargs) -> str:
    return fetch(edge + path, **kwargs)[1].get("X-Cache", "")


def edit(env, code: str) -> None:
    """A content change saved in another process (as an editor's save in a worker), which purges the edge."""
    manage("shell", "-c", code, env=env)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("edge")
    database = prepared_database(folder, scratch_database_url(folder, "edge"))
    version_file = str(folder / "page-version")
    with (
        gunicorn(database_url=database, workers=2, PAGE_CACHE_VERSION_FILE=version_file) as server,
        varnish(backend_port=server.port, folder=folder) as edge,
    ):
        yield edge, {**server_env(database, version_file), "EDGE_PURGE": f"varnish:{edge}"}


def server_env(database, version_file):
    from .servers import base_env

    return base_env(
        DATABASE_URL=database, PAGE_CACHE_VERSION_FILE=version_file, PAGE_CACHE_WARM_AFTER_EDITS="0"
    )


def test_public_pages_are_kept_and_nothing_of_one_visitor_ever_is(site):
    edge, _ = site
    fetch(edge + "/articles/symptoms/")
    status, headers, body, _ = fetch(edge + "/articles/symptoms/", headers={"Accept-Encoding": "identity"})
    assert status == 200 and headers["X-Cache"] == "HIT" and int(headers["Age"]) >= 0
    assert "s-maxage=" in headers["Cache-Control"] and "max-age=0" in headers["Cache-Control"]
    assert "Content-Security-Policy" in headers and "Surrogate-Key" not in headers and "xkey" not in headers
    assert "<h1>Symptoms of a back spasm</h1>" in body
    # A shared link with trackers' parameters is the same stored page.
    assert served_from(edge, "/articles/symptoms/?utm_source=newsletter&fbclid=x") == "HIT"
    # The checker's form carries each visitor's CSRF token: never kept, a new cookie each time.
    for _ in range(2):
        status, headers, body, raw = fetch(edge + "/symptom-checker/")
        assert headers["X-Cache"] == "MISS" and "no-store" in headers["Cache-Control"]
        assert "csrftoken" in (raw.get("Set-Cookie") or "")
    cookie = SimpleCookie(raw.get("Set-Cookie"))["csrftoken"].value
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    # A verdict is the answer to a POST: never kept, and it is the visitor's own.
    data = urlencode({"csrfmiddlewaretoken": token, **VERDICT_ANSWERS["emergency"]}, doseq=True).encode()
    for _ in range(2):
        status, headers, body, _ = fetch(
            edge + "/symptom-checker/",
            data=data,
            headers={"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 200 and 'data-disposition="emergency"' in body
        assert headers["X-Cache"] == "MISS" and "no-store" in headers["Cache-Control"]
    # Not found, searches and editors' sessions are never kept either.
    assert [served_from(edge, "/no-such-page/") for _ in range(2)] == ["MISS", "MISS"]
    assert [served_from(edge, "/search/?q=slipped+disc") for _ in range(2)] == ["MISS", "MISS"]
    assert served_from(edge, "/articles/symptoms/", headers={"Cookie": "sessionid=abc"}) == "MISS"
    # Only this machine may purge.
    assert fetch(edge + "/", method="PURGE")[0] == 400  # loopback, but no keys named


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the edge did not change in time"
        time.sleep(0.1)


def test_an_article_edit_purges_its_pages_and_a_site_wide_change_purges_all(site):
    edge, env = site
    pages = ["/", "/articles/", "/articles/causes/", "/articles/what-is-a-back-spasm/", "/articles/prevention/",
             "/articles/home-treatment/", "/about-this-content/", "/sitemap.xml"]  # fmt: skip
    for path in pages:
        fetch(edge + path)
    assert all(served_from(edge, path) == "HIT" for path in pages)
    edit(env, "from backspasm_site.articles.models import Article; a = Article.objects.get(slug='causes'); "
              "a.title = 'What causes back spasms'; a.save()")  # fmt: skip
    # The article, the lists and the pages that link to it; not the pages that do not show it.
    wait_for(lambda: served_from(edge, "/articles/causes/") == "MISS")
    for path in [
        "/",
        "/articles/",
        "/articles/what-is-a-back-spasm/",
        "/articles/prevention/",
        "/sitemap.xml",
    ]:
        status, headers, body, _ = fetch(edge + path)
        assert headers["X-Cache"] == "MISS", path
    assert "What causes back spasms" in fetch(edge + "/articles/what-is-a-back-spasm/")[2]
    assert served_from(edge, "/articles/home-treatment/") == "HIT"  # it does not show the causes article
    assert served_from(edge, "/about-this-content/") == "HIT"
    # The disclaimer is on every page: every page goes.
    edit(env, "from backspasm_site.core.models import SiteText; t = SiteText.objects.get(key='disclaimer'); "
              "t.title = 'Please read'; t.save()")  # fmt: skip
    wait_for(lambda: served_from(edge, "/about-this-content/") == "MISS")
    assert served_from(edge, "/articles/home-treatment/") == "MISS"
    assert "Please read" in fetch(edge + "/articles/home-treatment/")[2]


def test_readers_get_the_last_good_page_while_the_site_is_down_and_a_503_that_names_the_number(tmp_path):
    database = prepared_database(tmp_path, scratch_database_url(tmp_path, "edge_down"))
    with (
        gunicorn(database_url=database, workers=1, EDGE_CACHE_SECONDS="1") as server,
        varnish(backend_port=server.port, folder=tmp_path) as edge,
    ):
        assert fetch(edge + "/articles/causes/")[0] == 200
        time.sleep(1.5)  # past its s-maxage: from now on only the stale copy is left
        server.stop()
        deadline = time.monotonic() + 15
        status, headers, body, _ = fetch(edge + "/articles/causes/")
        while time.monotonic() < deadline and status != 200:
            time.sleep(0.5)
            status, headers, body, _ = fetch(edge + "/articles/causes/")
        assert status == 200 and "<h1>Causes of back spasms</h1>" in body
        status, headers, body, _ = fetch(edge + "/articles/diagnosis/")  # never fetched: nothing to give
        assert status == 503 and 'href="tel:999"' in body and "no-store" in headers["Cache-Control"]


def test_varnish_keeps_no_headers_in_its_log_but_still_logs_each_request(tmp_path):
    """deploy/varnish/varnishd.params masks header records: a staff session cookie or a Referer never
    reaches the shared-memory log that varnishlog (and anyone in the varnish group) reads."""
    import shutil
    import subprocess
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Answers(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    backend = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    try:
        with varnish(backend_port=backend.server_port, folder=tmp_path) as edge:
            secret = "sessionid=staff-session-4f1c"
            status = fetch(
                edge + "/articles/causes/", headers={"Cookie": secret, "Referer": "https://x/?q=bladder"}
            )[0]
            assert status == 200
            varnishlog = shutil.which("varnishlog") or "/usr/bin/varnishlog"
            log = subprocess.run(
                [varnishlog, "-d", "-n", str(tmp_path / "varnish"), "-g", "raw"],
                capture_output=True, text=True, timeout=20, check=True,
            ).stdout  # fmt: skip
    finally:
        backend.shutdown()
    assert "ReqURL" in log and "/articles/causes/" in log and "RespStatus" in log
    assert "staff-session" not in log and "bladder" not in log and "ReqHeader" not in log
