"""The checker's questions pages: the emergency signs first (step 1), then the rest (step 2).

Answers travel only in the form: the answers of the step not shown ride along as hidden fields, so nothing
is stored and nothing goes in a URL. A step with something wrong is rendered in full with what is wrong.

The blank first step (no answers yet, the page most people open) is never cached (its CSRF token is the
visitor's own), but everything else on it changes only with the editors' content. It is rendered through the
same template as the full page, for a request of no one (no user, session, cookie), with a random stand-in
for the token, and kept split there (`memo`). tests/test_form_page.py (beside this file) holds it to the
page rendered in full, byte for byte but the token, and posts with the token it carries.
"""

import secrets
from collections.abc import Mapping

from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.html import escape

from backspasm_site.page_cache.versions import memo

from .for_everyone import render_for_everyone
from .forms import FIELD_NAMES, FIELD_STEP, GROUP_CODES, STEPS, CheckerForm
from .models import advice_for
from .red_flags import (
    EMERGENCY_QUESTIONS,
    EMERGENCY_STEP,
    GROUP_MEMBERS,
    GROUP_NOT_SURE,
    NONE_OF_THESE,
    NOT_SURE,
    VALID_ANSWERS,
    Urgency,
    ticks,
)

TEMPLATE = "symptom_checker/form.html"
BLANK_PAGE = '{% extends "symptom_checker/form.html" %}'
TOKEN_SLOT = secrets.token_hex(24)  # random: no editor's text can contain it


def step_page(request, data: Mapping, *, step: int, show_errors: bool):
    """One step of the questions, with the answers of the other step carried along as hidden fields."""
    form = CheckerForm(data, steps=(step,))
    return render(request, TEMPLATE, form_context(form, step=step, data=data, show_errors=show_errors))


def blank_form_page(request) -> str:
    """The first step, not answered yet, with this request's CSRF token (which also sets its cookie)."""
    before, after = memo("checker-blank-form-page", _blank_page_without_token)
    return before + escape(get_token(request)) + after


def carried_answers(data: Mapping, *, except_step: int | None = None) -> list[tuple[str, str]]:
    """The answers given so far as (name, value) pairs for hidden fields: only values a question offers."""
    carried = []
    for name in FIELD_NAMES:
        if FIELD_STEP[name] == except_step:
            continue
        if name in GROUP_CODES:
            offered = {*GROUP_MEMBERS[name], NONE_OF_THESE, GROUP_NOT_SURE}
            carried += [(name, value) for value in dict.fromkeys(ticks(data, name)) if value in offered]
        elif data.get(name) in VALID_ANSWERS[name]:
            carried.append((name, data.get(name)))
    return carried


def form_context(form: CheckerForm, *, step: int = EMERGENCY_STEP, data: Mapping | None = None,
                 show_errors: bool = False) -> dict:  # fmt: skip
    return {
        "form": form,
        "step": step,
        "steps": len(STEPS),
        "last_step": step == STEPS[-1],
        "show_errors": show_errors,
        "carried": carried_answers(data or {}, except_step=step),
        # "Not sure" on the first step is never met with "no emergency sign" on the next.
        "unsure_of_emergency": any((data or {}).get(code) == NOT_SURE for code in EMERGENCY_QUESTIONS),
        "emergency_advice": advice_for(Urgency.EMERGENCY.disposition),
        "emergency_questions": EMERGENCY_QUESTIONS,
    }


def _blank_page_without_token() -> tuple[str, str]:
    # The template's {% csrf_token %} writes the stand-in (a context value wins over the context processor's).
    context = {**form_context(CheckerForm(None, steps=(EMERGENCY_STEP,))), "csrf_token": TOKEN_SLOT}
    # Exactly one token on the page, or this fails.
    before, after = render_for_everyone(BLANK_PAGE, context).split(TOKEN_SLOT)
    return before, after
