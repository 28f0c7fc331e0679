"""A change to a live page, kept apart from the page until a clinical reviewer publishes it.

This app is not one of the page caches' content apps (settings.PAGE_CACHE_CONTENT_APPS): saving a pending
change touches no public page and makes nothing stale. Only publishing, which saves the live row, does.
The rules (who may write, submit, send back and publish) are in services/.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft: not sent for review yet"
    SUBMITTED = "submitted", "Waiting for review"
    SENT_BACK = "sent-back", "Sent back to the writer"
    SCHEDULED = "scheduled", "Scheduled to go live"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed: the page was taken down or deleted first"


# A change still being worked on or waited on: at most one of these per page.
OPEN_STATES = [State.DRAFT, State.SUBMITTED, State.SENT_BACK, State.SCHEDULED]


class PendingChange(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # The proposed value of each field the writer's form holds, as JSON: text as it is, dates as ISO
    # strings, links to other items ("related") as a sorted list of their ids.
    fields = models.JSONField(default=dict)
    # The same fields as they were live when the change was first written, to warn if the live page
    # changed meanwhile.
    live_when_written = models.JSONField(default=dict)
    reason = models.CharField("reason for change", max_length=200, blank=True)
    # A new page (a draft article) waiting for its first review: its words are the draft itself, so
    # `fields` stays empty; publishing it publishes the draft (services/drafts.py).
    new_page = models.BooleanField(default=False)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # Set when a clinical reviewer chose "Publish at" (state SCHEDULED): `manage.py publish_due` publishes it
    # then, as that reviewer.
    publish_at = models.DateTimeField("goes live at", null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "change to a live page"
        verbose_name_plural = "changes to live pages"
        permissions = [("approve_pendingchange", "Can publish or send back changes to live pages")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state__in=OPEN_STATES),
                name="one_open_change_per_page",
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]

    def __str__(self):
        if self.new_page:
            return f"New page: {self.target or 'a deleted page'}"
        return f"Change to {self.target or 'a deleted item'}"

    @property
    def kind_label(self) -> str:
        return "New page" if self.new_page else "Change to a live page"

    @property
    def mail_name(self) -> str:
        """How email names the change (notifications.py): a checker question by its code, because its
        name elsewhere is its wording, and mail never carries the site's text."""
        code = getattr(self.target, "code", None)
        if self.content_type.model == "questiontext" and code:
            return f"Change to the checker question “{code}”"
        return str(self)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def model(self):
        return self.content_type.model_class()


class Action(models.TextChoices):
    WROTE = "wrote", "Wrote the change"
    SUBMITTED = "submitted", "Submitted it for review"
    SENT_BACK = "sent-back", "Sent it back"
    COMMENTED = "commented", "Commented"
    SCHEDULED = "scheduled", "Scheduled it to go live"
    UNSCHEDULED = "unscheduled", "Took it off the schedule"
    PUBLISHED = "published", "Published it"
    REOPENED = "reopened", "Changed it after it was submitted"  # a new page's draft (review_freeze.py)
    CLOSED = "closed", "Closed it: the page was taken down or deleted"


class ChangeEvent(models.Model):
    """What happened to a change, with each comment: kept with the change after it is published."""

    change = models.ForeignKey(PendingChange, on_delete=models.CASCADE, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=12, choices=Action.choices)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.user}: {self.get_action_display()}"


class EditingSession(models.Model):
    """Who has a page's form (or a change's review page) open in admin now: the "also open" notice
    (editing_sessions.py). A staff account, a page and two times, nothing else; old rows are pruned."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    opened_at = models.DateTimeField()
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_editing_session_per_user_and_page"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "last_seen"])]

    def __str__(self):
        return f"{self.user} on {self.content_type.model} #{self.object_id}"
