"""The checker's verdict page, all but the person's answers rendered once per content version and result.

Rendering verdict.html and base.html was more than half of a verdict's time, yet everything on the page but
the `verdict_why` block (why we say this, and the guidance behind it) depends only on the result and the
editors' content. So each result's page is rendered through the templates once per content version, with a
slot in place of that block, and kept split there (`memo`); a request fills the slot with the block's own
template (verdict_why.html), rendered with its verdict, its answers (for "Change my answers") and its
token. The kept pages hold no answers and are rendered for a request of no one (no user, session, cookie
or CSRF token). tests/test_verdict_page.py (beside this file) holds the result to the page rendered in
full, byte for byte.
"""

import secrets
from collections.abc import Mapping

from django.middleware.csrf import get_token
from django.template.loader import get_template

from backspasm_site.page_cache.versions import memo

from .for_everyone import render_for_everyone
from .form_page import carried_answers
from .models import advice_for
from .red_flags import Urgency, Verdict

# Random, so that no editor's text can contain it.
SLOT = f"<!-- the answers' part {secrets.token_hex(16)} -->"
ANSWERS_PART = "symptom_checker/verdict_why.html"
# verdict.html with the slot in place of the block that shows the answers.
WITHOUT_ANSWERS = (
    '{% extends "symptom_checker/verdict.html" %}{% block verdict_why %}' + SLOT + "{% endblock %}"
)


def verdict_page(verdict: Verdict, request, data: Mapping) -> str:
    """verdict.html for this verdict, with "Change my answers" carrying the answers posted in `data`."""
    urgency = verdict.urgency
    before, after = memo(f"verdict-page:{urgency.disposition}", lambda: _page_without_answers(urgency))
    return before + why_html(verdict, request, data) + after


def why_html(verdict: Verdict, request, data: Mapping) -> str:
    """The verdict_why block for these answers: its own small template, with the verdict, the answers (for
    "Change my answers", as hidden fields) and this request's CSRF token."""
    context = {"verdict": verdict, "carried": carried_answers(data), "csrf_token": get_token(request)}
    return get_template(ANSWERS_PART).render(context)


def _page_without_answers(urgency: Urgency) -> tuple[str, str]:
    """The result's page with the slot for the answers' part, split there."""
    context = {"verdict": Verdict(urgency, flags=(), reasons=()), "advice": advice_for(urgency.disposition)}
    before, after = render_for_everyone(WITHOUT_ANSWERS, context).split(SLOT)  # one slot, or this fails
    return before, after
