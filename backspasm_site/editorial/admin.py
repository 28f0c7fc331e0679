"""Changes to live pages in admin: the list, and one page per change to read its diff and act on it.

The page is thin: each button calls one function of services/, which decides whether it is allowed.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from backspasm_site.core.admin_bases import ReadOnlyAdmin, admin_page, extra_urls, object_or_404

from . import diff, editing_sessions, review_freeze, services
from .models import PendingChange, State
from .roles import APPROVE

PUBLISHED_MESSAGE = "Published: everyone can now see the change."
SENT_BACK_MESSAGE = "Sent back to the writer with your comment."
COMMENTED_MESSAGE = "Comment added."
SUBMITTED_MESSAGE = "Submitted for review."
SCHEDULED_MESSAGE = "Scheduled: it goes live on {when}. Until then the public sees the live page."
UNSCHEDULED_MESSAGE = "Taken off the schedule: it waits for review again."

# The buttons of the review page: each calls one service function and says what it did.


def _publish(request, change):
    with transaction.atomic():
        review_freeze.refuse_unseen(change, request.POST.get("seen"))
        services.publish(change=change, user=request.user)
    return PUBLISHED_MESSAGE


def _send_back(request, change):
    services.send_back(change=change, user=request.user, comment=request.POST.get("comment", ""))
    return SENT_BACK_MESSAGE


def _comment(request, change):
    services.add_comment(change=change, user=request.user, comment=request.POST.get("comment", ""))
    return COMMENTED_MESSAGE


def _submit(request, change):
    services.submit_for_review(change=change, user=request.user)
    return SUBMITTED_MESSAGE


def _schedule(request, change):
    with transaction.atomic():
        review_freeze.refuse_unseen(change, request.POST.get("seen"))
        at = services.chosen_time(request.POST.get("publish_at"), "Choose the date and time it goes live.")
        change = services.schedule_publish(change=change, user=request.user, at=at)
    return SCHEDULED_MESSAGE.format(when=services.when(change.publish_at))


def _unschedule(request, change):
    services.unschedule(change=change, user=request.user)
    return UNSCHEDULED_MESSAGE


ACTIONS = {
    "_publish": _publish,
    "_schedule": _schedule,
    "_unschedule": _unschedule,
    "_send_back": _send_back,
    "_comment": _comment,
    "_submit": _submit,
}


def page_admin_url(change, view: str) -> str:
    """The admin address of the changed page's `view` ("change", "history")."""
    return reverse(admin_urlname(change.model._meta, view), args=[change.object_id])


def preview_url(change, target) -> str | None:
    """Where staff see the change in place: the page's own address, or for checker wording the checker
    with every waiting change (symptom_checker/pending_preview.py)."""
    if change.content_type.app_label == "symptom_checker":
        return reverse("symptom_checker:preview-changes")
    return target.get_absolute_url() if hasattr(target, "get_absolute_url") else None


def checker_rules_for(change, target) -> dict:
    """For a change to a checker question or advice: what it leads to, worded as the change would word it,
    so the reviewer sees what the words take part in (the rules themselves are code: red_flags.py). For a
    question, the rules it is part of; for advice, the rules whose result shows it."""
    model = change.content_type.model
    if model not in ("questiontext", "advice") or target is None:
        return {}
    from backspasm_site.symptom_checker.models import QuestionText
    from backspasm_site.symptom_checker.rule_sheet import rules_for, rules_leading_to

    wording = dict(QuestionText.objects.values_list("code", "text"))
    if model == "questiontext":
        wording[target.code] = change.fields.get("text", wording.get(target.code))
        return {
            "heading": "What this question leads to (with the new wording)",
            "rows": rules_for(target.code, wording),
            "help": "Which answer leads where is set in code and reviewed there; check the new words "
            "still ask exactly this.",
        }
    rows = rules_leading_to(target.disposition, wording)
    return {
        "heading": f"Who reads this advice: the result “{target.get_disposition_display()}”",
        "rows": rows,
        "help": "A person meeting any of these rules is shown this advice; check it tells them to do what "
        "the level says."
        if rows
        else "Shown when none of the checker's rules applies: the person is told to look after "
        "themselves at home. Check it never reads as the advice for a warning sign.",
    }


@admin.register(PendingChange)
class PendingChangeAdmin(ReadOnlyAdmin):
    """Nothing to add (a change starts from the page's own form), change (only through the buttons of its
    review page) or delete (kept, with its comments, as part of the page's history)."""

    list_display = ["__str__", "kind", "state", "author", "waited", "goes_live", "updated_at"]
    list_filter = ["state", "content_type"]
    # No "publish the selected" list action: a reviewer publishes from each change's review page, where
    # every difference shows and the words they saw are checked (review_freeze), never blind from a list.
    actions = None

    @admin.display(description="Kind of page")
    def kind(self, change):
        return change.content_type.model_class()._meta.verbose_name.capitalize()

    @admin.display(description="Waiting for")
    def waited(self, change):
        return timesince(change.submitted_at) if change.state == State.SUBMITTED else ""

    @admin.display(description="Goes live", ordering="publish_at")
    def goes_live(self, change):
        return services.when(change.publish_at) if change.state == State.SCHEDULED else ""

    def _change_for(self, request, object_id, changes=PendingChange.objects) -> PendingChange:
        """The change a page is for (a 404 if there is none), if the user may see it."""
        change = object_or_404(changes, object_id)
        if not self.has_view_permission(request, change):
            raise PermissionDenied
        return change

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self._change_for(
            request, object_id, PendingChange.objects.select_related("author", "published_by")
        )
        if request.method == "POST":
            return self._act(request, change)
        target = change.target
        return admin_page(
            self,
            request,
            "admin/editorial/pendingchange/review.html",
            str(change),
            change=change,
            diffs=diff.field_diffs(change),
            live_changed=diff.live_changed_since_written(change) if change.is_open else [],
            events=change.events.select_related("user"),
            why_not_publish=services.why_not_publish(change=change, user=request.user),
            can_review=request.user.has_perm(APPROVE),
            can_submit=change.state in (State.DRAFT, State.SENT_BACK),
            edit_url=page_admin_url(change, "change") if target is not None else None,
            history_url=page_admin_url(change, "history"),
            preview_url=preview_url(change, target),
            waited=timesince(change.submitted_at) if change.state == State.SUBMITTED else None,
            time_zone=settings.TIME_ZONE,
            triggers=checker_rules_for(change, target),
            seen=review_freeze.seen_token(change) if change.is_open else "",
            **editing_sessions.context(request, change, editing_sessions.REVIEW_WARNING),
        )

    def get_urls(self):
        pages = [("<path:object_id>/editing/", require_POST(self.editing_view), "editing")]
        return extra_urls(self, pages) + super().get_urls()

    def editing_view(self, request, object_id):
        """The ping of editing-now.js: who else has this review page open."""
        return editing_sessions.answer(request, self._change_for(request, object_id))

    def _act(self, request, change):
        action = next((name for name in ACTIONS if name in request.POST), None)
        if action is None:
            raise PermissionDenied("No such action.")
        try:
            self.message_user(request, ACTIONS[action](request, change), messages.SUCCESS)
        except services.ChangeError as problem:  # e.g. acted on by someone else meanwhile: said, not a 403
            self.message_user(request, str(problem), messages.ERROR)
        return redirect(reverse("admin:editorial_pendingchange_change", args=[change.pk]))
