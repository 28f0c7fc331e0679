"""Publishing a change at a chosen time, and taking a page down at one: `publish_due` runs every minute."""

import datetime
import logging
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from backspasm_site.articles.models import Article

from .. import notifications
from ..models import Action, PendingChange, State
from ..roles import PUBLISH
from . import changes, drafts
from .common import ChangeError, NotAllowed, _check_reviewer, _event, _published, is_live, when

logger = logging.getLogger(__name__)


def chosen_time(value, missing: str) -> datetime.datetime:
    """A time chosen in a browser's date-time field, which sends no zone: in the site's time zone. `missing`
    is what the editor is told if the field holds no time."""
    try:
        return forms.DateTimeField().clean(value or "")
    except ValidationError:
        raise ChangeError(missing) from None


def _check_future(at, now, otherwise: str) -> None:
    if at is None or timezone.is_naive(at):
        raise ChangeError("Choose the date and time.")
    if at <= (now or timezone.now()):
        raise ChangeError(f"Choose a time still to come, or {otherwise}.")


def schedule_publish(*, change: PendingChange, user, at: datetime.datetime) -> PendingChange:
    """Publish `change` at `at` instead of now. Only who may publish it now may (`why_not_publish`): the
    two-person rule holds; the checks are made again when the time comes."""
    with transaction.atomic():
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        changes.refuse_if(change, changes.why_not_publish(change=change, user=user))
        _check_future(at, None, "publish it now")
        change.state, change.publish_at, change.scheduled_by = State.SCHEDULED, at, user
        change.save(update_fields=["state", "publish_at", "scheduled_by", "updated_at"])
        _event(change, user, Action.SCHEDULED, f"Goes live on {when(at)}.")
        notifications.change_scheduled(change, user, changes.writers(change), when(at))
    return change


def _take_off_schedule(change: PendingChange, user, state: str, comment: str) -> None:
    change.state, change.publish_at, change.scheduled_by = state, None, None
    change.save(update_fields=["state", "publish_at", "scheduled_by", "updated_at"])
    _event(change, user, Action.UNSCHEDULED, comment)


def unschedule(*, change: PendingChange, user) -> PendingChange:
    """Back to waiting for review: it goes live only when a reviewer publishes or schedules it again."""
    _check_reviewer(user)
    with transaction.atomic():
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        if change.state != State.SCHEDULED:
            raise ChangeError("This change is not scheduled to go live.")
        _take_off_schedule(change, user, State.SUBMITTED, "Cancelled the scheduled time: waiting for review.")
    return change


def schedule_take_down(*, article: Article, user, at: datetime.datetime | None, now=None) -> Article:
    """When a published article is taken down (None: it stays up). Like unpublishing: no second person.
    Only this field of the stored row is saved, never edits waiting in a form."""
    if not user.has_perm(PUBLISH):
        raise NotAllowed("Only a clinical reviewer can take a page down.")
    if at is not None:
        _check_future(at, now, "unpublish it now")
        if not is_live(article):
            raise ChangeError("Only a published page can be taken down; this one is a draft.")
    article = Article.objects.get(pk=article.pk)
    article.take_down_at = at
    article._change_reason = f"Take-down scheduled for {when(at)}" if at else "Scheduled take-down cancelled"
    article._history_user = user
    article.save()
    _published(article, moved=False)
    return article


@dataclass
class DueDone:
    published: list[PendingChange] = field(default_factory=list)
    refused: list[tuple[PendingChange, str]] = field(default_factory=list)  # back to waiting for review
    taken_down: list[Article] = field(default_factory=list)


def publish_due(*, now=None) -> DueDone:
    """Publish the scheduled changes and take down the articles whose time has come (at or before `now`).

    Safe to run every minute, and by two runs at once: each item is locked (select_for_update; on SQLite the
    transaction takes the write lock) and its state and time read again before anything is done, so nothing
    is published or taken down twice. A change its reviewer may no longer publish goes back to waiting.
    """
    now = now or timezone.now()
    done = DueDone()
    # Take-downs first: an out-of-date page must come down even if a change fails to go live.
    ending = Article.objects.published().filter(take_down_at__lte=now)
    for pk in list(ending.order_by("take_down_at", "pk").values_list("pk", flat=True)):
        with transaction.atomic():
            article = ending.select_for_update().filter(pk=pk).first()
            if article is None:
                continue  # another run took it down first, or it was changed meanwhile
            drafts._take_down(article, None, "Taken down as scheduled")
            done.taken_down.append(article)
    due = PendingChange.objects.filter(state=State.SCHEDULED, publish_at__lte=now)
    for pk in list(due.order_by("publish_at", "pk").values_list("pk", flat=True)):
        try:
            _publish_one_due(due, pk, done)
        except Exception as error:  # one change that cannot go live (its slug taken since) stops no other
            logger.exception("Scheduled change #%s could not be published", pk)
            _return_to_review(
                pk, f"Not published as scheduled: it could not be saved ({type(error).__name__})."
            )
            done.refused.append((PendingChange.objects.get(pk=pk), "it could not be saved"))
    return done


def _publish_one_due(due, pk: int, done: DueDone) -> None:
    with transaction.atomic():
        # Read again under the lock: None if another run published it first or it was changed meanwhile.
        change = due.select_for_update().filter(pk=pk).first()
        if change is None:
            return
        refusal = changes.why_not_publish(change=change, user=change.scheduled_by, waiting_in=State.SCHEDULED)
        if refusal:
            _take_off_schedule(change, None, State.SUBMITTED, f"Not published as scheduled: {refusal}")
            done.refused.append((change, refusal))
            return
        changes._apply(change, change.scheduled_by)
        done.published.append(change)


def _return_to_review(pk: int, comment: str) -> None:
    with transaction.atomic():
        change = PendingChange.objects.select_for_update().filter(pk=pk, state=State.SCHEDULED).first()
        if change is not None:
            _take_off_schedule(change, None, State.SUBMITTED, comment)
