"""What several admins share: sets of items that come with the code, and lists only to read."""

from django.contrib import admin


class FixedSetMixin:
    """Items the code looks up by a key of its own (site texts, checker questions, the advice for each
    level): editors change their wording, but none is added or removed in admin, since the code that uses a
    key comes with it."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(FixedSetMixin, admin.ModelAdmin):
    """A list worked out by the site (totals, checks) to read in admin: nothing to add, change or delete."""

    def has_change_permission(self, request, obj=None):
        return False
