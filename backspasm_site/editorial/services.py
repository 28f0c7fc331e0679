"""Changing live pages, in one place: the admin, commands and tests all call these.

- A live page (a published article; site text, checker questions and advice are always live) is never
  changed by a form. A save keeps the change as a PendingChange; the public keeps seeing the live row,
  and its cached pages stay current, since nothing public was saved.
- A writer submits the change for review; a clinical reviewer publishes it or sends it back with a
  comment. Publishing saves the live row in one transaction, with the reason in its history, and names
  what changed (`_published`: page_cache/edge.py content_changed, which purges those pages once it commits).
- Two people for clinical content (articles, checker questions, advice): whoever wrote any of a change
  cannot publish it, and whoever wrote a draft article cannot publish that draft.
- "Last reviewed" changes only by a clinical reviewer's deliberate sign-off (`mark_reviewed`).
- A reviewer who may publish a change now may instead schedule it ("Publish at"); `publish_due`, run every
  minute by `manage.py publish_due`, publishes it then through the same path, after the same checks again,
  and takes down the articles whose "take down at" time has come.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import dateformat, timezone

from backspasm_site.articles.models import Article, Status
from backspasm_site.core.markdown import render_body
from backspasm_site.page_cache import edge

from . import notifications
from .models import OPEN_STATES, Action, ChangeEvent, PendingChange, State
from .roles import APPROVE, PUBLISH, REVIEW

logger = logging.getLogger(__name__)

# Content a second person must check: what the checker and the articles tell people about their health.
CLINICAL_MODELS = {"articles.article", "symptom_checker.questiontext", "symptom_checker.advice"}

# Fields that record decisions about a page, not its writing.
CONTENT_EXCLUDED = {"status", "last_reviewed", "next_review_due", "take_down_at"}

# history_change_reason holds 100 characters.
REASON_LENGTH = 100


class NotAllowed(PermissionDenied):
    """Refused by a rule; the message says why in plain words."""


class ChangeError(ValueError):
    """A request that cannot be done as asked (wrong state, a comment missing); the message says why."""


# --- what is live, what is clinical ---


def is_clinical(model) -> bool:
    return model._meta.label_lower in CLINICAL_MODELS


def is_live(obj) -> bool:
    """Whether the public sees this item now, judged on the stored row (`obj` may hold unsaved edits)."""
    if obj is None or obj.pk is None:
        return False
    if isinstance(obj, Article):
        return Article.objects.filter(pk=obj.pk, status=Status.PUBLISHED).exists()
    return type(obj)._default_manager.filter(pk=obj.pk).exists()


def open_change(obj) -> PendingChange | None:
    if obj is None or obj.pk is None:
        return None
    return (
        PendingChange.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk, state__in=OPEN_STATES
        )
        .select_related("author")
        .first()
    )


def writers(change: PendingChange) -> set[int]:
    found = set(change.events.filter(action=Action.WROTE).values_list("user_id", flat=True)) - {None}
    if change.new_page and change.target is not None:
        found |= draft_writers(change.target)  # everyone who wrote the draft, not only who submitted it
    return found


def waiting_for_review():
    return PendingChange.objects.filter(state=State.SUBMITTED).select_related("author", "content_type")


# --- field values as JSON ---


def _field(model, name):
    return model._meta.get_field(name)


def to_json(field, value):
    if field.many_to_many:
        return sorted(item.pk for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace("\r\n", "\n")  # browsers post CRLF; the live rows hold LF (render_body)
    return value


def live_values(obj, names) -> dict:
    stored = type(obj)._default_manager.get(pk=obj.pk)
    return {
        name: to_json(_field(type(obj), name), _field(type(obj), name).value_from_object(stored))
        for name in names
    }


def values_from_form(form) -> dict:
    """The model fields a change form holds, as the writer left them."""
    model = form._meta.model
    names = {f.name for f in model._meta.get_fields() if getattr(f, "editable", False) and not f.primary_key}
    return {
        name: to_json(_field(model, name), value)
        for name, value in form.cleaned_data.items()
        if name in names
    }


def form_writes_content(form) -> bool:
    """Whether a posted form changes the words or links of its stored item (not only its review dates)."""
    instance = form.instance
    if instance.pk is None:
        return True
    values = {k: v for k, v in values_from_form(form).items() if k not in CONTENT_EXCLUDED}
    return values != live_values(instance, values)


def apply_values(obj, values: dict) -> dict:
    """Set the plain fields of `values` on `obj` (unsaved); return the links, {field name: [ids]}."""
    links = {}
    for name, value in values.items():
        field = _field(type(obj), name)
        if field.many_to_many:
            links[name] = value
        elif field.is_relation:
            setattr(obj, field.attname, value)
        else:
            setattr(obj, name, field.to_python(value))
    return links


def preview(obj, change: PendingChange):
    """A copy of `obj` as the change would make it, never saved: for staff previews and diffs."""
    copy = type(obj)._default_manager.get(pk=obj.pk)
    links = apply_values(copy, change.fields)
    if hasattr(copy, "body_html"):
        render_body(copy)
    copy._pending_links = links
    return copy


# --- the version a form was opened on: a save over someone else's newer save is refused ---


@dataclass
class Version:
    """What an item's form shows now: the live row's last save and the words last written into its open
    change. `token` goes in the form as it opens; `by` and `at` say who saved last, and when."""

    token: str
    by: object = None
    at: datetime.datetime | None = None


def current_version(obj) -> Version:
    if obj is None or obj.pk is None:
        return Version("new")
    saved = obj.history.filter(id=obj.pk).order_by("-history_date", "-history_id").first()
    change = open_change(obj)
    wrote = change.events.filter(action=Action.WROTE).order_by("-at", "-pk").first() if change else None
    token = f"{saved.history_id if saved else 0}.{wrote.pk if wrote else 0}"
    saves = [(saved.history_date, saved.history_user)] if saved else []
    saves += [(wrote.at, wrote.user)] if wrote else []
    last = max(saves, key=lambda pair: pair[0], default=None)
    return Version(token, by=last[1] if last else None, at=last[0] if last else None)


def values_now(obj, names) -> dict:
    """The values a form for `obj` opens with now: the live row's, with its open change's words on top."""
    values = live_values(obj, names)
    change = open_change(obj) if is_live(obj) else None
    if change is not None:
        values.update({name: value for name, value in change.fields.items() if name in values})
    return values


# --- writing and reviewing a change ---


def _check_may_write(model, user) -> None:
    opts = model._meta
    if not user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise NotAllowed("You cannot change this kind of page.")


def _event(change, user, action, comment="") -> None:
    ChangeEvent.objects.create(change=change, user=user, action=action, comment=comment)


@transaction.atomic
def save_change(obj, values: dict, user, reason: str = "", *, submit: bool = False) -> PendingChange:
    """Keep `values` as the pending change of the live item `obj` (its open change, or a new one)."""
    if not is_live(obj):
        raise ChangeError("Only a live page gets a pending change; a draft is changed directly.")
    model = type(obj)
    _check_may_write(model, user)
    change = open_change(obj)
    if change is not None:
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        if not change.is_open:
            change = None  # published meanwhile (by publish_due, say): these words are a change of their own
        elif change.state == State.SCHEDULED:
            # The reviewer approved the words as they were: new words are reviewed again before going live.
            _take_off_schedule(
                change, user, State.DRAFT, "Changed after it was scheduled: it is reviewed again."
            )
    if change is None:
        change = PendingChange(
            content_type=ContentType.objects.get_for_model(model),
            object_id=obj.pk,
            author=user,
            live_when_written=live_values(obj, values),
        )
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
        submit_for_review(change, user)
    return change


@transaction.atomic
def submit_for_review(change: PendingChange, user) -> None:
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


def _check_reviewer(user) -> None:
    if not user.has_perm(APPROVE):
        raise NotAllowed("Only a clinical reviewer can publish or send back a change.")


@transaction.atomic
def send_back(change: PendingChange, user, comment: str) -> None:
    _check_reviewer(user)
    if not comment.strip():
        raise ChangeError("Write a comment that says what to change before sending it back.")
    if change.state != State.SUBMITTED:
        raise ChangeError(f"Only a change waiting for review can be sent back. {what_happened(change)}")
    change.state = State.SENT_BACK
    change.save(update_fields=["state", "updated_at"])
    _event(change, user, Action.SENT_BACK, comment.strip())
    notifications.change_sent_back(change, user, comment.strip(), writers(change))


def add_comment(change: PendingChange, user, comment: str) -> None:
    _check_may_write(change.model, user)
    if not comment.strip():
        raise ChangeError("The comment is empty.")
    _event(change, user, Action.COMMENTED, comment.strip())


def why_not_publish(change: PendingChange, user, *, waiting_in: str = State.SUBMITTED) -> str | None:
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
        return why_not_publish_draft(change.target, user)
    if is_clinical(change.model) and user.pk in writers(change):
        return "You wrote part of this change, so another clinical reviewer must check and publish it."
    return address_taken(change)


def refuse_if(change: PendingChange, refusal: str | None) -> None:
    """Raise `refusal`: a ChangeError (said on the page) if the change moved on or its address was taken
    meanwhile, which the person could not know; NotAllowed (403) if it is a rule they are not allowed past,
    which only a crafted post reaches (the page offers no such button)."""
    if refusal is None:
        return
    moved_on = change.state != State.SUBMITTED or change.target is None or address_taken(change)
    raise (ChangeError if moved_on else NotAllowed)(refusal)


def address_taken(change: PendingChange) -> str | None:
    """Why the change cannot go live if another page took a value only one page may have (its address, the
    slug) since it was written; None if none did."""
    model = change.model
    for name, value in change.fields.items():
        field = _field(model, name)
        if not field.unique or field.primary_key:
            continue
        other = model._default_manager.filter(**{name: value}).exclude(pk=change.object_id).first()
        if other is not None:
            return (
                f"Another page, “{other}”, now has the {field.verbose_name} “{value}”. Edit the change to "
                f"give this page another {field.verbose_name}, then publish it."
            )
    return None


def publish(change: PendingChange, user):
    """Apply the change to the live row, in one transaction; the history records who, why and what."""
    try:
        with transaction.atomic():
            change = PendingChange.objects.select_for_update().get(pk=change.pk)
            refuse_if(change, why_not_publish(change, user))
            return _apply(change, user)
    except IntegrityError:  # another page took its address between the check and the save
        raise ChangeError(address_taken(change) or "It could not be saved: nothing was published.") from None


def _apply(change: PendingChange, user):
    """Save the change into the live row, as `user`: inside the caller's transaction, with `change` locked
    and the checks made. Saving the row is what makes the page caches forget the old page."""
    target = change.model._default_manager.select_for_update().get(pk=change.object_id)
    if change.new_page:
        _put_draft_live(target, user, history_reason(change))
        _close(change, user)
        return target
    links = apply_values(target, change.fields)
    edge.note_listing(type(target), target)  # before saving: whether the change moves it in the lists
    target._change_reason = history_reason(change)
    target._history_user = user
    for name, ids in links.items():
        related = getattr(target, name)
        if sorted(related.values_list("pk", flat=True)) != sorted(ids):
            related.set(_field(type(target), name).related_model._default_manager.filter(pk__in=ids))
    target.save()
    _published(target)
    _close(change, user)
    return target


def _published(obj, *, moved: bool | None = None) -> None:
    """Public pages show `obj` differently now: name them, so they are purged once this commits."""
    edge.content_changed(keys=edge.keys_for(type(obj), obj, moved=moved))


def _close(change: PendingChange, user) -> None:
    """The change is live: kept, with its comments, as part of the page's history; its writers are told."""
    change.state, change.published_at, change.published_by = State.PUBLISHED, timezone.now(), user
    change.save(update_fields=["state", "published_at", "published_by", "updated_at"])
    _event(change, user, Action.PUBLISHED)
    notifications.change_published(change, user, writers(change))


