from django.contrib import admin

from backspasm_site.editorial.live_admin import LiveContentAdmin

from .models import SiteText


@admin.register(SiteText)
class SiteTextAdmin(LiveContentAdmin):
    list_display = ["key", "title", "updated_at"]
    readonly_fields = ["key"]
    search_fields = ["title", "body"]

    def has_add_permission(self, request):
        # The site looks texts up by key; new keys come with the code that uses them.
        return False

    def has_delete_permission(self, request, obj=None):
        return False
