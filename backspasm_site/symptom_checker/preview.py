"""GET pages of each checker result with example answers, only for measuring them (make lighthouse, make
screenshots): Lighthouse loads pages by GET, without the answers a person's browser keeps. These routes exist
only when BACKSPASM_VERDICT_PREVIEW=1 and never in production (settings.VERDICT_PREVIEW). They run the same
rules and template as the real result page."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .red_flags import GROUP_MEMBERS, NONE_OF_THESE, QUESTIONS, YES_NO_NOT_SURE
from .views import result_context, verdict_for

# Answers as the browser keeps them, with no warning sign; tests/public_pages.py uses these too.
ALL_CLEAR = {
    **{q.code: "no" for q in QUESTIONS if q.choices == YES_NO_NOT_SURE and not q.group},
    "severity": "mild", "duration": "under-2-weeks", "age": "20-50",
    **{group: [NONE_OF_THESE] for group in GROUP_MEMBERS},
}  # fmt: skip
EXAMPLE_ANSWERS = {
    "self-care": ALL_CLEAR,
    "see-doctor": {**ALL_CLEAR, "other_signs": ["sleep"]},
    "urgent": {**ALL_CLEAR, "health_signs": ["weight_loss"]},
    "emergency": {**ALL_CLEAR, "emergency_signs": ["fever"]},
}


@never_cache
@require_safe
def verdict_preview(request, disposition):
    if disposition not in EXAMPLE_ANSWERS:
        raise Http404("No such verdict.")
    kept = EXAMPLE_ANSWERS[disposition]
    verdict = verdict_for(kept)
    if verdict is None or verdict.disposition != disposition:
        raise Http404("The example answers no longer fit the checker's questions.")
    return render(request, "symptom_checker/verdict.html", result_context(verdict, kept))