# --- publishing at a chosen time, taking down at a chosen time ---


def when(moment: datetime.datetime) -> str:
    """e.g. "3 June 2026, 10:00", in the site's time zone: how times are shown to editors."""
    return dateformat.format(timezone.localtime(moment), "j F Y, H:i")


def _check_future(at, now, otherwise: str) -> None:
    if at is None or timezone.is_naive(at):
        raise ChangeError("Choose the date and time.")
    if at <= (now or timezone.now()):
        raise ChangeError(f"Choose a time still to come, or {otherwise}.")


def schedule_publish(change: PendingChange, user, at: datetime.datetime, *, now=None) -> PendingChange:
    """Publish `change` at `at` instead of now. Only who may publish it now may (`why_not_publish`): the
    two-person rule holds; the checks are made again when the time comes."""
    with transaction.atomic():
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        refuse_if(change, why_not_publish(change, user))
        _check_future(at, now, "publish it now")
        change.state, change.publish_at, change.scheduled_by = State.SCHEDULED, at, user
        change.save(update_fields=["state", "publish_at", "scheduled_by", "updated_at"])
        _event(change, user, Action.SCHEDULED, f"Goes live on {when(at)}.")
        notifications.change_scheduled(change, user, writers(change), when(at))
    return change


def _take_off_schedule(change: PendingChange, user, state: str, comment: str) -> None:
    change.state, change.publish_at, change.scheduled_by = state, None, None
    change.save(update_fields=["state", "publish_at", "scheduled_by", "updated_at"])
    _event(change, user, Action.UNSCHEDULED, comment)


