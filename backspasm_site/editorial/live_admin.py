"""What every content admin does with a live page: its form saves a pending change, never the live row.

The form of a live page opens with the pending change's values if there is one, asks for the reason
for change, and offers "Submit for review". Restoring an old version of a live page makes a pending
change too (simple-history's revert goes through `save_model`). The rules are in services/.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from simple_history.utils import get_m2m_reverse_field_name

from backspasm_site.core.admin_bases import admin_page, extra_urls, object_or_404
from backspasm_site.core.history_admin import ContentHistoryAdmin, HistoryAwareForm
from backspasm_site.page_cache import edge

from . import diff, editing_sessions, services

SUBMIT = "_submit_for_review"
SAVED_MESSAGE = (
    "Saved as a change to the live page. The public still sees the live page. "
    "Press “Submit for review” when it is ready."
)
SUBMITTED_MESSAGE = "Submitted for review. A clinical reviewer checks it before the public sees it."
ONE_LINE_MESSAGE = "Write this on one line: a line break here would stop the review emails about the page."
STALE_FORM_MESSAGE = (
    "{by} saved this page on {at}, after you opened it. Nothing of yours was saved, and nothing was lost: "
    "what you typed is still in the form. Compare the two versions below, then press Save again to put "
    "yours in place of theirs (copy anything of theirs you want to keep into yours first)."
)
# The newer save was this editor's own: most often the browser's Back brought up the form as it was before.
OWN_STALE_FORM_MESSAGE = (
    "You saved this page on {at}, after this copy of the form was opened (the browser's Back button brings "
    "back an older copy). Nothing was saved this time, and what is in the form is kept. Compare it with "
    "your saved version below, then press Save again only if this older copy should replace it."
)


class VersionInput(forms.TextInput):
    """The version a form was opened on, laid out as a hidden field. A text field, not type="hidden":
    browsers restore a text field with the text on Back (once opened-version.js marks it), and a hidden
    one never, so an old text restored on Back would be posted with the new page's version."""

    is_hidden = True

    def __init__(self):
        super().__init__(attrs={"hidden": True, "data-opened-version": True})


