"""Light pages: every public page and verdict is at most 30 KB on first view, and static files are cheap.

"Transferred" is what a browser with an empty cache fetches for the page: the HTML and every stylesheet,
script, icon and image it links, each as sent (compressed when the site compresses it) with its headers.
"""

import re

import pytest
from django.test import Client

from .public_pages import VERDICT_ANSWERS, public_urls

pytestmark = pytest.mark.django_db

BUDGET = 30 * 1024
BROWSER = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}
SUBRESOURCE = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|icon)"[^>]*href|script[^>]+src|img[^>]+src)="([^"]+)"'
)
HASHED = re.compile(r"^/static/.+\.[0-9a-f]{12}\.(css|js|svg)$")


def transferred(response) -> int:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = sum(len(name) + len(value) + 4 for name, value in response.items())
    return len("HTTP/1.1 200 OK\r\n\r\n") + headers + len(body)


def first_view(client, response) -> tuple[int, dict[str, int]]:
    html = response.content.decode() if "Content-Encoding" not in response else client_plain(client, response)
    sizes = {"(page)": transferred(response)}
    for url in sorted(set(SUBRESOURCE.findall(html))):
        sub = client.get(url, **BROWSER)
        assert sub.status_code == 200, url
        sizes[url] = transferred(sub)
    return sum(sizes.values()), sizes


def client_plain(client, response) -> str:
    return client.get(response.wsgi_request.get_full_path()).content.decode()


def views(client):
    for url in public_urls():
        yield url, client.get(url, **BROWSER)
    for name, answers in VERDICT_ANSWERS.items():
        yield f"verdict {name}", client.post("/symptom-checker/", answers, **BROWSER)


def test_every_public_page_and_verdict_is_at_most_30_kb_on_first_view(site_content):
    client = Client()
    checked = 0
    for name, response in views(client):
        assert response.status_code == 200, name
        total, sizes = first_view(client, response)
        assert total <= BUDGET, f"{name}: {total} bytes {sizes}"
        checked += 1
    assert checked >= 3 + 10 + 3  # the fixed pages, the seeded articles, the three verdicts


def test_every_page_has_one_stylesheet_a_favicon_and_no_render_blocking_script(site_content):
    client = Client()
    for name, response in views(client):
        html = client_plain(client, response) if "Content-Encoding" in response else response.content.decode()
        assert len(re.findall(r'<link[^>]+rel="stylesheet"', html)) == 1, name
        assert re.search(r'<link[^>]+rel="icon"[^>]+href="/static/favicon\.[0-9a-f]{12}\.svg"', html), name
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "application/ld+json" in script or re.search(r"\b(defer|async)\b", script), (name, script)


def test_static_files_have_hashed_names_immutable_caching_and_brotli_and_gzip_copies(site_content):
    client = Client()
    home = client.get("/symptom-checker/").content.decode()
    files = [url for url in SUBRESOURCE.findall(home) if url.startswith("/static/")]
    assert {url.rsplit(".", 1)[1] for url in files} == {"css", "svg", "js"}
    for url in files:
        assert HASHED.match(url), url
        for accept, encoding in [("br, gzip", "br"), ("gzip", "gzip")]:
            response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
            assert response.status_code == 200
            assert (
                "max-age=31536000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
            )
            if not url.endswith(".svg"):  # too small to be worth compressing
                assert response.get("Content-Encoding") == encoding, (url, accept)


def test_the_stylesheet_is_small_and_uses_system_fonts(site_content):
    client = Client()
    url = re.search(r'href="(/static/css/[^"]+)"', client.get("/").content.decode()).group(1)
    response = client.get(url, HTTP_ACCEPT_ENCODING="br")
    css = client.get(url)
    text = b"".join(css.streaming_content).decode()
    assert transferred(response) <= 4 * 1024
    assert "@font-face" not in text and "@import" not in text
    assert re.search(r"font:[^;]*system-ui", text)