def unschedule(change: PendingChange, user) -> PendingChange:
    """Back to waiting for review: it goes live only when a reviewer publishes or schedules it again."""
    _check_reviewer(user)
    with transaction.atomic():
        change = PendingChange.objects.select_for_update().get(pk=change.pk)
        if change.state != State.SCHEDULED:
            raise ChangeError("This change is not scheduled to go live.")
        _take_off_schedule(change, user, State.SUBMITTED, "Cancelled the scheduled time: waiting for review.")
    return change


def schedule_take_down(article: Article, user, at: datetime.datetime | None, *, now=None) -> Article:
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


def publish_due(now=None) -> DueDone:
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
            _take_down(article, None, "Taken down as scheduled")
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
        refusal = why_not_publish(change, change.scheduled_by, waiting_in=State.SCHEDULED)
        if refusal:
            _take_off_schedule(change, None, State.SUBMITTED, f"Not published as scheduled: {refusal}")
            done.refused.append((change, refusal))
            return
        _apply(change, change.scheduled_by)
        done.published.append(change)


def _return_to_review(pk: int, comment: str) -> None:
    with transaction.atomic():
        change = PendingChange.objects.select_for_update().filter(pk=pk, state=State.SCHEDULED).first()
        if change is not None:
            _take_off_schedule(change, None, State.SUBMITTED, comment)


