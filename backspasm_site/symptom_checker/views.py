import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from .forms import EMERGENCY_QUESTIONS, CheckerForm, complete_answers
from .models import advice_for
from .red_flags import Urgency, evaluate
from .verdict_page import verdict_page

REMINDER_DAYS = 14


@sensitive_post_parameters()  # answers never reach error reports or logs
@never_cache  # the form carries a CSRF token and the verdict is health data: no cache may keep either
@require_http_methods(["GET", "HEAD", "POST"])
def checker(request):
    answers = complete_answers(request.POST) if request.method == "POST" else None
    if answers is None:  # not asked yet, or incomplete or tampered answers: the form, with what is wrong
        return form_page(request, CheckerForm(request.POST if request.method == "POST" else None))
    verdict = evaluate(answers=answers)
    return HttpResponse(verdict_page(verdict))  # verdict.html, all but the answers rendered once per version


def form_page(request, form):
    """The questions: not answered yet, or with what is wrong with the answers sent."""
    emergency_advice = advice_for(Urgency.EMERGENCY.disposition)
    # Missing answers must not hide an emergency already declared: show its advice with the errors.
    partial = {code: value for code, value in form.data.items() if code in EMERGENCY_QUESTIONS}
    context = {
        "form": form,
        "emergency_advice": emergency_advice,
        "emergency_questions": EMERGENCY_QUESTIONS,
        "emergency_declared": form.is_bound and evaluate(answers=partial).urgency == Urgency.EMERGENCY,
    }
    return render(request, "symptom_checker/form.html", context)


@never_cache  # its date is two weeks from today: a cached copy would be wrong tomorrow
@require_safe
def reminder(request):
    """A calendar reminder to check again in two weeks. It carries no answers."""
    today = timezone.localdate()
    day = today + datetime.timedelta(days=REMINDER_DAYS)
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
    response = HttpResponse("\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="back-spasm-reminder.ics"'
    return response
