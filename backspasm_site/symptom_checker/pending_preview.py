"""The checker as it will read once the changes waiting for review are published: for staff only.

The questions of each step, and each result's page, rendered through the checker's own templates with the
waiting wording put in place of the live one (editorial.services.preview: never saved). The live checker
never reads waiting changes; this page is never cached and tells staff it is a preview. Answers sent from it
go to the live checker.
"""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from backspasm_site.editorial.preview import with_waiting_changes

from .forms import CheckerStepForm
from .models import Advice, QuestionText
from .red_flags import EMERGENCY_STEP, STEPS, Urgency, Verdict
from .views import result_context, step_context

RESULTS = {urgency.disposition: urgency for urgency in Urgency}


@require_safe
@cache_control(private=True, no_store=True)  # a preview for staff: no cache may keep it
def checker_with_waiting_changes(request):
    if not (request.user.is_staff and request.user.has_perm("symptom_checker.view_questiontext")):
        raise Http404("No such page.")  # the public never learns there is one
    if result := request.GET.get("result"):
        return _result_page(request, result)
    step = next((s for s in STEPS if request.GET.get("step") == str(s)), EMERGENCY_STEP)
    questions, changes = with_waiting_changes(QuestionText.objects.all())
    form = CheckerStepForm(step=step, wording={q.code: q for q in questions})
    context = {**step_context(form, {}), "preview_changes": changes, "preview_results": RESULTS}
    return render(request, "symptom_checker/form.html", context)


def _result_page(request, result: str):
    if result not in RESULTS:
        raise Http404("No such result.")
    advice, changes = with_waiting_changes(Advice.objects.filter(disposition=result))
    context = {
        **result_context(Verdict(RESULTS[result], flags=(), reasons=()), None),
        "advice": advice[0] if advice else None,
        "preview_changes": changes,
        "preview_results": RESULTS,
    }
    return render(request, "symptom_checker/verdict.html", context)
