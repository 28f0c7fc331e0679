"""The one markdown renderer of the site: pages, checker advice and the admin preview all use it.

django-markdownx would render raw HTML as it is (CVE-2024-2319), so every piece of markdown is cleaned
here with an allow-list (nh3) before it can reach a browser.
"""

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i",
    "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# The page template owns the only <h1>; a "# Heading" in a body becomes an <h2>.
_H1 = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def render_markdown(text: str) -> str:
    """Convert editor markdown to safe HTML."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists", "tables"], output_format="html")
    html = _H1.sub(r"<\1h2", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener",
        strip_comments=True,
    )


def render_body(content) -> None:
    """Before a save: tidy a content object's markdown `body` and render it into `body_html`, once.

    Browsers post CRLF; one line ending keeps history diffs and content/ files clean.
    """
    content.body = content.body.replace("\r\n", "\n")
    content.body_html = render_markdown(content.body)


def plain_text(html: str) -> str:
    """The readable text of rendered HTML, for search, reading-age figures and checks."""
    text = nh3.clean(html, tags=set())
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return re.sub(r"\s+", " ", text).strip()
