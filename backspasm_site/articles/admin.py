from django.contrib import admin
from markdownx.admin import MarkdownxModelAdmin

from .models import Article


@admin.register(Article)
class ArticleAdmin(MarkdownxModelAdmin):
    list_display = ["title", "topic", "status", "order", "last_reviewed", "next_review_due", "updated_at"]
    list_filter = ["status", "topic"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["related"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "topic", "order", "status"]}),
        ("Page text", {"fields": ["body"]}),
        ("Sources and review", {"fields": ["sources", "last_reviewed", "next_review_due", "related"]}),
    ]
