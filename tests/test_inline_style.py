"""Pages paint in one round trip (issue 29): the stylesheet is inline, allowed by its CSP hash alone.

How long first paint takes on slow 3G is a figure for `make bench` (bench/first_paint.py), not a test. These
tests prove what makes it fast: no stylesheet to fetch before the page can paint, and Chromium applying the
inline one under the site's Content-Security-Policy (a wrong hash would leave the page unstyled).
"""

import base64
import hashlib
import re

import pytest

from backspasm_site.wsgi import application

from .test_page_weight import views
from .wsgi_client import Site

STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)
GUIDE = "/articles/first-days/"


def style_src(header: str) -> list[str]:
    directive = next(part.split() for part in header.split(";") if part.split()[:1] == ["style-src"])
    return directive[1:]


@pytest.mark.django_db
def test_every_page_allows_its_inline_style_by_hash_and_nothing_else_inline(site_content):
    for name, page in views():
        header = dict(page.headers)["Content-Security-Policy"]
        (css,) = STYLE.findall(page.html)
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        assert style_src(header) == ["'self'", f"'sha256-{digest}'"], name
        assert "unsafe" not in header, name
        assert " style=" not in page.html, name  # an inline style attribute would be blocked


@pytest.mark.django_db
def test_static_files_carry_the_same_style_hash_as_pages(site_content):
    site = Site(application)
    page = site.get("/")
    icon = re.search(r'<link[^>]+rel="icon"[^>]+href="([^"]+)"', page.body.decode()).group(1)
    assert site.get(icon)["Content-Security-Policy"] == page["Content-Security-Policy"]


# Every CSP violation the page reports, and the styles only the inline stylesheet sets.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
});
"""
STYLED = """() => {
  return {
    body: getComputedStyle(document.body).backgroundColor,
    skipLink: getComputedStyle(document.querySelector('.skip-link')).position,
    stylesheets: document.styleSheets.length,
    linked: [...document.styleSheets].filter(s => s.href).map(s => s.href),
    blocking: [...document.querySelectorAll('link[rel~=stylesheet]')]
      .filter(l => !l.media || matchMedia(l.media).matches).length,
  };
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/", GUIDE, "/symptom-checker/"])
def test_chromium_applies_the_inline_stylesheet_under_the_csp(page, live_server, site_content, path):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_VIOLATIONS)
    response = page.goto(live_server.url + path)
    assert "style-src 'self' 'sha256-" in response.headers["content-security-policy"]
    styled = page.evaluate(STYLED)
    # site.css: body { background: var(--bg) } (#f0f4f5); .skip-link is positioned off screen until focused.
    assert styled["body"] == "rgb(240, 244, 245)", styled
    assert styled["skipLink"] == "absolute", styled
    assert styled["stylesheets"] == 1 and styled["linked"] == [] and styled["blocking"] == 0, styled
    assert page.evaluate("window.__cspViolations") == []
    assert not [text for text in console if "Content Security Policy" in text]