def history_reason(change: PendingChange) -> str:
    writer = f" by {change.author}" if change.author else ""
    reason = f"Change #{change.pk}{writer}, approved: {change.reason or 'no reason given'}"
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"


# --- draft articles: published only by a second person ---


def draft_writers(article: Article) -> set[int]:
    """Who changed the words of this draft since it was last live (every writer, if it never was)."""
    found = set()
    records = list(article.history.order_by("-history_date", "-history_id"))
    for newer, older in zip(records, [*records[1:], None], strict=True):
        if newer.status == Status.PUBLISHED:
            break  # the last live version: what came before it was published already
        if newer.history_user_id is None:
            continue  # load_content or another command
        if older is None or newer.diff_against(older, excluded_fields=CONTENT_EXCLUDED).changes:
            found.add(newer.history_user_id)
    return found


def why_not_publish_draft(article: Article, user, *, writing_now: bool = False) -> str | None:
    if not user.has_perm(PUBLISH):
        return "Only a clinical reviewer can publish a page."
    if writing_now or user.pk in draft_writers(article):
        return "You wrote part of this draft, so another clinical reviewer must check and publish it."
    return None


def publish_draft(article: Article, user, *, writing_now: bool = False) -> None:
    """Publish a draft article (with any edits already set on `article`). `writing_now`: those edits are
    this user's, made in the same request."""
    refusal = why_not_publish_draft(article, user, writing_now=writing_now)
    if refusal:
        raise NotAllowed(refusal)
    with transaction.atomic():
        _put_draft_live(article, user, "Published")
        review = open_change(article)
        if review is not None and review.new_page:  # published straight from its form: its review is done
            _close(review, user)


def _put_draft_live(article: Article, user, reason: str) -> None:
    article.status = Status.PUBLISHED
    if article.take_down_at and article.take_down_at <= timezone.now():
        article.take_down_at = None  # a time that passed while it was a draft must not pull it down at once
    article._change_reason = reason
    article._history_user = user
    article.save()
    _published(article, moved=True)


