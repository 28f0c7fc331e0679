from django.contrib import admin

from .history_admin import ContentHistoryAdmin
from .models import SiteText


@admin.register(SiteText)
class SiteTextAdmin(ContentHistoryAdmin):
    list_display = ["key", "title", "updated_at"]
    readonly_fields = ["key"]
    search_fields = ["title", "body"]

    def has_add_permission(self, request):
        # The site looks texts up by key; new keys come with the code that uses them.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
