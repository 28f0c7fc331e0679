"""Light pages: every public page and verdict is at most 30 KB on first view, and static files are cheap.

"Transferred" is what a browser with an empty cache fetches for the page: the HTML and every stylesheet,
script, icon and image it links, each as sent (compressed when the site compresses it) with its headers.
"""

import gzip
import re
from dataclasses import dataclass

import brotli
import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client

from backspasm_site.wsgi import application

from .checker_steps import answer_checker
from .public_pages import VERDICT_ANSWERS, public_urls
from .wsgi_client import Site

pytestmark = pytest.mark.django_db

BUDGET = 30 * 1024
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
SUBRESOURCE = re.compile(
    r'<(?:link[^>]+rel="(?:stylesheet|icon)"[^>]*href|script[^>]+src|img[^>]+src)="([^"]+)"'
)
HASHED = re.compile(r"^/static/.+\.[0-9a-f]{12}\.(css|js|svg)$")
DECODE = {None: bytes, "br": brotli.decompress, "gzip": gzip.decompress}


@dataclass
class Sent:
    """A page as the site sends it: status, headers and body (compressed where the site compresses)."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def transferred(self) -> int:
        head = sum(len(name) + len(value) + 4 for name, value in self.headers)
        return len("HTTP/1.1 200 OK\r\n\r\n") + head + len(self.body)

    @property
    def html(self) -> str:
        return DECODE[dict(self.headers).get("Content-Encoding")](self.body).decode()


def views():
    """Every public page as the WSGI application sends it (cached and compressed, as in production), and
    each verdict (a POST, compressed by GZipMiddleware with its BREACH mitigation)."""
    site, client = Site(application), Client()
    for url in public_urls():
        answer = site.get(url, headers=BROWSER)
        yield url, Sent(answer.status, list(answer.headers.items()), answer.body)
    for name, answers in VERDICT_ANSWERS.items():
        response = answer_checker(client, answers, HTTP_ACCEPT_ENCODING=BROWSER["Accept-Encoding"])
        yield f"verdict {name}", Sent(response.status_code, list(response.items()), response.content)


def first_view(page: Sent) -> tuple[int, dict[str, int]]:
    site = Site(application)
    sizes = {"(page)": page.transferred}
    for url in sorted(set(SUBRESOURCE.findall(page.html))):
        sub = site.get(url, headers=BROWSER)
        assert sub.status == 200, url
        sizes[url] = Sent(sub.status, list(sub.headers.items()), sub.body).transferred
    return sum(sizes.values()), sizes


def test_every_public_page_and_verdict_is_at_most_30_kb_on_first_view(site_content):
    checked = 0
    for name, page in views():
        assert page.status == 200, name
        total, sizes = first_view(page)
        assert total <= BUDGET, f"{name}: {total} bytes {sizes}"
        checked += 1
    assert checked >= 3 + 10 + 3  # the fixed pages, the seeded articles, the three verdicts


def test_every_page_has_its_stylesheet_inline_a_favicon_and_no_render_blocking_script(site_content):
    for name, page in views():
        html = page.html
        # The stylesheet is in the page (core/inline_style.py): nothing to fetch before first paint.
        assert not re.search(r'<link[^>]+rel="stylesheet"', html), name
        assert len(re.findall(r"<style>", html)) == 1, name
        assert re.search(r'<link[^>]+rel="icon"[^>]+href="/static/favicon\.[0-9a-f]{12}\.svg"', html), name
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "application/ld+json" in script or re.search(r"\b(defer|async)\b", script), (name, script)


def test_static_files_have_hashed_names_immutable_caching_and_brotli_and_gzip_copies(site_content):
    site = Site(application)  # static files are answered by WhiteNoise's middleware
    home = site.get("/symptom-checker/").body.decode()
    files = [url for url in SUBRESOURCE.findall(home) if url.startswith("/static/")]
    files.append(staticfiles_storage.url("css/site.css"))  # the file pages inline, still served
    assert {url.rsplit(".", 1)[1] for url in files} == {"css", "svg", "js"}
    for url in files:
        assert HASHED.match(url), url
        for accept, encoding in [("br, gzip", "br"), ("gzip", "gzip")]:
            response = site.get(url, headers={"Accept-Encoding": accept})
            assert response.status == 200
            assert (
                "max-age=31536000" in response["Cache-Control"] and "immutable" in response["Cache-Control"]
            )
            if not url.endswith(".svg"):  # too small to be worth compressing
                assert response.get("Content-Encoding") == encoding, (url, accept)


def test_the_stylesheet_is_small_and_uses_system_fonts(site_content):
    text = re.search(r"<style>(.*?)</style>", Site(application).get("/").body.decode(), re.DOTALL).group(1)
    assert len(brotli.compress(text.encode())) <= 4 * 1024  # what it adds to every page, compressed
    assert "@font-face" not in text and "@import" not in text
    assert re.search(r"font:[^;]*system-ui", text)
