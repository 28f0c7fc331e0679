"""Security headers on every response, graded by Mozilla's HTTP Observatory scanner (the `httpobs` package).

The Observatory grades a site as a browser meets it: plain HTTP must redirect to HTTPS, and HTTPS must
carry HSTS. So the scan runs against the production settings served the production way: one gunicorn
terminating TLS itself, with a throwaway self-signed certificate that the scanner is given as its trusted
authority (`verify=<certificate>`, so certificates are still checked), and one plain-HTTP gunicorn whose only job is the redirect, as a load
balancer's port 80 would be. httpobs' local scanner (`httpobs.scanner.local.scan`) runs its own twelve
tests and its own scoring; nothing here re-implements them.
"""

import urllib.request

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from httpobs.scanner.local import scan

from .public_pages import STATIC_PAGES, public_urls
from .servers import gunicorn, prepared_database, self_signed_certificate

PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 60 + "-a-long-random-production-key-for-tests",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_BEHIND_PROXY": "0",  # gunicorn terminates TLS itself here: no proxy header to trust
}
# Pages a visitor or an editor can open with a GET; the admin sign-in page is the admin's public face.
EXTRA_PAGES = ["/admin/login/", "/symptom-checker/reminder.ics", "/no-such-page/"]


@pytest.fixture(scope="module")
def https_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("observatory")
    database_url = prepared_database(folder)
    tls = self_signed_certificate(folder)
    with gunicorn(database_url=database_url, workers=1, tls=tls, **PRODUCTION) as https_server:
        redirect_to = f"127.0.0.1:{https_server.port}"
        with gunicorn(
            database_url=database_url, workers=1, DJANGO_SECURE_SSL_HOST=redirect_to, **PRODUCTION
        ) as http_server:
            yield https_server, http_server, tls[0]


@pytest.mark.server
def test_every_page_scores_a_plus_on_the_mozilla_observatory(https_site, site_content, monkeypatch):
    https_server, http_server, certificate = https_site
    # requests lets these variables override a session's own `verify` (psf/requests#3829).
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    pages = public_urls() + EXTRA_PAGES
    assert len(pages) > len(STATIC_PAGES) + len(EXTRA_PAGES)  # the articles are there too
    grades = {}
    for path in pages:
        result = scan("127.0.0.1", http_port=http_server.port, https_port=https_server.port, path=path,
                      verify=str(certificate))  # fmt: skip
        assert "error" not in result, (path, result)
        failed = {name: test["result"] for name, test in result["tests"].items() if not test["pass"]}
        grades[path] = (result["scan"]["score"], result["scan"]["grade"], failed)
    print("\nObservatory (httpobs 0.9.3) score per page:")
    for path, (score, grade, failed) in grades.items():
        print(f"  {score:4d} {grade:2s} {path} {failed or ''}")
    below = {path: grade for path, grade in grades.items() if grade[0] < 100 or grade[1] != "A+"}
    assert not below, below


# django_db only keeps these next to the scan (pytest-django runs database tests first), so the two
# servers start once for the module.
@pytest.mark.server
@pytest.mark.django_db
def test_plain_http_redirects_to_https_and_https_carries_hsts(https_site):
    https_server, http_server, _ = https_site
    request = urllib.request.Request(http_server.url + "/articles/")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"] == f"https://127.0.0.1:{https_server.port}/articles/"
    with urllib.request.urlopen(
        https_server.url + "/articles/", context=https_server.ssl_context
    ) as response:
        assert response.headers["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csp_directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/articles/", "/symptom-checker/", "/admin/login/", "/no-such-page/"])
def test_every_response_carries_the_security_headers(client, site_content, path):
    client.get(path)
    response = client.get(path)  # the second time a public page comes from the page cache
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"]
    for directive in ("script-src", "img-src", "font-src", "connect-src", "form-action"):
        assert csp[directive] == ["'self'"], directive
    # Files from the site, and the one inline stylesheet by its hash (tests/test_inline_style.py).
    assert csp["style-src"][0] == "'self'" and len(csp["style-src"]) == 2
    assert csp["style-src"][1].startswith("'sha256-")
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )


@pytest.mark.django_db
def test_checker_verdict_and_admin_pages_carry_the_policy_too(client, site_content, admin_user):
    from .checker_steps import answer_checker
    from .public_pages import VERDICT_ANSWERS

    verdict = answer_checker(client, VERDICT_ANSWERS["emergency"])
    assert verdict.status_code == 200 and "frame-ancestors 'none'" in verdict["Content-Security-Policy"]
    client.force_login(admin_user)
    for path in ("/admin/", "/admin/articles/article/", "/admin/articles/article/add/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "script-src 'self'" in response["Content-Security-Policy"], path
        assert response["X-Frame-Options"] == "DENY", path


@pytest.mark.server
@pytest.mark.django_db
def test_static_files_carry_the_policy_too(https_site):
    https_server, _, _ = https_site
    css = staticfiles_storage.url("css/site.css")
    with urllib.request.urlopen(https_server.url + css, context=https_server.ssl_context) as r:
        assert r.status == 200
        assert "default-src 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Frame-Options"] == "DENY" and r.headers["X-Content-Type-Options"] == "nosniff"