def submit_draft(article: Article, user, reason: str = "") -> PendingChange:
    """Send a draft article for review, as a change to a live page is: it waits in the reviewers' list,
    they are emailed, and another clinical reviewer publishes it (the draft rule, `why_not_publish_draft`).
    The draft's words are reviewed as they are when the reviewer opens it."""
    _check_may_write(Article, user)
    if article.pk is None or is_live(article):
        raise ChangeError("Only a saved draft is submitted this way; a live page's form submits its change.")
    with transaction.atomic():
        review = open_change(article)
        if review is None:
            review = PendingChange(
                content_type=ContentType.objects.get_for_model(Article),
                object_id=article.pk,
                author=user,
                new_page=True,
            )
        review.reason = reason.strip() or review.reason or "A new page"
        review.save()
        _event(review, user, Action.WROTE)
        if review.state != State.SUBMITTED:  # already waiting: the reviewer sees the draft as it is now
            submit_for_review(review, user)
    return review


def unpublish(article: Article, user) -> None:
    """Back to a draft. Taking a page away needs no second person."""
    if not user.has_perm(PUBLISH):
        raise NotAllowed("Only a clinical reviewer can unpublish a page.")
    _take_down(article, user, "Unpublished")


def _take_down(article: Article, user, reason: str) -> None:
    article.status = Status.DRAFT
    article.take_down_at = None  # done: publishing it again must not take it down again at once
    article._change_reason = reason
    article._history_user = user
    article.save()
    _published(article, moved=True)
    scheduled = open_change(article)
    if scheduled is not None and scheduled.state == State.SCHEDULED:
        # Approved for the live page, which is gone: a reviewer decides again once it is back.
        comment = f"Not published as scheduled: the page was taken down ({reason.lower()})."
        _take_off_schedule(scheduled, user, State.SUBMITTED, comment)


def mark_reviewed(article: Article, user, today=None, note: str = "") -> None:
    """A clinical reviewer's sign-off: the only way "last reviewed" is set. `note`, what was checked, is kept
    in the page's history with it (the admin asks for it on a confirmation page)."""
    if not user.has_perm(REVIEW):
        raise NotAllowed("Only a clinical reviewer can mark a page reviewed.")
    article.mark_reviewed(today)
    reason = f"Marked reviewed: {' '.join(note.split())}" if note.strip() else "Marked reviewed"
    article._change_reason = reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"
    article._history_user = user
    article.save()
    if article.is_published:  # its page says when it was last reviewed
        _published(article, moved=False)


# --- a deleted article restored: the pages that listed it ---


def pages_that_listed(article_pk: int) -> list[Article]:
    """The pages whose latest saved version lists the article `article_pk` under "related": the links
    deleting it removed. Put back only through each page's own form (a live page's is a change for
    review), so the restore lists them rather than changing other pages unreviewed."""
    kept_links = apps.get_model("articles", "HistoricalArticle_related")  # simple-history's copy of them
    listed_by = set(
        kept_links.objects.filter(to_article_id=article_pk).values_list("from_article_id", flat=True)
    )
    found = []
    for page in Article.objects.filter(pk__in=listed_by - {article_pk}).order_by("title"):
        latest = page.history.order_by("-history_date", "-history_id").first()
        still_listed = kept_links.objects.filter(history=latest, to_article_id=article_pk).exists()
        if still_listed and not page.related.filter(pk=article_pk).exists():
            found.append(page)
    return found


# --- an article's own form: what it may set, and the buttons under a draft ---


def keep_what_the_form_may_not_set(article: Article, user) -> None:
    """A posted form or a restored version never sets the status, the review sign-off or a take-down time
    (only these services do), and only a clinical reviewer sets the next review date."""
    stored = Article.objects.filter(pk=article.pk).first() if article.pk else None
    article.status = stored.status if stored else Status.DRAFT
    if stored:
        article.last_reviewed = stored.last_reviewed
        article.take_down_at = stored.take_down_at
        if not user.has_perm(REVIEW):
            article.next_review_due = stored.next_review_due


def press(article: Article, user, button: str | None, *, writing_now: bool) -> bool:
    """The article form's own buttons ("unpublish", "publish"), with the form's edits set on `article`; False
    if there is none to act on here, and the form saves as it would. "Publish" acts on drafts only: a live
    page's form keeps its edits as a change for review. (Signing a page off as reviewed has its own
    confirmation page, with a note of what was checked.)"""
    if button == "unpublish":
        unpublish(article, user)  # a draft again, with this form's edits
    elif button == "publish" and not is_live(article):
        publish_draft(article, user, writing_now=writing_now)
    else:
        return False
    return True
