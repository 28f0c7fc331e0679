from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.urls import path

from backspasm_site.core.admin_bases import FixedSetMixin, admin_page
from backspasm_site.editorial.live_admin import LiveContentAdmin

from .forms import FIELD_STEP, asking_order
from .models import Advice, QuestionText
from .red_flags import QUESTIONS_BY_CODE
from .rule_sheet import rows

PREVIEW = "/symptom-checker/preview-changes/"  # the checker with the changes waiting (pending_preview.py)


def _asking_position() -> Case:
    order = asking_order()
    return Case(*(When(code=code, then=i) for i, code in enumerate(order)), default=len(order))


def _step(code: str) -> int:
    return QUESTIONS_BY_CODE[code].step if code in QUESTIONS_BY_CODE else FIELD_STEP.get(code, 1)


@admin.register(QuestionText)
class QuestionTextAdmin(FixedSetMixin, LiveContentAdmin):
    list_display = ["asked", "text", "code"]
    readonly_fields = ["code"]
    search_fields = ["text", "hint"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(position=_asking_position())

    def get_ordering(self, request):
        # In the order the checker asks them (a list's signs after its question), not by code. An expression,
        # not the annotation's name: admin orders the queryset before get_queryset can annotate it.
        return [_asking_position().asc(), "code"]

    @admin.display(description="Asked", ordering="position")
    def asked(self, obj):
        return f"Step {_step(obj.code)}, {obj.position + 1}"

    def view_on_site(self, obj):
        return f"{PREVIEW}?step={_step(obj.code)}"

    def get_urls(self):
        rules = self.admin_site.admin_view(self.rules_view)
        return [path("rules/", rules, name="symptom_checker_rules"), *super().get_urls()]

    def rules_view(self, request):
        """The rule sheet for clinical sign-off: each question as worded now, its answer, level and source."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        wording = dict(QuestionText.objects.values_list("code", "text"))
        return admin_page(
            self, request, "admin/symptom_checker/rules.html", "The checker's rules", rows=rows(wording)
        )


@admin.register(Advice)
class AdviceAdmin(FixedSetMixin, LiveContentAdmin):
    list_display = ["disposition", "title", "updated_at"]
    readonly_fields = ["disposition"]
    filter_horizontal = ["related"]

    def view_on_site(self, obj):
        return f"{PREVIEW}?result={obj.disposition}"
