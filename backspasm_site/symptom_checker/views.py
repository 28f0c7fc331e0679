"""The checker: three steps of questions and a result, each at its own address.

Each answered step is posted, kept in a signed cookie that only the person's browser holds (never on the
server, never in a URL, never in a log), and answered with a redirect (303), so the browser's Back button
goes back to a page and never asks to send a form again. An emergency sign ends the questions at once.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from backspasm_site.insight import counting

from .forms import FIELD_NAMES, FIELD_STEP, CheckerStepForm, fields_of, offered_values, summary
from .models import advice_for
from .red_flags import (
    EMERGENCY_QUESTIONS,
    EMERGENCY_STEP,
    NO,
    NOT_SURE,
    QUESTIONS,
    STEPS,
    Urgency,
    Verdict,
    answers_from_form_data,
    emergency_in,
    evaluate,
)

REMINDER_DAYS = 14
ANSWERS_COOKIE = "checker_answers"


def answers_salt(questions) -> str:
    """Made from which lists ask which signs, in the rule table's words, so answers kept under other lists are
    asked again: a "None of these" kept from before a sign was added, or a tick kept from another list or
    meaning, would read as "no" for a sign the person was never shown. Editors' wording (admin) keeps it."""
    lists = repr([(q.code, q.group, q.step, q.default_text) for q in questions]).encode()
    return "backspasm.symptom_checker.answers." + hashlib.sha256(lists).hexdigest()[:16]


ANSWERS_SALT = answers_salt(QUESTIONS)
ANSWERS_KEPT_FOR = 60 * 60  # an hour: long enough to finish, short enough for a shared phone
STEP_URLS = {1: "/symptom-checker/", 2: "/symptom-checker/step-2/", 3: "/symptom-checker/step-3/"}
RESULT_URL = "/symptom-checker/result/"
CHANGING = "change"  # ?change=1: a step opened from the result's answers, to change one and go back to it
CHANGE_URLS = {number: f"{url}?{CHANGING}=1" for number, url in STEP_URLS.items()}
PAGE_TITLES = {  # each result's own title, so a screen reader announces it first
    Urgency.EMERGENCY: "Call {number} now",
    Urgency.URGENT: "Get help today",
    Urgency.SEE_DOCTOR: "See a doctor",
    Urgency.SELF_CARE: "Look after yourself at home",
}


class SeeOther(HttpResponseRedirect):
    """After a POST, the next page by GET: Back never re-sends the form."""

    status_code = 303


@sensitive_post_parameters()  # answers never reach error reports or logs
@never_cache  # the form carries a CSRF token and answers are health data: no cache may keep either
@require_http_methods(["GET", "HEAD", "POST"])
def step(request, number: int = EMERGENCY_STEP):
    if number not in STEPS or number == EMERGENCY_STEP and request.path != STEP_URLS[EMERGENCY_STEP]:
        raise Http404("No such step.")
    kept = kept_answers(request)
    changing = request.GET.get(CHANGING) == "1"  # from a "Change" link of the result's answers
    if request.method == "POST":
        return step_posted(request, number, kept, changing=changing)
    form = CheckerStepForm(initial=kept, step=number)
    if number in (1, 2) and counting.is_reader(request):  # the funnel: how many start, how many get to step 2
        counting.count("checker", "started" if number == 1 else "reached-step-2")
    return render(request, "symptom_checker/form.html", step_context(form, kept, changing=changing))


def step_posted(request, number: int, kept: dict, *, changing: bool):
    """A step's answers: kept (this step's as posted, the others' as before) and on to where they lead, or
    the step again with what is wrong."""
    form = CheckerStepForm(request.POST, step=number)
    others = {name: value for name, value in kept.items() if name not in fields_of(number)}
    offered = offered_values(request.POST, number)
    if form.is_valid():
        kept = others | form.fields_to_keep()
    elif emergency_in(answers_from_form_data(up_to(number - 1, kept) | offered)):
        kept = others | offered  # the sign counts, with the earlier steps' answers, whatever else is wrong
    else:
        context = step_context(form, kept, changing=changing, show_errors=True)
        return render(request, "symptom_checker/form.html", context)
    return keep(SeeOther(after_step(number, kept, changing=changing)), kept)


@never_cache
@require_safe
def result(request):
    kept = kept_answers(request)
    verdict = verdict_for(kept)
    if verdict is None:  # not everything answered yet: the first question still to answer
        return HttpResponseRedirect(next_page(kept))
    if counting.is_reader(request):  # the level only: never an answer, a rule or a sign
        counting.count("checker", "reached-result", verdict.urgency.disposition)
    return render(request, "symptom_checker/verdict.html", result_context(verdict, kept))


@never_cache
@require_POST
def start_again(request):
    response = SeeOther(STEP_URLS[EMERGENCY_STEP])
    response.delete_cookie(ANSWERS_COOKIE, path="/symptom-checker/", samesite="Lax")
    return response


