"""Changes to live pages: written, submitted, sent back, commented on and published, by two people for
clinical content."""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from backspasm_site.page_cache import edge

from .. import notifications
from ..models import Action, PendingChange, State
from ..roles import APPROVE
from . import drafts, scheduling
from .common import (
    REASON_LENGTH,
    ChangeError,
    NotAllowed,
    _check_may_write,
    _check_reviewer,
    _event,
    _published,
    is_clinical,
    is_live,
    open_change,
    when,
)
from .values import apply_values, live_values


def writers(change: PendingChange) -> set[int]:
    found = set(change.events.filter(action=Action.WROTE).values_list("user_id", flat=True)) - {None}
    if change.new_page and change.target is not None:  # everyone who wrote the draft, not only who submitted
        found |= drafts.draft_writers(change.target)
    return found


def waiting_for_review():
    return PendingChange.objects.filter(state=State.SUBMITTED).select_related("author", "content_type")


@transaction.atomic
def save_change(*, obj, values: dict, user, reason: str = "", submit: bool = False) -> PendingChange:
    """Keep `values` as the pending change of the live item `obj` (its open change, or a new one)."""
    if not is_live(obj):
        raise ChangeError("Only a live page gets a pending change; a draft is changed directly.")
    model = type(obj)
    _check_may_write(model, user)
    change = _change_to_write(obj, values, user)
    values = _what_changes(obj, values, change)
    first_written_now = set(values) - set(change.live_when_written)
    if first_written_now:
        change.live_when_written.update(live_values(obj, first_written_now))
    change.fields = {**change.fields, **values}
    change.reason = reason.strip() or change.reason
    if is_clinical(model) and not change.reason:
        raise ChangeError(
            "Say why the page changes (the reason for change): the reviewer and the history need it."
        )
    change.save()
    _event(change, user, Action.WROTE)
    if submit and change.state != State.SUBMITTED:  # already waiting (a second writer pressed it too)
        submit_for_review(change=change, user=user)
    return change


def _what_changes(obj, values: dict, change: PendingChange) -> dict:
    """Only what the writer changes, or changed before: a field the form merely holds as it is live (the next
    review date on a reviewer's form, say) stays the live page's, so publishing never puts back an older
    value set since (a sign-off's date, say)."""
    live = live_values(obj, values)
    return {name: value for name, value in values.items() if value != live[name] or name in change.fields}


def _change_to_write(obj, values: dict, user) -> PendingChange:
    """The live item's open change, locked, or a new one (unsaved) if it has none."""
    change = open_change(obj)
    if change is not None:
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        if change.state == State.SCHEDULED:
            # The reviewer approved the words as they were: new words are reviewed again before going live.
            scheduling._take_off_schedule(
                change, user, State.DRAFT, "Changed after it was scheduled: it is reviewed again."
            )
        if change.is_open:
            return change
        # Not open: published meanwhile (by publish_due, say), so these words are a change of their own.
    return PendingChange(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        author=user,
        live_when_written=live_values(obj, values),
    )


@transaction.atomic
def submit_for_review(*, change: PendingChange, user) -> None:
    _check_may_write(change.model, user)
    if change.state not in (State.DRAFT, State.SENT_BACK):
        raise ChangeError(f"This change is not a draft, so it cannot be submitted. {what_happened(change)}")
    change.state, change.submitted_at = State.SUBMITTED, timezone.now()
    change.save(update_fields=["state", "submitted_at", "updated_at"])
    _event(change, user, Action.SUBMITTED)
    notifications.change_submitted(change, user, writers(change))


def what_happened(change: PendingChange) -> str:
    """The change's state, with who put it there and when, e.g. "It was sent back by rita on 3 June 2026,
    10:00.": what a person acting on an old copy of its page is told."""
    last = change.events.exclude(action__in=[Action.COMMENTED, Action.WROTE]).order_by("-at", "-pk").first()
    state = change.get_state_display().lower()
    if last is None:
        return f"It is now: {state}."
    who = last.user or "scheduled publishing"
    return f"It is now: {state} ({last.get_action_display().lower()}: {who}, {when(last.at)})."


@transaction.atomic
def send_back(*, change: PendingChange, user, comment: str) -> None:
    _check_reviewer(user)
    if not comment.strip():
        raise ChangeError("Write a comment that says what to change before sending it back.")
    if change.state != State.SUBMITTED:
        raise ChangeError(f"Only a change waiting for review can be sent back. {what_happened(change)}")
    change.state = State.SENT_BACK
    change.save(update_fields=["state", "updated_at"])
    _event(change, user, Action.SENT_BACK, comment.strip())
    notifications.change_sent_back(change, user, comment.strip(), writers(change))


