import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from .form_page import blank_form_page, form_page
from .forms import CheckerForm, complete_answers
from .red_flags import evaluate
from .verdict_page import verdict_page

REMINDER_DAYS = 14


@sensitive_post_parameters()  # answers never reach error reports or logs
@never_cache  # the form carries a CSRF token and the verdict is health data: no cache may keep either
@require_http_methods(["GET", "HEAD", "POST"])
def checker(request):
    if request.method != "POST":  # the questions, rendered once per content version; this request's token
        return HttpResponse(blank_form_page(request))
    answers = complete_answers(request.POST)
    if answers is None:  # incomplete or tampered answers: the questions again, with what is wrong
        return form_page(request, CheckerForm(request.POST))
    verdict = evaluate(answers=answers)
    return HttpResponse(verdict_page(verdict))  # verdict.html, all but the answers rendered once per version


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
