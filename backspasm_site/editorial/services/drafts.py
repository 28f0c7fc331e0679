"""Draft articles (new pages): published only by a second person; unpublishing, sign-off, restores, and the
buttons under an article's form."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from backspasm_site.articles.models import Article, Status

from .. import notifications
from ..models import Action, PendingChange, State
from ..roles import PUBLISH, REVIEW
from . import changes
from .common import (
    CONTENT_EXCLUDED,
    REASON_LENGTH,
    ChangeError,
    NotAllowed,
    _check_may_write,
    _event,
    _published,
    is_live,
    open_change,
)

NEW_PAGE_DELETED = (
    "Not published: the page was deleted first. If it is restored (Deleted articles), submit it for "
    "review again: a restored version is reviewed before it goes live."
)


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


def why_not_publish_draft(*, article: Article, user, writing_now: bool = False) -> str | None:
    if not user.has_perm(PUBLISH):
        return "Only a clinical reviewer can publish a page."
    if writing_now or user.pk in draft_writers(article):
        return "You wrote part of this draft, so another clinical reviewer must check and publish it."
    return None


def publish_draft(*, article: Article, user, writing_now: bool = False) -> None:
    """Publish a draft article (with any edits already set on `article`). `writing_now`: those edits are
    this user's, made in the same request."""
    refusal = why_not_publish_draft(article=article, user=user, writing_now=writing_now)
    if refusal:
        raise NotAllowed(refusal)
    with transaction.atomic():
        _put_draft_live(article, user, "Published")
        review = open_change(article)
        if review is not None and review.new_page:  # published straight from its form: its review is done
            changes._close(review, user)


def _put_draft_live(article: Article, user, reason: str) -> None:
    article.status = Status.PUBLISHED
    if article.take_down_at and article.take_down_at <= timezone.now():
        article.take_down_at = None  # a time that passed while it was a draft must not pull it down at once
    article._change_reason = reason
    article._history_user = user
    article.save()
    _published(article, moved=True)


def submit_draft(*, article: Article, user, reason: str = "") -> PendingChange:
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
            changes.submit_for_review(change=review, user=user)
    return review


def unpublish(*, article: Article, user) -> None:
    """Back to a draft. Taking a page away needs no second person. A draft is refused: its form has no such
    button, and a crafted post would save new words into a draft under review past the check that sends its
    review back (a scheduled review went live with them)."""
    if not user.has_perm(PUBLISH):
        raise NotAllowed("Only a clinical reviewer can unpublish a page.")
    if not is_live(article):
        raise NotAllowed("This page is not published, so it cannot be unpublished.")
    _take_down(article, user, "Unpublished")


def _take_down(article: Article, user, reason: str) -> None:
    article.status = Status.DRAFT
    article.take_down_at = None  # done: publishing it again must not take it down again at once
    article._change_reason = reason
    article._history_user = user
    article.save()
    _published(article, moved=True)
    close_change_to_live_page(article, user, f"taken down ({reason.lower()})")


def close_change_to_live_page(obj, user, what_happened: str) -> None:
    """The live page an open change was written for is gone (taken down, or deleted): the change can never go
    live as written, and publishing it would write over the draft's own words. It is closed, its words kept
    on its page for its writers to copy into the draft if they still fit; they are told by email."""
    change = open_change(obj)
    if change is None or change.new_page:  # a new page's review is of the draft itself: it goes on
        return
    comment = (
        f"Not published: the page was {what_happened} first. The words of this change are kept here: "
        "write them into the draft if they still fit."
    )
    _close_unpublished(change, user, comment)


def close_review_of_deleted_page(obj, user) -> None:
    """Before `obj` is deleted: its open review is closed, a new page's too. A restore brings back any
    version, maybe not the words the reviewer read, so it must be submitted and reviewed again rather than
    go live on the old review (publish_due would have published it as approved)."""
    change = open_change(obj)
    if change is None or not change.new_page:
        close_change_to_live_page(obj, user, "deleted")
        return
    _close_unpublished(change, user, NEW_PAGE_DELETED)


def _close_unpublished(change: PendingChange, user, comment: str) -> None:
    change.state, change.publish_at = State.CLOSED, None
    change.save(update_fields=["state", "publish_at", "updated_at"])
    _event(change, user, Action.CLOSED, comment)
    notifications.change_closed(change, user, comment, changes.writers(change))


def mark_reviewed(*, article: Article, user, note: str = "") -> None:
    """A clinical reviewer's sign-off: the only way "last reviewed" is set. `note`, what was checked, is kept
    in the page's history with it (the admin asks for it on a confirmation page)."""
    if not user.has_perm(REVIEW):
        raise NotAllowed("Only a clinical reviewer can mark a page reviewed.")
    article.mark_reviewed()
    reason = f"Marked reviewed: {' '.join(note.split())}" if note.strip() else "Marked reviewed"
    article._change_reason = reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"
    article._history_user = user
    article.save()
    if article.is_published:  # its page says when it was last reviewed
        _published(article, moved=False)


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


def keep_what_the_form_may_not_set(article: Article, user) -> None:
    """A posted form or a restored version never sets the status, the review sign-off or a take-down time
    (only these services do), and only a clinical reviewer sets the next review date. A deleted page comes
    back as a draft, with no take-down time (a draft has none) and the review dates it had when deleted, not
    the restored version's (a take-down cancelled since, a review date a reviewer brought forward)."""
    stored = Article.objects.filter(pk=article.pk).first() if article.pk else None
    if stored is not None:
        article.status, article.take_down_at = stored.status, stored.take_down_at
    else:  # new, or deleted
        article.status, article.take_down_at = Status.DRAFT, None
        stored = Article.history.filter(id=article.pk).order_by("-history_date", "-history_id").first()
    if stored is not None:
        article.last_reviewed = stored.last_reviewed
        if not user.has_perm(REVIEW):
            article.next_review_due = stored.next_review_due


def press(*, article: Article, user, button: str | None, writing_now: bool) -> bool:
    """The article form's own buttons ("unpublish", "publish"), with the form's edits set on `article`; False
    if there is none to act on here, and the form saves as it would. "Publish" acts on drafts only: a live
    page's form keeps its edits as a change for review. (Signing a page off as reviewed has its own
    confirmation page, with a note of what was checked.)"""
    if button == "unpublish":
        unpublish(article=article, user=user)  # a draft again, with this form's edits
    elif button == "publish" and not is_live(article):
        publish_draft(article=article, user=user, writing_now=writing_now)
    else:
        return False
    return True
