from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from backspasm_site.editorial.live_admin import LiveContentAdmin

from .models import Advice, QuestionText
from .rule_sheet import rows


@admin.register(QuestionText)
class QuestionTextAdmin(LiveContentAdmin):
    list_display = ["code", "text"]
    readonly_fields = ["code"]
    search_fields = ["text", "hint"]

    def has_add_permission(self, request):
        # Questions come with the rules in code; editors change their wording only.
        return False

    def get_urls(self):
        rules = self.admin_site.admin_view(self.rules_view)
        return [path("rules/", rules, name="symptom_checker_rules"), *super().get_urls()]

    def rules_view(self, request):
        """The rule sheet for clinical sign-off: each question as worded now, its answer, level and source."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        wording = dict(QuestionText.objects.values_list("code", "text"))
        context = {
            **self.admin_site.each_context(request),
            "title": "The checker's rules",
            "rows": rows(wording),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/symptom_checker/rules.html", context)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Advice)
class AdviceAdmin(LiveContentAdmin):
    list_display = ["disposition", "title", "updated_at"]
    readonly_fields = ["disposition"]
    filter_horizontal = ["related"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
