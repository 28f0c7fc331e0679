"""GET pages of each checker verdict, only for measuring them (make lighthouse, make screenshots).

Lighthouse can only load pages by GET, and a verdict is the answer to a POST. These routes exist only when
BACKSPASM_VERDICT_PREVIEW=1 and never in production (settings.VERDICT_PREVIEW). They run the same form,
rules and template as the real checker, with fixed example answers.
"""

from django.http import Http404, HttpResponse, QueryDict
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .forms import complete_answers
from .red_flags import GROUP_MEMBERS, NO, NONE_OF_THESE, QUESTIONS, YES_NO_NOT_SURE, evaluate
from .verdict_page import verdict_page

# Form data (as posted) with no warning sign; tests/public_pages.py uses these too.
ALL_CLEAR = {
    **{q.code: NO for q in QUESTIONS if q.choices == YES_NO_NOT_SURE and not q.group},
    "accident": NO, "severity": "mild", "duration": "under-2-weeks", "age": "20-50",
    **{group: [NONE_OF_THESE] for group in GROUP_MEMBERS},
}  # fmt: skip
EXAMPLE_ANSWERS = {
    "self-care": ALL_CLEAR,
    "see-doctor": {**ALL_CLEAR, "sleep": "yes"},
    "urgent": {**ALL_CLEAR, "health_signs": ["weight_loss"]},
    "emergency": {**ALL_CLEAR, "fever": "yes"},
}


@never_cache
@require_safe
def verdict_preview(request, disposition):
    if disposition not in EXAMPLE_ANSWERS:
        raise Http404("No such verdict.")
    data = QueryDict(mutable=True)
    for name, value in EXAMPLE_ANSWERS[disposition].items():
        data.setlist(name, value if isinstance(value, list) else [value])
    answers = complete_answers(data)
    if answers is None:
        raise Http404("The example answers no longer fit the checker's questions.")
    return HttpResponse(verdict_page(evaluate(answers=answers), request, data))
