from django.contrib import admin

from backspasm_site.core.admin_bases import FixedSetMixin
from backspasm_site.editorial.live_admin import LiveContentAdmin

from .models import SiteText


@admin.register(SiteText)
class SiteTextAdmin(FixedSetMixin, LiveContentAdmin):
    list_display = ["key", "title", "updated_at"]
    readonly_fields = ["key"]
    search_fields = ["title", "body"]