class LiveChangeForm(HistoryAwareForm):
    change_reason = forms.CharField(
        label="Reason for change",
        max_length=200,
        required=False,
        help_text=(
            "Why the page changes, in a few words, e.g. 'New NHS advice on exercise'. The reviewer and "
            "the history see it. Needed for a change to a live page."
        ),
    )

    # The version of the page the form was opened on (services.current_version): a save made on a form
    # someone else has saved since is refused, and shown beside theirs, instead of overwriting theirs.
    opened_version = forms.CharField(widget=VersionInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if not self.is_bound:
            self.initial["opened_version"] = services.current_version(self.instance).token

    def clean(self):
        cleaned = super().clean()
        self.check_one_line_fields(cleaned)
        self.check_version(cleaned.get("opened_version", ""))
        instance = self.instance
        restoring = getattr(instance, "_history", None) is not None
        needs_reason = services.is_clinical(type(instance)) and services.is_live(instance)
        if needs_reason and not restoring and not cleaned.get("change_reason", "").strip():
            self.add_error("change_reason", "Say why the page changes: the reviewer and the history need it.")
        return cleaned

    def check_one_line_fields(self, cleaned) -> None:
        """A title, summary or hint is one line (email subjects, lists, headings): a pasted line break is
        refused, not saved."""
        one_line = {f.name for f in self._meta.model._meta.fields if type(f) is models.CharField}
        for name, value in list(cleaned.items()):
            if name in one_line and isinstance(value, str) and ("\n" in value or "\r" in value):
                self.add_error(name, ONE_LINE_MESSAGE)

    def check_version(self, opened: str) -> None:
        """Refuse the save if someone saved the page (or its waiting change) after this form was opened.
        The form comes back with what was typed and the newer version's token: a second press is a
        deliberate choice to put these words in place of theirs. (A post with no version, from a script, is
        not checked.)"""
        if not opened or self.instance.pk is None:
            return
        # The admin's save runs in one transaction: locking the row here makes a second save of the same
        # page wait for the first to commit, then see its version (SQLite's IMMEDIATE transactions already
        # take the write lock when the transaction starts).
        if transaction.get_connection().in_atomic_block:  # the change form's save; a restore has no lock
            list(type(self.instance)._default_manager.select_for_update().filter(pk=self.instance.pk))
        now = services.current_version(self.instance)
        if opened == now.token:
            return
        yours = services.values_from_form(self)
        theirs = services.values_now(self.instance, yours)
        mine = now.by is not None and now.by == getattr(self, "editor", None)
        self.conflict = {
            "by": now.by,
            "mine": mine,
            "at": now.at,
            "diffs": diff.values_diffs(type(self.instance), theirs, yours),
        }
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = now.token
        at = services.when(now.at) if now.at else "a moment ago"
        who = str(now.by) if now.by else "Someone (or a command such as load_content)"
        message = OWN_STALE_FORM_MESSAGE if mine else STALE_FORM_MESSAGE
        self.add_error(None, message.format(by=who, at=at))


def typed_text(model, data) -> list[tuple[str, str, int]]:
    """The words a form for `model` posted, (label, text, rows to show it in) for each text field with some:
    what an editor would have to type again."""
    fields = [
        f for f in model._meta.fields if f.editable and isinstance(f, models.CharField | models.TextField)
    ]
    found = [(str(f.verbose_name).capitalize(), data.get(f.name, "")) for f in fields if not f.choices]
    found.append(("Reason for change", data.get("change_reason", "")))
    return [
        (label, text, min(20, 1 + text.count("\n") + len(text) // 80))
        for label, text in found
        if text.strip()
    ]


def version_values(record, names) -> dict:
    """A history record's values of the fields `names`, as services.live_values gives the live row's."""
    model = record.instance_type
    values = {}
    for name in names:
        field = model._meta.get_field(name)
        if field.many_to_many:
            if name not in [f.name for f in getattr(record, "_history_m2m_fields", [])]:
                continue
            target = get_m2m_reverse_field_name(field)
            values[name] = sorted(getattr(row, f"{target}_id") for row in getattr(record, name).all())
        else:
            values[name] = services.to_json(field, getattr(record, field.attname))
    return values


class LiveContentAdmin(ContentHistoryAdmin):
    form = LiveChangeForm
    change_form_template = "admin/editorial/change_form.html"

    class Media:
        # Refused pictures and over-long forms are said on the page, and the editor's text is kept.
        js = ["js/image-upload.js", "js/post-size.js", "js/editing-now.js", "js/opened-version.js"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        form_class.editor = request.user  # whose save is whose (a class made for this request)
        restoring = getattr(obj, "_history", None) is not None
        pending = None if restoring or not services.is_live(obj) else services.open_change(obj)
        if pending is None:
            return form_class

        class WithPendingValues(form_class):
            """Opens with the pending change's values: editors carry on from where it was left."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, value in pending.fields.items():
                    if name in self.fields:
                        self.initial[name] = value
                self.initial["change_reason"] = pending.reason

        return WithPendingValues

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("change_reason", "")
        if getattr(obj, "_history", None) is not None:
            reason = reason or f"Restored an earlier version (of {obj._history.history_date:%d %B %Y, %H:%M})"
        if change and services.is_live(obj):
            obj._pending_change = services.save_change(
                obj=obj,
                values=services.values_from_form(form),
                user=request.user,
                reason=reason,
                submit=SUBMIT in request.POST,
            )
            form.save_m2m = lambda: None  # the live row's links stay as they are too
            return
        if reason:
            obj._change_reason = reason
        super().save_model(request, obj, form, change)
        if services.is_live(obj):  # new site text or checker wording: public at once
            edge.content_changed(keys=edge.keys_for(type(obj), obj, moved=True))

    def delete_model(self, request, obj):
        keys = edge.keys_for(type(obj), obj, moved=True) if services.is_live(obj) else []
        services.close_review_of_deleted_page(obj, request.user)
        super().delete_model(request, obj)
        edge.content_changed(keys=keys)  # once deleted, no public page shows it

    def delete_queryset(self, request, queryset):
        # One at a time: each purges its own pages, and each article's address leads where the editor chose.
        for obj in queryset:
            self.delete_model(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(obj, "_pending_change", None) is None:
            return super().response_add(request, obj, post_url_continue)
        return self.response_change(request, obj)  # a new draft submitted for review: to its review page

    def response_change(self, request, obj):
        pending = getattr(obj, "_pending_change", None)
        if pending is None:
            return super().response_change(request, obj)
        self.message_user(
            request, SUBMITTED_MESSAGE if SUBMIT in request.POST else SAVED_MESSAGE, messages.SUCCESS
        )
        return redirect(reverse("admin:editorial_pendingchange_change", args=[pending.pk]))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Before Revert, what restoring the version changes, compared as a review is. A restore of a live
        page is a change for review: one already waiting gets these words in place of its own, so the
        restore page names it (a review found it replaced them without a word)."""
        ids_given = str(object_id).isdigit() and str(version_id).isdigit()
        item = self.get_object(request, object_id) if ids_given else None
        # A deleted item: the restore brings the whole page back (as a draft), not a few fields.
        extra = (
            {"restore_deleted": True} if item is None else self._restore_changes(request, item, version_id)
        )
        waiting = services.open_change(item) if services.is_live(item) else None
        if waiting is not None:
            extra["waiting_change"] = waiting
        return super().history_form_view(request, object_id, version_id, {**(extra_context or {}), **extra})

    def _restore_changes(self, request, item, version_id) -> dict:
        """The version against the item's latest one, in the fields a restore can set (the form's: never the
        status, the review sign-off or what the site works out itself), its related pages included."""
        records = self.model.history.filter(id=item.pk)
        version = records.filter(history_id=version_id).first()
        latest = records.order_by("-history_date", "-history_id").first()
        if version is None or latest is None or version.history_id == latest.history_id:
            return {"restore_changes": []}
        form_fields = self.get_form(request, item).base_fields  # a reviewer's holds the next review date too
        fields = [*self.model._meta.fields, *self.model._meta.many_to_many]
        names = [field.name for field in fields if field.name in form_fields]
        now, restored = version_values(latest, names), version_values(version, names)
        return {"restore_changes": diff.values_diffs(self.model, now, restored)}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Django's admin answers a save of a deleted item with a redirect home, and the typed words are gone.
        deletion = self._deleted_since_opened(request, object_id) if request.method == "POST" else None
        if deletion is not None:
            return self.deleted_while_editing(request, deletion)
        return super().change_view(request, object_id, form_url, extra_context)

    def _deleted_since_opened(self, request, object_id):
        """The history record of the item's deletion, if it is deleted (None if it exists or never did)."""
        if not str(object_id).isdigit() or not self.has_change_permission(request):
            return None
        if self.get_object(request, object_id) is not None:
            return None
        deletions = self.model.history.filter(id=object_id, history_type="-")
        return deletions.order_by("-history_date", "-history_id").first()

    def deleted_while_editing(self, request, deletion):
        """Nothing is saved (a restore is its own choice, from the history); the words posted are shown, read
        only, to copy."""
        response = admin_page(
            self,
            request,
            "admin/editorial/deleted_while_editing.html",
            f"Not saved: “{deletion.instance}” was deleted",
            deletion=deletion,
            typed=typed_text(self.model, request.POST),
            history_url=reverse(admin_urlname(self.opts, "history"), args=[deletion.id]),
        )
        response.status_code = 410  # Gone: nothing was saved
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        live = services.is_live(obj)
        context.update(
            is_live=live,
            pending_change=services.open_change(obj) if live else None,
            max_post_bytes=settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
            **editing_sessions.context(request, obj),
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- any two versions in the history, compared as a review is (editorial/diff.py) ---

    def get_urls(self):
        pages = [
            ("<path:object_id>/history/compare/", self.compare_view, "compare"),
            ("<path:object_id>/editing/", require_POST(self.editing_view), "editing"),
        ]
        return extra_urls(self, pages) + super().get_urls()

    def editing_view(self, request, object_id):
        """The ping of editing-now.js: who else has this page's form open."""
        obj = object_or_404(self.get_queryset(request), object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return editing_sessions.answer(request, obj)

    def compare_view(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        versions = self.model.history.filter(id=object_id) if str(object_id).isdigit() else None
        ids = [request.GET.get("from", ""), request.GET.get("to", "")]
        if versions is None or not all(i.isdigit() for i in ids):
            raise Http404
        older, newer = (get_object_or_404(versions, history_id=i) for i in ids)
        if (newer.history_date, newer.history_id) < (older.history_date, older.history_id):
            older, newer = newer, older
        names, opts = diff.page_fields(self.model), self.opts
        return admin_page(
            self,
            request,
            "admin/content_compare.html",
            f"Compare two versions: {newer.instance}",
            older=older,
            newer=newer,
            diffs=diff.values_diffs(self.model, version_values(older, names), version_values(newer, names)),
            history_url=reverse(admin_urlname(opts, "history"), args=[object_id]),
        )

    def history_view(self, request, object_id, extra_context=None):
        obj = self.model._default_manager.filter(pk=object_id).first() if str(object_id).isdigit() else None
        extra = {
            "is_live": services.is_live(obj),
            "pending_change": services.open_change(obj),
            **(extra_context or {}),
        }
        return super().history_view(request, object_id, extra)
