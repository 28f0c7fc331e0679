"""The HTTP cache in front, as production runs it: Debian's Varnish with deploy/varnish/backspasm.vcl before
gunicorn. It keeps public pages and nothing that belongs to one visitor, an edit purges exactly the pages it
shows (surrogate keys), and readers get the last good page when the site fails. Loopback only, bounded."""

import http.client
import re
import string
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage

from .public_pages import VERDICT_ANSWERS
from .servers import PURGE_TOKEN, gunicorn, manage, prepared_database, scratch_database_url, varnish

pytestmark = pytest.mark.edge


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, *, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with OPENER.open(request, timeout=10) as response:
            return (
                response.status,
                dict(response.headers),
                response.read().decode(errors="replace"),
                response.headers,
            )
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace"), error.headers


def served_from(edge, path, **kwargs) -> str:
    return fetch(edge + path, **kwargs)[1].get("X-Cache", "")


def edit(env, code: str) -> None:
    """Code run in another process (as an editor's request in a worker)."""
    manage("shell", "-c", code, env=env)


PUBLISH = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from backspasm_site.editorial import roles, services
from {module} import {model}

roles.bring_groups_in_line()


def reviewer(name):
    user, _ = get_user_model().objects.get_or_create(username=name, defaults={{"is_staff": True}})
    user.groups.add(Group.objects.get(name="Clinical reviewer"))
    return user