def add_comment(*, change: PendingChange, user, comment: str) -> None:
    _check_may_write(change.model, user)
    if not comment.strip():
        raise ChangeError("The comment is empty.")
    _event(change, user, Action.COMMENTED, comment.strip())


def why_not_publish(*, change: PendingChange, user, waiting_in: str = State.SUBMITTED) -> str | None:
    """Why `user` may not publish `change` now, in plain words; None if they may. `waiting_in`: the state it
    must be in (SCHEDULED when its scheduled time has come)."""
    if user is None:
        return "The clinical reviewer who scheduled it no longer has an account."
    if not user.has_perm(APPROVE):
        return "Only a clinical reviewer can publish a change."
    if change.state != waiting_in:
        return f"Only a change waiting for review can be published. {what_happened(change)}"
    if change.target is None:
        return "The page this change is for no longer exists."
    if change.new_page:
        return drafts.why_not_publish_draft(article=change.target, user=user)
    if not is_live(change.target):  # never written over a draft's own words
        return "The page this change is for is not published now, so the change cannot go live."
    if is_clinical(change.model) and user.pk in writers(change):
        return "You wrote part of this change, so another clinical reviewer must check and publish it."
    return address_taken(change)


def refuse_if(change: PendingChange, refusal: str | None) -> None:
    """Raise `refusal`: a ChangeError (said on the page) if the change moved on or its address was taken
    meanwhile, which the person could not know; NotAllowed (403) if it is a rule they are not allowed past,
    which only a crafted post reaches (the page offers no such button)."""
    if refusal is None:
        return
    target = change.target
    gone = target is None or not (change.new_page or is_live(target))  # deleted, or taken down
    moved_on = change.state != State.SUBMITTED or gone or address_taken(change)
    raise (ChangeError if moved_on else NotAllowed)(refusal)


def address_taken(change: PendingChange) -> str | None:
    """Why the change cannot go live if another page took a value only one page may have (its address, the
    slug) since it was written; None if none did."""
    model = change.model
    for name, value in change.fields.items():
        field = model._meta.get_field(name)
        if not field.unique or field.primary_key:
            continue
        other = model._default_manager.filter(**{name: value}).exclude(pk=change.object_id).first()
        if other is not None:
            return (
                f"Another page, “{other}”, now has the {field.verbose_name} “{value}”. Edit the change to "
                f"give this page another {field.verbose_name}, then publish it."
            )
    return None


def publish(*, change: PendingChange, user):
    """Apply the change to the live row, in one transaction; the history records who, why and what."""
    try:
        with transaction.atomic():
            change = PendingChange.objects.select_for_update().get(pk=change.pk)
            refuse_if(change, why_not_publish(change=change, user=user))
            return _apply(change, user)
    except IntegrityError:  # another page took its address between the check and the save
        raise ChangeError(address_taken(change) or "It could not be saved: nothing was published.") from None


def _apply(change: PendingChange, user):
    """Save the change into the live row, as `user`: inside the caller's transaction, with `change` locked
    and the checks made. Saving the row is what makes the page caches forget the old page."""
    target = change.model._default_manager.select_for_update().get(pk=change.object_id)
    if change.new_page:
        drafts._put_draft_live(target, user, history_reason(change))
        _close(change, user)
        return target
    links = apply_values(target, change.fields)
    edge.note_listing(type(target), target)  # before saving: whether the change moves it in the lists
    target._change_reason = history_reason(change)
    target._history_user = user
    for name, ids in links.items():
        related = getattr(target, name)
        related.set(related.model._default_manager.filter(pk__in=ids))  # a history record only if they differ
    target.save()
    _published(target)
    _close(change, user)
    return target


def _close(change: PendingChange, user) -> None:
    """The change is live: kept, with its comments, as part of the page's history; its writers are told."""
    change.state, change.published_at, change.published_by = State.PUBLISHED, timezone.now(), user
    change.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    _event(change, user, Action.PUBLISHED)
    notifications.change_published(change, user, writers(change))


def history_reason(change: PendingChange) -> str:
    writer = f" by {change.author}" if change.author else ""
    reason = f"Change #{change.pk}{writer}, approved: {change.reason or 'no reason given'}"
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"
