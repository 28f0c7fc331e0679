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

By what each does: `changes` (a live page's change and its review), `drafts` (new pages, unpublishing,
sign-off), `scheduling` (publishing and taking down at a chosen time), `values` (field values and the
version check), `common` (errors, what is live and clinical). Callers use `services.<name>`.
"""

from .changes import (
    add_comment,
    publish,
    save_change,
    send_back,
    submit_for_review,
    waiting_for_review,
    why_not_publish,
    writers,
)
from .common import ChangeError, NotAllowed, is_clinical, is_live, open_change, when
from .drafts import (
    close_change_to_live_page,
    close_review_of_deleted_page,
    keep_what_the_form_may_not_set,
    mark_reviewed,
    pages_that_listed,
    press,
    publish_draft,
    submit_draft,
    unpublish,
    why_not_publish_draft,
)
from .scheduling import chosen_time, publish_due, schedule_publish, schedule_take_down, unschedule
from .values import (
    current_version,
    form_writes_content,
    live_values,
    preview,
    to_json,
    values_from_form,
    values_now,
)
