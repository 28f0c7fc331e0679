from django.contrib import admin
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from backspasm_site.core.admin_bases import CheckedSelectionMixin, ReadOnlyAdmin

from .export import feedback_csv
from .models import ArticleFeedback, Feedback


@admin.register(Feedback)
class FeedbackAdmin(CheckedSelectionMixin, admin.ModelAdmin):
    """What readers said, to read, filter, download and (for abuse) delete; never to edit."""

    list_display = ["created_on", "article", "helpful", "comment"]
    list_filter = ["helpful", ("article", admin.RelatedOnlyFieldListFilter)]
    date_hierarchy = "created_on"
    search_fields = ["comment", "article__title"]
    list_select_related = ["article"]
    list_per_page = 50
    actions = ["download_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Download selected feedback as a spreadsheet (CSV)", permissions=["view"])
    def download_csv(self, request, queryset):
        return feedback_csv(queryset)


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(ReadOnlyAdmin):
    """One row per article with its Yes / No / comment totals; links to that article's feedback."""

    list_display = ["title", "yes_total", "no_total", "comment_total", "helpful_share", "read_feedback"]
    list_display_links = None
    search_fields = ["title"]
    list_filter = ["status"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                yes_count=Count("feedback", filter=Q(feedback__helpful=True)),
                no_count=Count("feedback", filter=Q(feedback__helpful=False)),
                comment_count=Count("feedback", filter=~Q(feedback__comment="")),
            )
        )

    # Seeing the totals is part of seeing feedback: the same permission, and nothing to add or change.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("feedback.view_feedback")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    @admin.display(description="Yes", ordering="yes_count")
    def yes_total(self, obj):
        return obj.yes_count

    @admin.display(description="No", ordering="no_count")
    def no_total(self, obj):
        return obj.no_count

    @admin.display(description="Comments", ordering="comment_count")
    def comment_total(self, obj):
        return obj.comment_count

    @admin.display(description="Said Yes")
    def helpful_share(self, obj):
        total = obj.yes_count + obj.no_count
        return f"{round(100 * obj.yes_count / total)}%" if total else "–"

    @admin.display(description="Feedback")
    def read_feedback(self, obj):
        url = reverse("admin:feedback_feedback_changelist") + f"?article__id__exact={obj.pk}"
        return format_html('<a href="{}">Read feedback on this page</a>', url)
