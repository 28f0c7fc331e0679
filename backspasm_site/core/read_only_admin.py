from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A list worked out by the site (totals, checks) to read in admin: nothing to add, change or delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
