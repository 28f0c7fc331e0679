import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from .form_page import blank_form_page, step_page
from .forms import FIELD_STEP, STEPS, CheckerForm, complete_answers
from .red_flags import EMERGENCY_STEP, answers_from_form_data, emergency_in, evaluate
from .verdict_page import verdict_page

REMINDER_DAYS = 14


@sensitive_post_parameters()  # answers never reach error reports or logs
@never_cache  # the form carries a CSRF token and the verdict is health data: no cache may keep either
@require_http_methods(["GET", "HEAD", "POST"])
def checker(request):
    if request.method != "POST":  # the first step, rendered once per content version; this request's token
        return HttpResponse(blank_form_page(request))
    data = request.POST
    if "change" in data:  # "Change my answers": the first step again, every answer still filled in
        return step_page(request, data, step=EMERGENCY_STEP, show_errors=False)
    # An emergency sign ends the questions, whatever else is missing or wrong.
    verdict = emergency_in(answers_from_form_data(data))
    if verdict is None:
        if data.get("step") == str(EMERGENCY_STEP) and CheckerForm(data, steps=(EMERGENCY_STEP,)).is_valid():
            return step_page(request, data, step=STEPS[-1], show_errors=False)  # no emergency sign: the rest
        if (answers := complete_answers(data)) is not None:
            verdict = evaluate(answers=answers)
    if verdict is not None:  # verdict.html, all but the answers rendered once per version
        return HttpResponse(verdict_page(verdict, request, data))
    # Something missing or wrong: the first step that has it, with what is wrong.
    form = CheckerForm(data)
    step = min((FIELD_STEP[name] for name in form.errors if name in FIELD_STEP), default=STEPS[-1])
    return step_page(request, data, step=step, show_errors=True)


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
