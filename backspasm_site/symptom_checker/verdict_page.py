"""The checker's verdict page, all but the person's answers rendered once per content version and result.

Rendering verdict.html and base.html was more than half of a verdict's time, yet everything on the page but
the `verdict_why` block (why we say this, and the guidance behind it) depends only on the result and the
editors' content. So each result's page is rendered through the templates once per content version, with a
slot in place of that block, and kept split there (`memo`); a request fills the slot with its own reasons,
escaped as the template escapes them. The kept pages hold no answers and are rendered for a request of no
one (no user, session, cookie or CSRF token). tests/test_verdict_page.py holds `why_html` to the block, byte
for byte.
"""

import secrets

from django.http import HttpRequest
from django.template import engines
from django.template.defaultfilters import urlize
from django.utils.html import format_html, format_html_join

from backspasm_site.page_cache.content import memo

from .models import advice_for
from .red_flags import Urgency, Verdict

# Random, so that no editor's text can contain it.
SLOT = f"<!-- the answers' part {secrets.token_hex(16)} -->"
# verdict.html with the slot in place of the block that shows the answers.
WITHOUT_ANSWERS = (
    '{% extends "symptom_checker/verdict.html" %}{% block verdict_why %}' + SLOT + "{% endblock %}"
)

# The verdict_why block of verdict.html, as it renders.
REASONS = '<h2 class="verdict__why">Why we say this</h2>\n    <ul class="verdict__reasons">{}</ul>\n    '
SOURCES = (
    '<p class="verdict__sources">Our main source does not list every one of these signs. We added them from '
    'this guidance:</p>\n    <ul class="verdict__sources">{}</ul>\n    '
)


def verdict_page(verdict: Verdict) -> str:
    """verdict.html for this verdict."""
    urgency = verdict.urgency
    before, after = memo(f"verdict-page:{urgency.disposition}", lambda: _page_without_answers(urgency))
    return before + why_html(verdict) + after


def why_html(verdict: Verdict) -> str:
    """The verdict_why block for these answers."""
    html = ""
    if verdict.reasons:
        html += format_html(REASONS, format_html_join("", "<li>{}</li>", ((r,) for r in verdict.reasons)))
    if verdict.guideline_sources:
        sources = ((urlize(source),) for source in verdict.guideline_sources)
        html += format_html(SOURCES, format_html_join("", "<li>{}</li>", sources))
    return html


def _page_without_answers(urgency: Urgency) -> tuple[str, str]:
    """The result's page with the slot for the answers' part, split there."""
    request = HttpRequest()  # no one's: the page must not depend on who asks
    request.path = request.path_info = "/symptom-checker/"
    context = {"verdict": Verdict(urgency, flags=(), reasons=()), "advice": advice_for(urgency.disposition)}
    page = engines["django"].from_string(WITHOUT_ANSWERS).render(context, request)
    if "CSRF_COOKIE" in request.META:
        raise RuntimeError("The verdict page asked for a CSRF token: one page for everyone cannot carry one.")
    before, after = page.split(SLOT)  # exactly one slot, or this fails
    return before, after