def verdict_for(kept: dict) -> Verdict | None:
    """The verdict for the answers kept so far: an emergency as soon as a sign says so, otherwise only once
    every step is answered."""
    answers = answers_from_form_data(kept)
    verdict = emergency_in(answers)
    if verdict is None and all(name in kept for name in FIELD_NAMES):
        verdict = evaluate(answers=answers)
    return verdict


def after_step(number: int, kept: dict, *, changing: bool) -> str:
    """Where a posted step leads. The next step, every time, so that a person who uses the checker again (as
    the result asks when a new sign appears) is asked every later question again, never sent past one by the
    answers kept from before. The result at once for an emergency sign; after the last step, or after
    changing one answer from the result, the first question still unanswered (or the result)."""
    if number == STEPS[-1] or changing or emergency_in(answers_from_form_data(up_to(number, kept))):
        return next_page(kept)
    return STEP_URLS[number + 1]


def up_to(number: int, kept: dict) -> dict:
    """The answers of this step and those before it: a later step's, kept from an earlier walk through the
    checker, are asked again before they count (they never end the questions on their own)."""
    return {name: value for name, value in kept.items() if FIELD_STEP.get(name, number + 1) <= number}


def next_page(kept: dict) -> str:
    """The first step with a question not yet answered, or the result when an emergency sign or every answer
    is in."""
    if emergency_in(answers_from_form_data(kept)) is None:
        for number in STEPS:
            if any(name not in kept for name in fields_of(number)):
                return STEP_URLS[number]
    return RESULT_URL


def step_context(
    form: CheckerStepForm, kept: dict, *, changing: bool = False, show_errors: bool = False
) -> dict:
    answers = answers_from_form_data(kept)
    return {
        "form": form,
        "step": form.step,
        "steps": len(STEPS),
        "last_step": form.step == STEPS[-1],
        "action": (CHANGE_URLS if changing else STEP_URLS)[form.step],
        "back_url": STEP_URLS.get(form.step - 1),
        "show_errors": show_errors,
        # "Not sure" on the first step is never met with "no emergency sign" on the next, nor is a first
        # step never answered (an address typed or kept).
        "unsure_of_emergency": any(answers.get(code) == NOT_SURE for code in EMERGENCY_QUESTIONS),
        "no_emergency_sign": all(answers.get(code) == NO for code in EMERGENCY_QUESTIONS),
    }


def result_context(verdict: Verdict, kept: dict | None) -> dict:
    return {
        "verdict": verdict,
        "advice": advice_for(verdict.disposition),
        "result_title": PAGE_TITLES[verdict.urgency].format(number=settings.EMERGENCY_NUMBER),
        "answers": summary(kept, CHANGE_URLS) if kept is not None else (),
    }


def kept_answers(request) -> dict:
    """The answers this browser keeps, if they are ours, unchanged and under an hour old; else none."""
    try:
        value = request.get_signed_cookie(ANSWERS_COOKIE, salt=ANSWERS_SALT, max_age=ANSWERS_KEPT_FOR)
        kept = json.loads(value)
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    return kept if isinstance(kept, dict) else {}


def keep(response, kept: dict):
    response.set_signed_cookie(
        ANSWERS_COOKIE,
        json.dumps(kept, separators=(",", ":")),
        salt=ANSWERS_SALT,
        max_age=ANSWERS_KEPT_FOR,
        path="/symptom-checker/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


@never_cache  # its date is two weeks from today: a cached copy would be wrong tomorrow
@require_safe
def reminder(request):
    """A calendar reminder to check again in two weeks. It carries no answers."""
    day = timezone.localdate() + datetime.timedelta(days=REMINDER_DAYS)
    checker_url = request.build_absolute_uri("/symptom-checker/")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//backspasm//symptom checker reminder//EN",
        "BEGIN:VEVENT",
        f"UID:reminder-{day:%Y%m%d}-{timezone.now():%H%M%S%f}@backspasm",
        f"DTSTAMP:{timezone.now():%Y%m%dT%H%M%SZ}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + datetime.timedelta(days=1):%Y%m%d}",
        "SUMMARY:Check your back spasm again",
        "DESCRIPTION:If your back spasm is not better after about 2 weeks\\, see a doctor. "
        f"You can use the symptom checker again: {checker_url}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    body = "".join(f"{folded(line)}\r\n" for line in lines)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="back-spasm-reminder.ics"'
    return response


def folded(line: str, octets: int = 75) -> str:
    """A calendar line as RFC 5545 (3.1) writes it: after 75 octets it goes on on the next line, after a
    line break and a space (which counts in that line's 75)."""
    pieces = [""]
    for char in line:
        if len((pieces[-1] + char).encode()) > octets - (len(pieces) > 1):
            pieces.append("")
        pieces[-1] += char
    return "\r\n ".join(pieces)
