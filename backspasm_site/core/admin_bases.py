"""What several admins share: sets of items that come with the code, lists only to read, and the admins'
own pages (their addresses and their layout)."""

from django.contrib import admin, messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path


class FixedSetMixin:
    """Items the code looks up by a key of its own (site texts, checker questions, the advice for each
    level): editors change their wording, but none is added or removed in admin, since the code that uses a
    key comes with it."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CheckedSelectionMixin:
    """A list action posted with a tampered selection (ids that are not numbers) is refused with a message,
    not a server error: Django's admin hands the ids to the database query as they come."""

    def response_action(self, request, queryset):
        if not all(pk.isdigit() for pk in request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)):
            self.message_user(
                request, "The selection was not understood: tick the items again.", messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class ReadOnlyAdmin(FixedSetMixin, admin.ModelAdmin):
    """A list to read in admin (totals, checks, changes waiting): nothing to add, change or delete there."""

    def has_change_permission(self, request, obj=None):
        return False


def object_or_404(queryset, object_id):
    """The item an admin address is for; an unknown or tampered (non-numeric) id gets a 404, never a
    database error."""
    if not str(object_id).isdigit():
        raise Http404
    return get_object_or_404(queryset, pk=object_id)


def admin_page(model_admin, request, template: str, title: str, /, **context) -> TemplateResponse:
    """One of an admin's own pages, in the admin's layout (its header, sidebar and breadcrumbs)."""
    shared = {**model_admin.admin_site.each_context(request), "title": title, "opts": model_admin.opts}
    return TemplateResponse(request, template, {**shared, **context})


def extra_urls(model_admin, pages) -> list:
    """An admin's own addresses, (route, view, name) each, behind the admin's login and staff check, named
    "<app>_<model>_<name>" as Django names its own (reversed as "admin:<app>_<model>_<name>")."""
    prefix = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    admin_view = model_admin.admin_site.admin_view
    return [path(route, admin_view(view), name=f"{prefix}_{name}") for route, view, name in pages]
