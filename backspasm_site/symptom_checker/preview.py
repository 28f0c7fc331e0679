"""GET pages of each checker verdict, only for measuring them (make lighthouse, make screenshots).

Lighthouse can only load pages by GET, and a verdict is the answer to a POST. These routes exist only when
BACKSPASM_VERDICT_PREVIEW=1 and never in production (settings.VERDICT_PREVIEW). They run the same form,
rules and template as the real checker, with fixed example answers.
"""

from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .forms import CheckerForm
from .red_flags import evaluate
from .verdict_page import verdict_page

_ALL_CLEAR = {
    "fever": "no", "bladder_bowel": "no", "saddle_numbness": "no", "both_legs": "no", "passing_urine": "no",
    "severity": "mild", "limb_weakness": "no", "sleep": "no", "duration": "under-2-weeks",
}  # fmt: skip
EXAMPLE_ANSWERS = {
    "self-care": _ALL_CLEAR,
    "see-doctor": {**_ALL_CLEAR, "sleep": "yes"},
    "emergency": {**_ALL_CLEAR, "fever": "yes"},
}


@never_cache
@require_safe
def verdict_preview(request, disposition):
    if disposition not in EXAMPLE_ANSWERS:
        raise Http404("No such verdict.")
    form = CheckerForm(EXAMPLE_ANSWERS[disposition])
    if not form.is_valid():
        raise Http404("The example answers no longer fit the checker's questions.")
    return HttpResponse(verdict_page(evaluate(answers=form.cleaned_data)))
