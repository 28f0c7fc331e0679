"""What an editor is told about a page's text, in plain words: warnings, never a reason to refuse a save.

Both the live check while editing (views.quality_check, static/js/article-quality.js) and the messages
after a save (admin.py) call `for_editor`, so the editor reads the same words in both places.
"""

import markdown as markdown_lib

from backspasm_site.core.markdown import HtmlParts, plain_text, render_markdown

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


def grade_line(grade: float) -> str:
    return f"Reading grade: {grade:.1f} (the site aims at {readability.aim():.0f} or lower)"


def grade_warning(grade: float) -> list[str]:
    if grade <= readability.aim():
        return []
    return [
        f"The reading grade is {grade:.1f}, above the site's aim of {readability.aim():.0f}: "
        "shorter sentences and everyday words bring it down."
    ]


def image_warnings(parts: HtmlParts) -> list[str]:
    return [
        f"The image {src or '(no file)'} has no description (alt text): say what it shows between the "
        "square brackets, e.g. ![A person stretching their back](stretch.png)."
        for src, alt in parts.images
        if not alt
    ]


def heading_warnings(body: str) -> list[str]:
    # Read from the markdown as written: the page shows a "# " heading as a section heading (core/markdown),
    # so only the source says the editor meant a second main heading.
    written = HtmlParts(markdown_lib.markdown(body or "", extensions=["sane_lists", "tables"]))
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


def link_text_warnings(parts: HtmlParts) -> list[str]:
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
    parts = HtmlParts(html)
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
