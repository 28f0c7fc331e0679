"""The checker's verdict page, all but the person's answers rendered once per content version and result.

Rendering verdict.html and base.html was more than half of a verdict's time, yet everything on the page but
the `verdict_why` block (why we say this, and the guidance behind it) depends only on the result and the
editors' content. So each result's page is rendered through the templates once per content version, with a
slot in place of that block, and kept split there (`memo`); a request fills the slot with the block's own
template (verdict_why.html), rendered with its verdict alone. The kept pages hold no answers and are
rendered for a request of no one (no user, session, cookie or CSRF token). tests/test_verdict_page.py holds
the result to the page rendered in full, byte for byte.
"""

import secrets

from django.template.loader import get_template

from backspasm_site.page_cache.content import memo

from .for_everyone import render_for_everyone
from .models import advice_for
from .red_flags import Urgency, Verdict

# Random, so that no editor's text can contain it.
SLOT = f"<!-- the answers' part {secrets.token_hex(16)} -->"
ANSWERS_PART = "symptom_checker/verdict_why.html"
# verdict.html with the slot in place of the block that shows the answers.
WITHOUT_ANSWERS = (
    '{% extends "symptom_checker/verdict.html" %}{% block verdict_why %}' + SLOT + "{% endblock %}"
)


def verdict_page(verdict: Verdict) -> str:
    """verdict.html for this verdict."""
    urgency = verdict.urgency
    before, after = memo(f"verdict-page:{urgency.disposition}", lambda: _page_without_answers(urgency))
    return before + why_html(verdict) + after


def why_html(verdict: Verdict) -> str:
    """The verdict_why block for these answers: its own small template, with nothing but the verdict."""
    return get_template(ANSWERS_PART).render({"verdict": verdict})


def _page_without_answers(urgency: Urgency) -> tuple[str, str]:
    """The result's page with the slot for the answers' part, split there."""
    context = {"verdict": Verdict(urgency, flags=(), reasons=()), "advice": advice_for(urgency.disposition)}
    before, after = render_for_everyone(WITHOUT_ANSWERS, context).split(SLOT)  # one slot, or this fails
    return before, after
