"""The checker's questions page: rendered in full when answers come back with something wrong, and otherwise
(no answers yet, the page most people open) rendered once per content version with a slot for the request's
CSRF token, the only part of the blank page that belongs to one visitor.

The blank page is never cached (its token is the visitor's own), but everything else on it (the questions'
wording, the emergency advice, the layout) changes only with the editors' content. It is rendered through the
same template as the full page, for a request of no one (no user, session, cookie), with a random stand-in
for the token, and kept split there (`memo`). tests/test_form_page.py holds it to the page rendered in
full, byte for byte but the token, and posts with the token it carries.
"""

import secrets

from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.html import escape

from backspasm_site.page_cache.content import memo

from .for_everyone import render_for_everyone
from .forms import EMERGENCY_QUESTIONS, CheckerForm
from .models import advice_for
from .red_flags import Urgency, evaluate

TEMPLATE = "symptom_checker/form.html"
BLANK_PAGE = '{% extends "symptom_checker/form.html" %}'
TOKEN_SLOT = secrets.token_hex(24)  # random: no editor's text can contain it


def form_page(request, form: CheckerForm):
    """The questions with what is wrong with the answers sent, rendered in full."""
    return render(request, TEMPLATE, form_context(form))


def blank_form_page(request) -> str:
    """The questions, not answered yet, with this request's CSRF token (which also sets its cookie)."""
    before, after = memo("checker-blank-form-page", _blank_page_without_token)
    return before + escape(get_token(request)) + after


def form_context(form: CheckerForm) -> dict:
    # Missing answers must not hide an emergency already declared: show its advice with the errors.
    partial = {code: value for code, value in form.data.items() if code in EMERGENCY_QUESTIONS}
    return {
        "form": form,
        "emergency_advice": advice_for(Urgency.EMERGENCY.disposition),
        "emergency_questions": EMERGENCY_QUESTIONS,
        "emergency_declared": form.is_bound and evaluate(answers=partial).urgency == Urgency.EMERGENCY,
    }


def _blank_page_without_token() -> tuple[str, str]:
    # The template's {% csrf_token %} writes the stand-in (a context value wins over the context processor's).
    context = {**form_context(CheckerForm(None)), "csrf_token": TOKEN_SLOT}
    # Exactly one token on the page, or this fails.
    before, after = render_for_everyone(BLANK_PAGE, context).split(TOKEN_SLOT)
    return before, after
