"""What an editor is told about a page's text, in plain words: warnings, never a reason to refuse a save.

Both the live check while editing (views.quality_check, static/js/article-quality.js) and the messages
after a save (admin.py) call `for_editor`, so the editor reads the same words in both places.
"""

import re
from html.parser import HTMLParser

import markdown as markdown_lib

from backspasm_site.core.markdown import plain_text, render_markdown

from . import readability

# Link text that says nothing about where the link goes (screen-reader users often list links alone).
VAGUE_LINK_TEXT = {
    "click here",
    "here",
    "read more",
    "this link",
    "more",
    "click",
    "link",
    "this page",
    "this",
}


class _Parts(HTMLParser):
    """The headings (level, text), images (src, alt) and links (text, href) of rendered HTML, in order."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.images: list[tuple[str, str]] = []
        self.links: list[tuple[str, str]] = []
        self._open: tuple[str, object] | None = None
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.images.append((a.get("src") or "", (a.get("alt") or "").strip()))
        elif re.fullmatch(r"h[1-6]", tag):
            self._open, self._text = (tag, int(tag[1])), []
        elif tag == "a":
            self._open, self._text = ("a", a.get("href") or ""), []

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if not self._open or tag != self._open[0]:
            return
        text = " ".join("".join(self._text).split())
        if tag == "a":
            self.links.append((text, self._open[1]))
        else:
            self.headings.append((self._open[1], text))
        self._open = None


def grade_line(grade: float) -> str:
    return f"Reading grade: {grade:.1f} (the site aims at {readability.aim():.0f} or lower)"


def grade_warning(grade: float) -> list[str]:
    if grade <= readability.aim():
        return []
    return [
        f"The reading grade is {grade:.1f}, above the site's aim of {readability.aim():.0f}: "
        "shorter sentences and everyday words bring it down."
    ]


def image_warnings(parts: _Parts) -> list[str]:
    return [
        f"The image {src or '(no file)'} has no description (alt text): say what it shows between the "
        "square brackets, e.g. ![A person stretching their back](stretch.png)."
        for src, alt in parts.images
        if not alt
    ]


def heading_warnings(body: str) -> list[str]:
    # Read from the markdown as written: the page shows a "# " heading as a section heading (core/markdown),
    # so only the source says the editor meant a second main heading.
    written = _Parts(markdown_lib.markdown(body or "", extensions=["sane_lists", "tables"]))
    found = []
    previous = 1  # the page's title is its one main heading (templates/articles/detail.html)
    for level, text in written.headings:
        if level == 1:
            found.append(
                f"The heading “{text}” starts with a single #, a main heading, but the page title is already "
                "the main heading: start sections with “## ”."
            )
            level = 2  # shown as a section heading
        elif level > previous + 1:
            found.append(
                f"The heading “{text}” jumps from level {previous} to level {level}: use "
                f"“{'#' * (previous + 1)} ” so the page's outline has no gaps (screen readers move by it)."
            )
        previous = level
    return found


def link_text_warnings(parts: _Parts) -> list[str]:
    return [
        f"The link “{text}” ({href}) does not say where it goes: use words that name the page, "
        "e.g. “how to ease a spasm at home”."
        for text, href in parts.links
        if text.lower().strip(" .!:…") in VAGUE_LINK_TEXT
    ]


def check(body: str) -> dict:
    """The reading grade of a markdown body, its line for the editor, and the warnings, in plain words."""
    html = render_markdown(body)
    grade = readability.flesch_kincaid_grade(plain_text(html))
    parts = _Parts(html)
    warnings = [
        *grade_warning(grade),
        *image_warnings(parts),
        *heading_warnings(body),
        *link_text_warnings(parts),
    ]
    return {"grade": grade, "grade_line": grade_line(grade), "warnings": warnings}


def for_editor(body: str, slug: str) -> dict:
    """What the editor is told about a body, while writing and after a save: `check`, and its links
    (moved_pages/links.py, imported here: it reads the Article model, which imports this app)."""
    from backspasm_site.moved_pages import links

    found = check(body)
    found["warnings"] += [problem.message() for problem in links.problems_in(body, slug)]
    return found
