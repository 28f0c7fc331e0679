"""What every content admin shares: the history list with a readable diff, and restores that bring back
the links (related pages) a version had, not only its text.

django-simple-history keeps a full copy of an item on every save and delete; its admin lists them, shows
the changes between copies and restores ("Revert") any copy through the normal change form, so a restore
is an ordinary save: it is recorded in the history too and reaches the site at once.
"""

import difflib

from django import forms
from django.http import Http404
from django.utils.html import format_html_join
from markdownx.admin import MarkdownxModelAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import get_m2m_reverse_field_name

from .admin_bases import CheckedSelectionMixin


def changed_lines(old: str, new: str) -> tuple[list[str], list[str]]:
    """The lines only in `old` and the lines only in `new`, in order."""
    diff = list(difflib.ndiff(old.splitlines(), new.splitlines()))
    removed = [line[2:] for line in diff if line.startswith("- ")]
    return removed, [line[2:] for line in diff if line.startswith("+ ")]


class LineDiffContextHelper(HistoricalRecordContextHelper):
    """Multi-line text (page bodies, sources) shows as the lines removed and added, not two long strings."""

    def stringify_delta_change_values(self, change, old, new):
        if isinstance(old, str) and isinstance(new, str) and ("\n" in old or "\n" in new):
            removed, added = changed_lines(old, new)
            if removed or added:
                return (
                    format_html_join("", '<del class="diff-line">{}</del>', ((line,) for line in removed)),
                    format_html_join("", '<ins class="diff-line">{}</ins>', ((line,) for line in added)),
                )
        return super().stringify_delta_change_values(change, old, new)


class HistoryAwareForm(forms.ModelForm):
    """On a restore page, links to other items start as they were in that version, so they come back too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        record = getattr(self.instance, "_history", None)  # set by simple-history on a restored instance
        if record is None or self.is_bound:
            return
        if record.history_type == "-":
            # The deletion's own row: its links were removed with the page. Bring back the links it had
            # in the version before.
            record = record.prev_record or record
        for field in getattr(record, "_history_m2m_fields", []):
            if field.name in self.fields:
                target = get_m2m_reverse_field_name(field)
                rows = getattr(record, field.name).all()
                self.initial[field.name] = [getattr(row, f"{target}_id") for row in rows]


class ContentHistoryAdmin(CheckedSelectionMixin, SimpleHistoryAdmin, MarkdownxModelAdmin):
    form = HistoryAwareForm
    object_history_template = "admin/content_history.html"
    object_history_form_template = "admin/content_history_form.html"  # what a restore changes, first
    object_history_list_template = "admin/content_history_list.html"
    history_list_per_page = 50

    class Media:
        css = {"all": ["css/admin-content.css"]}

    # Tampered addresses get a 404, not a 500 from a non-numeric id reaching the database.
    def history_view(self, request, object_id, extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (str(object_id).isdigit() and str(version_id).isdigit()):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return LineDiffContextHelper(self.model, historical_record)
