"""The one markdown renderer of the site: pages, checker advice and the admin preview all use it.

django-markdownx would render raw HTML as it is (CVE-2024-2319), so every piece of markdown is cleaned
here with an allow-list (nh3) before it can reach a browser.
"""

import re
from html.parser import HTMLParser

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


class HtmlParts(HTMLParser):
    """The headings (level, text), images (src, alt) and links (text, href) of rendered HTML, in the order a
    reader meets them, for the writing checks, the link checks and the review's comparison. A picture inside
    a link adds "[image: alt]" to the link's text when asked (the review shows it)."""

    def __init__(self, html: str, *, image_in_link_text: bool = False):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.images: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self._image_in_link_text = image_in_link_text
        self._link: list[str] | None = None  # [href, text so far]
        self._heading: list | None = None  # [level, text so far]
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self._link = [a.get("href") or "", ""]
        elif tag == "img":
            alt = (a.get("alt") or "").strip()
            self.images.append((a.get("src") or "", alt))
            if self._link is not None and self._image_in_link_text:
                self._link[1] += f"[image: {alt or 'no description'}]"
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]

    def handle_data(self, data):
        for open_element in (self._link, self._heading):
            if open_element is not None:
                open_element[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append((" ".join(self._link[1].split()), self._link[0]))
            self._link = None
        elif re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None
