"""A reviewer publishes only the words they saw.

- The review page carries `seen_token`, a fingerprint of the words it shows; "Publish" and "Publish at"
  from that page are refused if the words changed after it was opened (`refuse_unseen`), for a change to a
  live page and for a new page alike. The reviewer is told who changed it and when, and reads it again.
- A new page is its draft: an edit to the draft's words after it was submitted (or scheduled) sends its
  review back to a draft, and the reviewers are told (`draft_edited`), as a live page's change edited
  after it was scheduled is reviewed again (services.save_change). The writer submits it again.
"""

import hashlib
import json

from django.db import transaction

from backspasm_site.articles.models import Article

from . import diff, editing_sessions, notifications, services
from .models import Action, ChangeEvent, PendingChange, State

CHANGED_SINCE_SEEN = (
    "{who} changed it on {at}, after you opened this page, so you have not seen these words. Nothing was "
    "published: read the change again below."
)
REOPENED_COMMENT = "Changed after it was submitted: back to a draft until it is submitted again."


def seen_token(change: PendingChange) -> str:
    words = json.dumps(diff.shown(change), sort_keys=True, default=str)
    return hashlib.sha256(words.encode()).hexdigest()[:24]


def refuse_unseen(change: PendingChange, seen: str | None) -> None:
    """Raise ChangeError if the words of a change waiting for review changed since the review page that
    posted `seen` was opened (in any other state the service says what happened to it instead). Read under
    the change's lock, which an edit to a new page's draft takes too. `seen` None: not posted from a review
    page, so nothing to compare."""
    change = PendingChange.objects.select_for_update().get(pk=change.pk)
    if seen is None or change.state != State.SUBMITTED or seen == seen_token(change):
        return
    version = services.current_version(change.target)
    raise services.ChangeError(
        CHANGED_SINCE_SEEN.format(
            who=editing_sessions.display_name(version.by) if version.by else "Someone",
            at=services.when(version.at) if version.at else "a moment ago",
        )
    )


@transaction.atomic
def draft_edited(article: Article, user, *, resubmitting: bool = False) -> PendingChange | None:
    """Call before saving new words into a draft: if its review was submitted or scheduled, it goes back to
    a draft (the reviewers are told, unless `resubmitting`, when the submission tells them). Locks the
    review first, as publishing does, so a publish and an edit wait for each other."""
    review = services.open_change(article)
    if review is None or not review.new_page:
        return None
    review = PendingChange.objects.select_for_update().get(pk=review.pk)
    if review.state not in (State.SUBMITTED, State.SCHEDULED):
        return None
    review.state, review.publish_at, review.scheduled_by = State.DRAFT, None, None
    review.save(update_fields=["state", "publish_at", "scheduled_by", "updated_at"])
    ChangeEvent.objects.create(change=review, user=user, action=Action.REOPENED, comment=REOPENED_COMMENT)
    if not resubmitting:
        notifications.change_reopened(review, user, services.writers(review))
    return review
