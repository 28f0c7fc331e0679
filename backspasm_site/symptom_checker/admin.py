from django.contrib import admin

from backspasm_site.core.history_admin import ContentHistoryAdmin

from .models import Advice, QuestionText


@admin.register(QuestionText)
class QuestionTextAdmin(ContentHistoryAdmin):
    list_display = ["code", "text"]
    readonly_fields = ["code"]
    search_fields = ["text", "hint"]

    def has_add_permission(self, request):
        # Questions come with the rules in code; editors change their wording only.
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Advice)
class AdviceAdmin(ContentHistoryAdmin):
    list_display = ["disposition", "title", "updated_at"]
    readonly_fields = ["disposition"]
    filter_horizontal = ["related"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