item = {model}.objects.get({lookup})
fields = {{name: value(item) for name, value in {fields}.items()}}
change = services.save_change(obj=item, values=fields, user=reviewer("writer"), reason="Clearer", submit=True)
services.publish(change=change, user=reviewer("checker"))
"""


def publish(env, model: str, lookup: str, fields: str) -> None:
    """A change published as editors publish it (editorial/services/), in another process: the service
    names the pages it changed, which are purged at the edge (`fields`: name -> a function of the item)."""
    module, name = model.rsplit(".", 1)
    edit(env, PUBLISH.format(module=module, model=name, lookup=lookup, fields=fields))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("edge")
    database = prepared_database(folder, scratch_database_url(folder, "edge"))
    with (
        gunicorn(database_url=database, workers=2) as server,
        varnish(backend_port=server.port, folder=folder) as edge,
    ):
        yield edge, {**server_env(database), "EDGE_PURGE": f"varnish:{edge}"}


def server_env(database):
    from .servers import base_env

    return base_env(DATABASE_URL=database)


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
    # A step's answers come back as a cookie on a redirect, and the result is read with it: neither is ever
    # kept, and the result is the visitor's own.
    data = urlencode({"csrfmiddlewaretoken": token, **VERDICT_ANSWERS["emergency"]}, doseq=True).encode()
    for _ in range(2):
        status, headers, _, raw = fetch(
            edge + "/symptom-checker/",
            data=data,
            headers={"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"},
        )
        assert status == 303 and headers["Location"] == "/symptom-checker/result/", status
        assert headers["X-Cache"] == "MISS" and "no-store" in headers["Cache-Control"]
        answers = SimpleCookie(raw.get("Set-Cookie"))["checker_answers"].value
        status, headers, body, _ = fetch(
            edge + "/symptom-checker/result/",
            headers={"Cookie": f"csrftoken={cookie}; checker_answers={answers}"},
        )
        assert status == 200 and 'data-disposition="emergency"' in body
        assert headers["X-Cache"] == "MISS" and "no-store" in headers["Cache-Control"]
    # However the address is spelled, the checker's cookies reach it (the edge reads the address once spelled
    # plainly): a visitor is never shown a result without their answers.
    for spelling in ["/%73ymptom-checker/result/", "/symptom-checker%2Fresult/", "//symptom-checker/result/"]:
        headers = {"Cookie": f"csrftoken={cookie}; checker_answers={answers}"}
        assert 'data-disposition="emergency"' in fetch(edge + spelling, headers=headers)[2], spelling
    status, _, body, _ = fetch(edge + "/symptom-checker/result/")  # without the cookie: no one's result
    assert 'data-disposition="emergency"' not in body
    # Not found, searches and editors' sessions are never kept either.
    assert [served_from(edge, "/no-such-page/") for _ in range(2)] == ["MISS", "MISS"]
    assert [served_from(edge, "/search/?q=slipped+disc") for _ in range(2)] == ["MISS", "MISS"]
    assert "no-store" in fetch(edge + "/search/?q=slipped+disc")[1]["Cache-Control"]  # nor by a browser
    assert served_from(edge, "/articles/symptoms/", headers={"Cookie": "sessionid=abc"}) == "MISS"
    # A purge from an allowed address with the token, but no keys named.
    assert fetch(edge + "/", method="PURGE", headers={"Authorization": f"Bearer {PURGE_TOKEN}"})[0] == 400


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
    publish(env, "backspasm_site.articles.models.Article", "slug='causes'",
            "{'title': lambda a: 'What causes back spasms'}")  # fmt: skip
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
    publish(env, "backspasm_site.core.models.SiteText", "key='disclaimer'",
            "{'title': lambda t: 'Please read'}")  # fmt: skip
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
        assert_the_sites_own_headers_and_no_word_of_varnish(headers, body)


SECURITY_HEADERS = ["Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                    "Cross-Origin-Opener-Policy", "Permissions-Policy"]  # fmt: skip


def assert_the_sites_own_headers_and_no_word_of_varnish(headers, body):
    assert not [name for name in SECURITY_HEADERS if name not in headers], headers
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    seen = (body + " ".join(f"{name}: {value}" for name, value in headers.items())).lower()
    assert "varnish" not in seen and "guru" not in seen, seen


def test_varnishs_own_pages_carry_the_sites_security_headers_and_do_not_name_it(site):
    edge, _ = site
    status, headers, body, _ = purge(edge, "site", token=None)  # refused: Varnish answers it itself
    assert status == 403
    assert_the_sites_own_headers_and_no_word_of_varnish(headers, body)
    # And an ordinary page of its own (the HTML one, for anything but a purge): a method it does not take.
    status, headers, body, _ = fetch(edge + "/articles/causes/", method="BREW")
    assert status == 405 and "In an emergency, call" in body
    assert_the_sites_own_headers_and_no_word_of_varnish(headers, body)


def test_the_sites_answers_made_before_its_security_middleware_get_its_headers_from_the_edge(site):
    """The health checks, Django's 301 that adds a slash, its 400 for an unknown Host and gunicorn's own 400
    for a request line it cannot read are answered before (or without) the middleware that sets the security
    headers: the edge adds each one missing (an address too long for gunicorn is the edge's own 414)."""
    import socket

    edge, _ = site
    host, port = edge.removeprefix("http://").split(":")

    def sent_as_is(target: bytes):  # a byte no client library would send
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(
                b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
            response = http.client.HTTPResponse(connection)
            response.begin()
            return response.status, dict(response.getheaders()), response.read().decode(errors="replace")

    answers = {
        "gunicorn's 400": sent_as_is(b"/articles/\xff/"),
        "unknown Host": fetch(edge + "/articles/", headers={"Host": "evil.example"})[:3],
        "slash added": fetch(edge + "/articles/symptoms")[:3],
        "long address": fetch(edge + "/articles/" + "a" * 4100 + "/")[:3],
        **{path: fetch(edge + path)[:3] for path in ["/healthz", "/readyz", "/livez"]},
    }
    assert [status for status, *_ in answers.values()] == [400, 400, 301, 414, 200, 200, 200]
    assert "Invalid Request Line" in answers["gunicorn's 400"][2]  # gunicorn's page, not Django's
    for _, headers, body in answers.values():
        assert_the_sites_own_headers_and_no_word_of_varnish(headers, body)


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


def test_no_log_ties_what_a_reader_searched_for_to_their_address(tmp_path):
    """Neither Varnish's shared-memory log (the varnish group reads it) nor gunicorn's access log holds the
    reader's address beside a search's words: varnishd.params masks the address records (SessOpen,
    ReqStart, Proxy), and gunicorn.conf.py logs the path without the query string or the address."""
    import shutil
    import subprocess

    database = prepared_database(tmp_path, scratch_database_url(tmp_path, "edge_logs"))
    reader = "127.0.0.5"  # not the edge's or gunicorn's own address, which their logs may name
    with (
        gunicorn(database_url=database, workers=1, GUNICORN_ACCESS_LOG="-") as server,
        varnish(backend_port=server.port, folder=tmp_path) as edge,
    ):
        for base in (edge, server.url):
            assert request_from(reader, base, "GET", "/search/?q=my+legs+are+numb") == 200
        varnishlog = shutil.which("varnishlog") or "/usr/bin/varnishlog"
        log = subprocess.run(
            [varnishlog, "-d", "-n", str(tmp_path / "varnish"), "-g", "raw"],
            capture_output=True, text=True, timeout=20, check=True,
        ).stdout  # fmt: skip
        access_log = server.output()
    assert "/search/?q=my+legs+are+numb" in log  # still there to debug with, but nobody's
    assert reader not in log and not re.search(r"\b(SessOpen|ReqStart|Proxy)\b", log), log
    assert '"GET /search/" 200' in access_log
    assert reader not in access_log and "numb" not in access_log, access_log


# --- nobody outside can poison, empty or fill the cache (issue 31) --------------------------------------

# Every header gunicorn or Django would believe about a request, as a client would forge them.
FORGED = {
    "SCRIPT_NAME": "/articles/when-to-get-help",
    "Script-Name": "/articles/when-to-get-help",
    "PATH_INFO": "/",
    "REMOTE_USER": "admin",
    "X-Forwarded-For": "203.0.113.9",
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-Port": "1",
    "X-Forwarded-Prefix": "/articles",
    "X-Forwarded-Protocol": "ssl",
    "X-Forwarded-Ssl": "on",
    "X-Forwarded-Scheme": "https",
    "X-Forwarded-Server": "evil.example",
    "Forwarded": "for=203.0.113.9;host=evil.example;proto=https",
    "X-Real-IP": "203.0.113.9",
    "True-Client-IP": "203.0.113.9",
    "X-Original-URL": "/",
    "X-Rewrite-URL": "/",
    # The names of the VCL's own working headers (one_address_per_page): never a client's to pass on.
    "x-path": "/admin/",
    "x-query": "?next=/admin/",
}


@pytest.fixture(scope="module")
def headers_seen(tmp_path_factory):
    """A Varnish in front of a backend that writes down the headers of each request it gets."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(dict(self.headers.items()))
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    backend = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    try:
        with varnish(backend_port=backend.server_port, folder=tmp_path_factory.mktemp("headers")) as edge:
            yield edge, seen
    finally:
        backend.shutdown()


def test_the_edge_drops_every_header_a_client_could_forge_and_sets_its_own(headers_seen):
    edge, seen = headers_seen
    status = fetch(edge + "/articles/causes/", headers={**FORGED, "X-Forwarded-Proto": "https"})[0]
    assert status == 200
    got = {name.lower(): value for name, value in seen[-1].items()}
    assert not {name.lower() for name in FORGED} - {"x-forwarded-for"} & set(got), got
    assert got["x-forwarded-for"] == "127.0.0.1"  # the reader's own address, as Varnish saw it
    assert "x-forwarded-proto" not in got  # plain HTTP from a client, not a TLS terminator


@pytest.mark.parametrize("header", sorted(FORGED))
def test_no_header_a_client_sends_can_store_another_page_under_an_articles_address(site, header):
    edge, env = site
    article = "/articles/when-to-get-help/"
    # As after an editor's change to every page: Django's page cache and the edge both forget every page.
    edit(env, "from backspasm_site.page_cache import edge; edge.content_changed(keys=['site'])")
    purge(edge, "site")
    fetch(edge + article, headers={header: FORGED[header], "Accept-Encoding": "gzip"})
    status, headers, body, _ = fetch(edge + article, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers["X-Cache"] == "HIT"
    assert_is_the_article(edge, article)


def assert_is_the_article(edge, article):
    status, headers, body, _ = fetch(edge + article, headers={"Accept-Encoding": "identity"})
    assert status == 200 and "<h1>When to get help for a back spasm</h1>" in body, body[:500]


def test_gunicorn_believes_no_path_prefix_even_from_the_edges_address(site, tmp_path):
    """gunicorn.conf.py's forwarder_headers: a SCRIPT_NAME from 127.0.0.1 (the edge's address) is not a path
    prefix, so the site behind any proxy that passes it on still renders the page asked for."""
    _, env = site
    with gunicorn(database_url=env["DATABASE_URL"], workers=1) as server:
        status, _, body, _ = fetch(
            server.url + "/articles/when-to-get-help/", headers={"SCRIPT_NAME": "/articles/when-to-get-help"}
        )
        assert status == 200 and "<h1>When to get help for a back spasm</h1>" in body


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 60 + "-a-long-random-production-key-for-tests",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_TRUSTED_PROXIES": "127.0.0.1",
}


def test_under_production_settings_no_forged_header_stores_another_page(tmp_path):
    """As production runs: HTTPS told by a TLS terminator in front (here the test itself, on loopback:
    EDGE_TLS_FROM), so the terminator's X-Forwarded-Proto is believed, and the client's other headers are not."""
    database = prepared_database(tmp_path, scratch_database_url(tmp_path, "edge_production"))
    with (
        gunicorn(database_url=database, workers=1, **PRODUCTION) as server,
        varnish(backend_port=server.port, folder=tmp_path, EDGE_TLS_FROM="127.0.0.1", **PRODUCTION) as edge,
    ):
        article = "/articles/when-to-get-help/"
        https = {"X-Forwarded-Proto": "https"}
        for header, value in FORGED.items():
            purge(edge, "site")
            fetch(edge + article, headers={**https, header: value, "Accept-Encoding": "gzip"})
            status, headers, body, _ = fetch(edge + article, headers={**https, "Accept-Encoding": "identity"})
            assert status == 200 and "<h1>When to get help for a back spasm</h1>" in body, (
                header,
                body[:300],
            )
        # Plain HTTP from the terminator is redirected, and the redirect is not kept for HTTPS readers.
        assert fetch(edge + article)[0] == 301
        longest = article + "?" + '"' * (2047 - len(article))  # its Location is over 6 KB: not a 503
        assert fetch(edge + longest)[1]["Location"].startswith("https://127.0.0.1")
        assert fetch(edge + article, headers=https)[0] == 200


def purge(edge, keys, token=PURGE_TOKEN, **kwargs):
    headers = {"xkey-purge": keys, **({"Authorization": f"Bearer {token}"} if token else {})}
    return fetch(edge + "/", method="PURGE", headers=headers, **kwargs)


def test_each_spelling_of_a_pages_address_is_the_one_stored_copy(site):
    """Spellings the edge rewrites are the page's one stored copy. A path with a letter, digit, -._~ or "/"
    %-encoded (the same page to the site; no browser writes one) is the page, from the site, never stored,
    however long: decoded at the edge in 67 rewrites, a 1.3 KB one ran out of workspace (a 503)."""
    edge, _ = site
    fetch(edge + "/articles/causes/")
    assert served_from(edge, "/articles/causes/") == "HIT"
    rewritten = ["/articles//causes/", "//articles///causes/", "/articles/causes/?", "/articles//causes/?"]
    for spelling in rewritten:
        assert served_from(edge, spelling) == "HIT", spelling
    every = "".join(f"%{ord(char):02X}" for char in string.ascii_letters + string.digits + "-._~/")
    assert fetch(edge + "/articles/" + every + "a" * 1100 + "/")[0] == 404  # before: 503, "VCL failed"
    encoded = ["/%61rticles/causes/", "/%61%72%74%69%63%6C%65%73/%63auses/", "/articles/caus%65s/",
               "/%61rticles//causes/?", "/%61rti%63%6ces/causes/", "/articles%2Fcauses/", "/articles%2fcauses%2F"]  # fmt: skip
    for spelling in encoded:
        for _ in range(2):
            status, headers, body, _ = fetch(edge + spelling, headers={"Accept-Encoding": "identity"})
            assert status == 200 and headers["X-Cache"] == "MISS", spelling
            # The causes page (another test in this module may have renamed it: its title is not the test).
            assert 'seen.gif?page=/articles/causes/"' in body and re.search(r"<h1>[^<]*auses", body), spelling
    # The port or a trailing dot in Host makes no copy of its own either.
    for host in ["127.0.0.1:1", "127.0.0.1.", "127.0.0.1"]:
        assert served_from(edge, "/articles/causes/", headers={"Host": host}) == "HIT", host


# Query strings a shared link can carry. The edge strips the first whole (edge.TRACKING_PARAMETER): the plain
# page. The site reads the others with the same pattern and never marks them shareable, so none is a stored
# copy of its own (before, each of the first five was one, for a day: 3,000 filled a 64 MB store).
STRIPPED = ["utm_source=newsletter&fbclid=x", "fbclid=1&gclid=", "&&utm_campaign=spring&", "utm_source=x;a=1"]
KEPT = ["utm_1=x", "utm_", "utm_source", "utm_a+b=1", "fbclid", "UTM_SOURCE=x", "utm_source[]=x",
        "utm_source=x&a", "a=1&utm_source=x", "%75tm_source=x", "q=numb+legs", "&", "&&", "?", "?&"]  # fmt: skip


def test_a_query_string_is_the_plain_pages_copy_or_never_stored(site):
    edge, _ = site
    fetch(edge + "/articles/symptoms/")
    for query in STRIPPED + KEPT:
        seen = [served_from(edge, f"/articles/symptoms/?{query}") for _ in range(2)]
        assert seen == (["HIT", "HIT"] if query in STRIPPED else ["MISS", "MISS"]), query


def test_a_fragment_an_address_encoded_twice_or_an_empty_absolute_path_make_no_copy_and_no_error(site):
    """Spellings a client can send but a browser does not (a review found each): a fragment is dropped, as
    gunicorn drops it; an address encoded twice over is the site's 404; GET http://host is the home page."""
    edge, _ = site
    host, port = edge.split("//")[1].split(":")

    def sent_as_is(target):  # urllib would drop the fragment and rewrite the absolute form
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            connection.request("GET", target, headers={"Host": f"{host}:{port}"})
            response = connection.getresponse()
            return (
                response.status,
                response.getheader("X-Cache", ""),
                response.read().decode(errors="replace"),
            )
        finally:
            connection.close()

    fetch(edge + "/articles/causes/")
    for target in ["/articles/causes/#0", "/articles/causes/#1"]:
        assert sent_as_is(target)[:2] == (200, "HIT"), target
    assert sent_as_is("/%61rticles/causes/#x?y")[:2] == (200, "MISS")  # the site's page, never stored
    assert sent_as_is("/articles/%%36%33auses/")[:2] == (404, "MISS")  # %%36%33 is %63 is "c"
    assert sent_as_is(f"http://{host}:{port}")[0] == 200  # before: 503, "VCL failed"


def test_an_address_over_2_kb_is_a_414_and_one_under_it_still_redirects(site):
    """Django's redirect to the address with a slash repeats the query %-encoded: 3,000 quotes made a 9 KB
    Location, over Varnish's 8 KB header limit, and the reader got the 503 page. The edge now answers 414 for
    anything over 2 KB, and the longest address it passes still gets its redirect."""
    edge, _ = site
    status, headers, body, _ = fetch(edge + "/articles/symptoms?" + '"' * 3000)
    assert status == 414 and "In an emergency, call" in body  # before: 503
    assert_the_sites_own_headers_and_no_word_of_varnish(headers, body)
    longest = "/articles/symptoms?" + '"' * (2048 - len("/articles/symptoms?"))
    status, headers, _, _ = fetch(edge + longest)
    assert status == 301 and headers["Location"] == "/articles/symptoms/?" + "%22" * (len(longest) - 19)
    assert fetch(edge + longest + '"')[0] == 414


def test_a_body_over_20_mb_is_refused_by_the_edge_before_it_is_sent(site):
    """Varnish answers 413 from the Content-Length alone (vcl_recv, before cache_req_body): the 21 MB are never
    read or passed to the site. A small body still reaches the site (its CSRF check answers 403)."""
    import socket

    edge, _ = site
    host, port = edge.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            b"POST /symptom-checker/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 21000000\r\n\r\na=b"
        )  # three bytes of the 21 MB announced: the answer comes without the rest
        answer = connection.recv(65536).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413 Request too large"), answer[:200]
    assert "In an emergency, call" in answer and "Varnish" not in answer
    small = fetch(edge + "/symptom-checker/", data=b"a=b", method="POST",
                  headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert small[0] == 403 and "X-Cache" in small[1]  # the site's answer, passed through


def test_a_body_larger_than_a_readers_form_is_refused_except_on_editors_addresses(site):
    """Varnish holds each body in memory until it is whole: only editors' addresses (admin, markdownx's
    uploads, the editors' checks) take up to 20 MB; any other takes what the site reads of a form
    (DATA_UPLOAD_MAX_MEMORY_SIZE, 256 KB). Before, 20 MB to any address was buffered and passed on."""
    edge, _ = site
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    body = b"comment=" + b"x" * 300_000
    for path in ["/feedback/", "/symptom-checker/", "/articles/causes/"]:
        status, headers, page, _ = fetch(edge + path, data=body, method="POST", headers=form)
        assert status == 413 and "In an emergency, call" in page, path  # before: the site's 400, 403 or 405
        assert "X-Cache" not in headers  # the edge's own answer
    status, headers, _, _ = fetch(edge + "/admin/login/", data=body, method="POST", headers=form)
    assert status == 403 and "X-Cache" in headers  # reached the site (its CSRF check refuses it)


def test_a_reader_who_refuses_an_encoding_never_gets_it(site):
    edge, _ = site
    page = "/articles/prevention/"
    fetch(edge + page, headers={"Accept-Encoding": "gzip"})  # a gzip copy is stored
    for taking in ["gzip", "br, gzip", "gzip;q=0.5, br"]:  # pages come gzipped (GZipMiddleware)
        assert fetch(edge + page, headers={"Accept-Encoding": taking})[1].get("Content-Encoding") == "gzip"
    for refusing in ["gzip;q=0", "br, gzip; q=0", "GZIP;Q=0.000", "identity"]:
        headers = fetch(edge + page, headers={"Accept-Encoding": refusing})[1]
        assert "Content-Encoding" not in headers, refusing
    css = staticfiles_storage.url("css/site.css")  # static files also come in Brotli
    assert fetch(edge + css, headers={"Accept-Encoding": "gzip, br"})[1]["Content-Encoding"] == "br"
    assert fetch(edge + css, headers={"Accept-Encoding": "gzip, br;q=0"})[1]["Content-Encoding"] == "gzip"


def test_a_purge_needs_the_token_as_well_as_an_allowed_address(site):
    edge, _ = site
    fetch(edge + "/articles/symptoms/")
    # From this machine (what a TLS terminator on it would pass on from anyone), without the token or with
    # a wrong one: refused, and nothing is purged.
    assert purge(edge, "site", token=None)[0] == 403
    assert purge(edge, "site", token="not-" + PURGE_TOKEN)[0] == 403
    assert served_from(edge, "/articles/symptoms/") == "HIT"
    # With the token, but from an address not allowed to purge (127.0.0.2, not in EDGE_PURGE_FROM).
    assert purge_from("127.0.0.2", edge, "site") == 403
    assert served_from(edge, "/articles/symptoms/") == "HIT"
    status, _, body, _ = purge(edge, "site")
    assert status == 200 and body.startswith("Purged ")
    assert served_from(edge, "/articles/symptoms/") == "MISS"


def purge_from(source: str, edge: str, keys: str) -> int:
    """A purge with the token sent from `source` (a loopback address of this machine)."""
    headers = {"xkey-purge": keys, "Authorization": f"Bearer {PURGE_TOKEN}"}
    return request_from(source, edge, "PURGE", "/", headers)


def request_from(source: str, base: str, method: str, path: str, headers=None) -> int:
    """A request sent from `source` (a loopback address of this machine): its status."""
    from urllib.parse import urlsplit

    where = urlsplit(base)
    connection = http.client.HTTPConnection(
        where.hostname, where.port, timeout=10, source_address=(source, 0)
    )
    try:
        connection.request(method, path, headers=headers or {})
        return connection.getresponse().status
    finally:
        connection.close()


def test_an_edit_purges_every_varnish_host_each_allowing_the_sites_address(site, tmp_path):
    """Several hosts, as the README sets them up: each Varnish lists the site's instances in EDGE_PURGE_FROM
    (the second here, on another address, lists 127.0.0.1/32 only), and EDGE_PURGE names them all."""
    edge, env = site
    with (
        gunicorn(database_url=env["DATABASE_URL"], workers=1,
                 DJANGO_ALLOWED_HOSTS="127.0.0.1,127.0.0.3") as backend,
        varnish(backend_port=backend.port, folder=tmp_path, address="127.0.0.3",
                EDGE_PURGE_FROM="127.0.0.1/32") as other,
    ):  # fmt: skip
        assert purge_from("127.0.0.2", other, "site") == 403  # not in its list
        for each in (edge, other):
            fetch(each + "/articles/diagnosis/")
            assert served_from(each, "/articles/diagnosis/") == "HIT"
        publish({**env, "EDGE_PURGE": f"varnish:{edge},{other}"}, "backspasm_site.articles.models.Article",
                "slug='diagnosis'", "{'summary': lambda a: a.summary + '.'}")  # fmt: skip
        for each in (edge, other):
            wait_for(lambda each=each: served_from(each, "/articles/diagnosis/") == "MISS")


def test_make_edge_fills_in_the_emergency_number_and_purges_with_its_token(tmp_path):
    """`make edge` itself (its set-up steps skipped: -o): the VCL it writes names EMERGENCY_NUMBER (its sed
    wrote a literal `${EMERGENCY_NUMBER:-999}`), and an edit purges through it with the token it shares."""
    import os
    import signal
    import subprocess

    from .servers import ROOT, base_env, free_port

    database = prepared_database(tmp_path, scratch_database_url(tmp_path, "make_edge"))
    port, edge_port = free_port(), free_port()
    env = base_env(DATABASE_URL=database, EMERGENCY_NUMBER="112", WEB_CONCURRENCY="1")
    make = subprocess.Popen(
        ["make", "-o", "static", "-o", "content", "-o", "varnish", "edge", f"PORT={port}", f"EDGE_PORT={edge_port}"],
        cwd=ROOT, env=env, stdout=(tmp_path / "make.log").open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    edge = f"http://127.0.0.1:{edge_port}"
    try:
        wait_for(lambda: fetch_or_none(edge + "/articles/causes/") == 200, seconds=60)
        vcl = (ROOT / "var" / "varnish" / "backspasm.vcl").read_text()
        assert 'href="tel:112"' in vcl and "${" not in vcl and "@EMERGENCY_NUMBER@" not in vcl
        assert served_from(edge, "/articles/causes/") == "HIT"
        publish({**env, "EDGE_PURGE": f"varnish:{edge}"}, "backspasm_site.articles.models.Article",
                "slug='causes'", "{'summary': lambda a: a.summary + '.'}")  # fmt: skip
        wait_for(lambda: served_from(edge, "/articles/causes/") == "MISS")
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait(timeout=30)


def fetch_or_none(url):
    try:
        return fetch(url)[0]
    except OSError:
        return None
