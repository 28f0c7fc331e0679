"""Articles in admin: drafts, changes to published pages, deliberate publishing, review dates, history.

The rules are in backspasm_site/editorial/services/; this admin calls them:
- Status changes only through the publish/unpublish buttons and list actions (Clinical reviewer), and
  whoever wrote a draft cannot publish it. Saving a form or restoring an old version never changes the
  status; a restored deleted article comes back as a draft.
- A published article's form saves a change for review, never the live page (editorial/live_admin.py).
- "Last reviewed" changes only by "Mark reviewed" (Clinical reviewer); the next review date also by the form.

With thousands of articles the list is paged and reads no more per row than the row's own columns (the
reading grade is stored on save); related pages are found by typing their title, never listed all at once,
and a page is never offered as related to itself.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from backspasm_site.core.admin_bases import admin_page, extra_urls, object_or_404
from backspasm_site.core.image_uploads import unused_pictures
from backspasm_site.editorial import review_freeze, services
from backspasm_site.editorial.live_admin import SUBMIT, LiveChangeForm, LiveContentAdmin
from backspasm_site.editorial.models import OPEN_STATES, PendingChange
from backspasm_site.editorial.roles import PUBLISH, REVIEW
from backspasm_site.moved_pages import moves

from . import quality, readability
from .models import REVIEW_SOON_DAYS, Article, Status

PUBLISHED_MESSAGE = "Published: everyone can now see this page."
UNPUBLISHED_MESSAGE = "Unpublished: the page is a draft again, hidden from the public."
REVIEWED_MESSAGE = "Marked reviewed today; the next review is due on {due:%d %B %Y}."
REVIEWED_SOME_MESSAGE = "Marked reviewed today:"
KEPT_AS_DRAFT_MESSAGE = "Saved as a draft. A clinical reviewer publishes it."
REOPENED_MESSAGE = (
    "You changed the words after the page was submitted, so it is back to a draft and the reviewers were "
    "told. Press “Save and submit for review” when it is ready."
)
NEVER_REVIEWED = "Never reviewed"
# The buttons under an article's form (templates/admin/articles/article/), what each asks of the services,
# and what the editor is told once it is done.
FORM_BUTTONS = {"_unpublish": "unpublish", "_publish": "publish"}
BUTTON_MESSAGES = {"unpublish": UNPUBLISHED_MESSAGE, "publish": PUBLISHED_MESSAGE}
NOTE_LENGTH = 80  # what fits in the history's reason with "Marked reviewed: "
NOTE_NEEDED = "Say in a few words what you checked: it is kept in the page's history."
TAKE_DOWN_MESSAGE = "This page is taken down (back to a draft) on {when}."
TAKE_DOWN_CANCELLED_MESSAGE = "No take-down is scheduled: the page stays up."
TAKE_DOWN_NO_TIME = "Choose the date and time the page is taken down."


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review due"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due in the next {REVIEW_SOON_DAYS} days"),
            ("later", "Not due yet"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.review_overdue(today)
        if self.value() == "soon":
            return queryset.review_due_soon(today)
        if self.value() == "later":
            return queryset.filter(next_review_due__gt=today + timedelta(days=REVIEW_SOON_DAYS))
        return queryset


LEAVE_OUT = "leave_out"  # the autocomplete's parameter naming the page being edited


class RelatedPagesWidget(AutocompleteSelectMultiple):
    """Related pages, found as the editor types (admin's autocomplete), leaving out the page being edited."""

    leave_out = None  # the edited article's id, set by ArticleForm

    def get_url(self):
        url = super().get_url()
        return f"{url}?{urlencode({LEAVE_OUT: self.leave_out})}" if self.leave_out else url


class ArticleForm(LiveChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A tampered id ("abc") among the related pages broke the widget's redraw (a 500): left out.
        if self.is_bound and "related" in self.data and hasattr(self.data, "getlist"):
            self.data = self.data.copy()
            self.data.setlist("related", [pk for pk in self.data.getlist("related") if pk.isdigit()])
        related = self.fields.get("related")
        if related is not None and self.instance.pk:
            # Refused if posted anyway, and left out of what the search offers.
            related.queryset = related.queryset.exclude(pk=self.instance.pk)
            getattr(related.widget, "widget", related.widget).leave_out = self.instance.pk
        body = self.fields.get("body")
        if body is not None:  # article-quality.js posts the text here as the editor writes
            body.widget.attrs["data-check-url"] = reverse("article_quality_check")

    def clean_next_review_due(self):
        """The next review comes after the last one: the public page shows both dates."""
        due = self.cleaned_data.get("next_review_due")
        stored = Article.objects.filter(pk=self.instance.pk).values_list("last_reviewed", flat=True).first()
        if due and stored and due <= stored:
            raise ValidationError(
                f"The next review must come after the last one ({stored:%d %B %Y}). Choose a later date."
            )
        return due


@admin.register(Article)
class ArticleAdmin(LiveContentAdmin):
    form = ArticleForm
    change_form_template = "admin/articles/article/change_form.html"  # the live form's, with publishing
    delete_confirmation_template = "admin/articles/article/delete_confirmation.html"  # where it leads
    delete_selected_confirmation_template = "admin/articles/article/delete_selected_confirmation.html"
    # Short cells, so the list fits 1280 px with its filters: "Published"/"Draft", dates as "25 Nov 2027".
    list_display = ["title", "topic", "shown_status", "reading_grade", "last_review", "review_due"]
    list_filter = ["status", "topic", ReviewDueFilter]
    list_per_page = 50
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["related"]
    # take_down_at: set only by its own form under the page's form (_take_down), never by a save.
    readonly_fields = ["status", "reading_age", "take_down_at"]
    # No "publish the selected": a page is published from its review or its own form, where its words show.
    actions = ["unpublish_selected", "mark_selected_reviewed", "delete_selected"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "topic", "order", "status"]}),
        ("Page text", {"fields": ["body", "reading_age"]}),
        ("Sources and review", {"fields": ["sources", "last_reviewed", "next_review_due", "related"]}),
        ("Taking the page down", {"fields": ["take_down_at"]}),
        (None, {"fields": ["change_reason", "opened_version"]}),
    ]

    class Media:
        js = ["js/article-quality.js"]  # the reading grade and warnings, live, under the text

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "related":
            kwargs["widget"] = RelatedPagesWidget(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _is_related_pages_search(self, request) -> bool:
        is_autocomplete = getattr(request.resolver_match, "url_name", None) == "autocomplete"
        return is_autocomplete and request.GET.get("field_name") == "related"

    def get_search_fields(self, request):
        # Editors pick related pages by title; searching every page's text on each key press would be slow.
        return ["title"] if self._is_related_pages_search(request) else super().get_search_fields(request)

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        leave_out = request.GET.get(LEAVE_OUT, "")
        if self._is_related_pages_search(request) and leave_out.isdigit():
            queryset = queryset.exclude(pk=leave_out)
        return queryset, may_have_duplicates

    # --- permissions ---

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH)

    def has_review_permission(self, request):
        return request.user.has_perm(REVIEW)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "last_reviewed"]  # by sign-off only
        if not self.has_review_permission(request):
            fields.append("next_review_due")
        return fields

    # --- saving: status and review dates are decided by the services, never by the posted form ---

    def save_model(self, request, obj, form, change):
        restoring_deleted = (
            getattr(obj, "_history", None) is not None and not Article.objects.filter(pk=obj.pk).exists()
        )
        self._save_model(request, obj, form, change)
        # Deleting a page removed it from other pages' "related"; restoring it names them to put it back.
        pages = services.pages_that_listed(obj.pk) if restoring_deleted else []
        if pages:
            names = ", ".join(f"“{page}”" for page in pages)
            self.message_user(
                request,
                f"Before it was deleted, {names} listed this page under Related. Add it back on each page "
                "if it still fits (a change to a live page goes through review).",
                messages.WARNING,
            )

    def _save_model(self, request, obj, form, change):
        services.keep_what_the_form_may_not_set(obj, request.user)
        submitting = obj.status == Status.DRAFT and SUBMIT in request.POST
        # Before the buttons, so none skips it; said only if no button was refused (a refusal undoes it).
        reopened = change and self._reopen_review_if_new_words(request, obj, form, resubmitting=submitting)
        if self._pressed_publish_or_unpublish(request, obj, form):
            return
        self._say_where_the_draft_stands(request, obj, reopened=reopened, submitting=submitting)
        super().save_model(request, obj, form, change)
        if submitting:  # a new page goes through the same review as a change (the response says so)
            obj._pending_change = services.submit_draft(
                article=obj, user=request.user, reason=form.cleaned_data.get("change_reason", "")
            )

    @staticmethod
    def _reopen_review_if_new_words(request, obj, form, *, resubmitting: bool) -> bool:
        """New words in a draft under review: its review goes back to a draft (editorial/review_freeze.py)."""
        # A deleted page restored counts too (all its words are written now): deleting closes its review,
        # but one deleted another way, or before that, left it open (and scheduled).
        under_review = obj.status == Status.DRAFT and services.open_change(obj) is not None
        new_words = under_review and services.form_writes_content(form)
        return bool(new_words and review_freeze.draft_edited(obj, request.user, resubmitting=resubmitting))

    def _say_where_the_draft_stands(self, request, obj, *, reopened: bool, submitting: bool) -> None:
        if submitting:  # the response says it is submitted
            return
        if reopened:
            self.message_user(request, REOPENED_MESSAGE, messages.WARNING)
        if obj.status == Status.DRAFT and not self.has_publish_permission(request):
            self.message_user(request, KEPT_AS_DRAFT_MESSAGE)

    def _pressed_publish_or_unpublish(self, request, obj, form) -> bool:
        """The form's Publish or Unpublish button, done by the services (True), or neither pressed (False)."""
        pressed = next((action for name, action in FORM_BUTTONS.items() if name in request.POST), None)
        # Whether the form changes the words, for publishing (and it needs the row to exist).
        writing_now = pressed == "publish" and services.form_writes_content(form)
        if pressed == "unpublish":  # where its address leads from now on (moved_pages/moves.py)
            obj._moved_to = moves.chosen_destination(obj, request.POST.get("moved_to"))
        if not services.press(article=obj, user=request.user, button=pressed, writing_now=writing_now):
            return False
        self.message_user(request, BUTTON_MESSAGES[pressed].format(due=obj.next_review_due))
        if pressed == "unpublish":
            self._say_where_it_leads(request, obj)
        return True

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Warnings, never refusals: the page is saved (or its change kept) either way.
        body, slug = form.cleaned_data.get("body", ""), form.cleaned_data.get("slug", "")
        for warning in quality.for_editor(body, slug)["warnings"]:
            self.message_user(request, warning, messages.WARNING)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        saved = obj is not None and obj.pk is not None
        # On Add, every word is the user's own: never theirs to publish, so "Save and publish" is not offered.
        why_not = services.why_not_publish_draft(article=obj, user=request.user, writing_now=not saved)
        context.update(
            can_publish=self.has_publish_permission(request),
            can_review=self.has_review_permission(request),
            why_not_publish=why_not,
            draft_review=services.open_change(obj) if saved and not obj.is_published else None,
            moved_to_choices=moves.destinations(obj) if obj and obj.is_published else None,
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- deleting: a published page's address leads where the editor chooses (moved_pages/moves.py) ---

    def delete_view(self, request, object_id, extra_context=None):
        article = Article.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        choices = moves.destinations(article) if article and article.is_published else None
        return super().delete_view(request, object_id, {**(extra_context or {}), "moved_to_choices": choices})

    @admin.action(description="Delete selected articles", permissions=["delete"])
    def delete_selected(self, request, queryset):
        """Django's own, asking where each published page's address should lead, as for one page."""
        response = django_delete_selected(self, request, queryset)
        if isinstance(response, TemplateResponse):
            published = queryset.filter(status=Status.PUBLISHED).order_by("title")
            response.context_data["moved_to_each"] = [(a, moves.destinations(a)) for a in published]
        return response

    def delete_model(self, request, obj):
        chosen = request.POST.get(f"moved_to_{obj.pk}", request.POST.get("moved_to"))
        obj._moved_to = moves.chosen_destination(obj, chosen)
        was_published = obj.is_published
        super().delete_model(request, obj)
        if was_published:
            self._say_where_it_leads(request, obj)

    def _say_where_it_leads(self, request, article):
        where = moves.destination_of(moves.address_of(article.slug))
        self.message_user(request, f"Its address now leads to {where} (change it under “Moved pages”).")

    # --- list actions ---

    def _each(self, request, queryset, service, done: str, **kwargs) -> None:
        """Each article saved on its own, so history and the site see every change; refusals are named."""
        count = 0
        for article in queryset:
            try:
                service(article=article, user=request.user, **kwargs)
                count += 1
            except services.NotAllowed as refusal:
                self.message_user(request, f"{article}: {refusal}", messages.ERROR)
        self.message_user(request, f"{done} {count} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected articles (back to draft)", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        self._each(request, queryset.filter(status=Status.PUBLISHED), services.unpublish, "Unpublished")

    @admin.action(description="Mark the selected articles reviewed today…", permissions=["review"])
    def mark_selected_reviewed(self, request, queryset):
        """A confirmation page first, with a note of what was checked, as for one page."""
        note = " ".join(request.POST.get("note", "").split())[:NOTE_LENGTH]
        if "confirm" in request.POST and note:
            self._each(request, queryset, services.mark_reviewed, REVIEWED_SOME_MESSAGE, note=note)
            return None
        return self._confirm_reviewed(request, list(queryset), note_missing="confirm" in request.POST)

    def _confirm_reviewed(self, request, articles, *, note_missing=False, next_url=""):
        return admin_page(
            self,
            request,
            "admin/articles/article/mark_reviewed.html",
            "Mark reviewed today",
            articles=articles,
            note_length=NOTE_LENGTH,
            note_error=NOTE_NEEDED if note_missing else "",
            next_url=next_url,
            action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
            from_list="action" in request.POST,  # the list action: post the choice back to the list
        )

    # --- extra admin pages: one-click "mark reviewed", and deleted articles to restore ---

    def get_urls(self):
        get_or_post = require_http_methods(["GET", "POST"])
        pages = [
            ("<path:object_id>/mark-reviewed/", get_or_post(self._mark_reviewed), "mark_reviewed"),
            ("<path:object_id>/take-down/", require_POST(self._take_down), "take_down"),
            ("deleted/", self.deleted_view, "deleted"),
            ("unused-pictures/", self.unused_pictures_view, "unused_pictures"),
        ]
        return extra_urls(self, pages) + super().get_urls()

    @staticmethod
    def _article_for(object_id, allowed: bool) -> Article:
        """The article a button's own POST is for: 403 if the user may not press it, then 404 if no such."""
        if not allowed:
            raise PermissionDenied
        return object_or_404(Article, object_id)

    def _mark_reviewed(self, request, object_id):
        """A clinical sign-off, confirmed on its own page with a note of what was checked."""
        article = self._article_for(object_id, self.has_review_permission(request))
        next_url = request.POST.get("next", request.GET.get("next", ""))
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = ""
        note = " ".join(request.POST.get("note", "").split())[:NOTE_LENGTH]
        if request.method == "GET" or not note:
            return self._confirm_reviewed(
                request, [article], note_missing=request.method == "POST", next_url=next_url
            )
        services.mark_reviewed(article=article, user=request.user, note=note)
        self.message_user(
            request, f"{article}: " + REVIEWED_MESSAGE.format(due=article.next_review_due), messages.SUCCESS
        )
        return redirect(next_url or reverse("admin:articles_article_change", args=[article.pk]))

    def _take_down(self, request, object_id):
        article = self._article_for(object_id, self.has_publish_permission(request))
        try:
            at = None  # "Cancel the take-down"
            if "_cancel_take_down" not in request.POST:
                at = services.chosen_time(request.POST.get("take_down_at"), TAKE_DOWN_NO_TIME)
            article = services.schedule_take_down(article=article, user=request.user, at=at)
        except services.ChangeError as problem:
            self.message_user(request, str(problem), messages.ERROR)
        else:
            done = TAKE_DOWN_MESSAGE.format(when=services.when(at)) if at else TAKE_DOWN_CANCELLED_MESSAGE
            self.message_user(request, f"{article}: {done}", messages.SUCCESS)
        return redirect("admin:articles_article_change", article.pk)

    def deleted_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        existing = Article.objects.values("pk")
        records = (
            Article.history.filter(history_type="-")
            .exclude(id__in=existing)
            .select_related("history_user")
            .order_by("-history_date")
        )
        latest = {}
        for record in records:
            latest.setdefault(record.id, record)
        deleted = [
            (record, reverse("admin:articles_article_history", args=[record.id]))
            for record in latest.values()
        ]
        return admin_page(
            self, request, "admin/articles/article/deleted.html", "Deleted articles", deleted=deleted
        )

    def unused_pictures_view(self, request):
        """Uploaded pictures no page, draft, waiting change, site text or advice uses, listed for removal
        (core/image_uploads.py; `manage.py unused_pictures` lists the same): removed by hand after a
        backup, since an old version in a page's history may still show one."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        base = settings.MEDIA_URL + settings.MARKDOWNX_MEDIA_PATH
        return admin_page(
            self,
            request,
            "admin/articles/article/unused_pictures.html",
            "Pictures no page uses",
            pictures=[(name, base + name) for name in unused_pictures()],
            folder=f"MEDIA_ROOT/{settings.MARKDOWNX_MEDIA_PATH}",
        )

    # --- what the editor sees about each article ---

    def get_queryset(self, request):
        # Whether a change waits for each listed page, in the list's one query rather than one per row.
        waiting = PendingChange.objects.filter(
            content_type=ContentType.objects.get_for_model(Article),
            object_id=OuterRef("pk"),
            state__in=OPEN_STATES,
        )
        return super().get_queryset(request).annotate(change_waiting=Exists(waiting))

    @admin.display(description="Status", ordering="status")
    def shown_status(self, obj):
        shown = "Published" if obj.status == Status.PUBLISHED else "Draft"
        return f"{shown}, change waiting" if getattr(obj, "change_waiting", False) else shown

    @admin.display(description="Review due", ordering="next_review_due")
    def review_due(self, obj):
        return obj.next_review_due.strftime("%d %b %Y") if obj.next_review_due else ""

    @admin.display(description="Last reviewed", ordering="last_reviewed")
    def last_review(self, obj):
        return obj.last_reviewed.strftime("%d %b %Y") if obj.last_reviewed else NEVER_REVIEWED

    @admin.display(description="Reading age")
    def reading_age(self, obj):
        if obj is None or obj.pk is None:
            return "Shown once the page is saved."
        return readability.describe(obj.reading_grade)
