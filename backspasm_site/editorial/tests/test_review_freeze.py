"""A reviewer publishes only the words they saw (editorial/review_freeze.py): a new page's draft edited
after it was submitted goes back to a draft with the reviewers told, and "Publish" from a review page opened
before an edit is refused, for new pages and changes to live pages alike."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backspasm_site.articles.models import Article, Status
from backspasm_site.editorial import services
from backspasm_site.editorial.models import Action, State
from backspasm_site.editorial.tests.test_new_page_review import NEW_PAGE, submit_new_page

pytestmark = pytest.mark.django_db

EDITED = NEW_PAGE["body"] + "\n\nRest in bed for a week."


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def review_url(review):
    return reverse("admin:editorial_pendingchange_change", args=[review.pk])


def seen_on(page: str) -> str:
    return re.search(r'name="seen" value="([0-9a-f]+)"', page).group(1)


def edit_draft(client, article, **extra):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]), {**NEW_PAGE, "body": EDITED, **extra}
    )


def test_a_submitted_draft_edited_goes_back_to_draft_and_the_reviewers_are_told(
    client, site_content, editor, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    article, review = submit_new_page(client, editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = edit_draft(signed_in(editor), article, _continue="1")
    review.refresh_from_db()
    assert review.state == State.DRAFT
    assert review.events.last().action == Action.REOPENED and review.events.last().user == editor
    assert sorted(m.to[0] for m in mail.outbox) == ["ravi@example.org", "rita@example.org"]
    assert all(m.subject.endswith("Back to draft: New page: Sleeping with a back spasm") for m in mail.outbox)
    assert "back to a draft" in signed_in(editor).get(response["Location"]).text

    # Nothing to publish until it is submitted again: the review page offers no button, a post is refused.
    page = signed_in(reviewer).get(review_url(review)).text
    assert 'name="_publish"' not in page
    signed_in(reviewer).post(review_url(review), {"_publish": "1"})
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_editing_a_draft_and_submitting_it_again_in_one_save_keeps_it_waiting(
    client, site_content, editor, django_capture_on_commit_callbacks
):
    article, review = submit_new_page(client, editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        edit_draft(signed_in(editor), article, _submit_for_review="1")
    review.refresh_from_db()
    assert review.state == State.SUBMITTED
    actions = list(review.events.values_list("action", flat=True))
    assert actions[-3:] == [Action.REOPENED, Action.WROTE, Action.SUBMITTED]
    assert all(m.subject.startswith("[") and "Waiting for review" in m.subject for m in mail.outbox)


def test_a_save_that_changes_no_words_leaves_the_review_waiting(client, site_content, editor, reviewer):
    article, review = submit_new_page(client, editor)
    signed_in(reviewer).post(
        reverse("admin:articles_article_change", args=[article.pk]),
        {**NEW_PAGE, "next_review_due": "2030-01-01"},
    )
    review.refresh_from_db()
    assert review.state == State.SUBMITTED
    assert Article.objects.get(pk=article.pk).next_review_due == datetime.date(2030, 1, 1)


def test_publishing_a_new_page_from_a_review_page_opened_before_an_edit_is_refused(
    client, site_content, editor, reviewer
):
    article, review = submit_new_page(client, editor)
    rita = signed_in(reviewer)
    seen = seen_on(rita.get(review_url(review)).text)
    edit_draft(signed_in(editor), article, _submit_for_review="1")  # edited and submitted again meanwhile

    answer = rita.post(review_url(review), {"_publish": "1", "seen": seen}, follow=True).text
    assert "Eddie changed it on" in answer and "you have not seen these words" in answer
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    # Read again, it can be published: the reviewer has now seen these words.
    rita.post(review_url(review), {"_publish": "1", "seen": seen_on(answer)})
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and "Rest in bed" in article.body


def test_publishing_or_scheduling_a_live_change_edited_after_the_page_was_opened_is_refused(
    site_content, editor, reviewer
):
    article = Article.objects.get(slug="causes")
    live_summary = article.summary
    change = services.save_change(
        obj=article, values={"summary": "Shorter."}, user=editor, reason="Shorter", submit=True
    )
    rita = signed_in(reviewer)
    seen = seen_on(rita.get(review_url(change)).text)
    services.save_change(
        obj=article, values={"summary": "Shorter, and unchecked."}, user=editor, reason="Shorter"
    )

    answer = rita.post(review_url(change), {"_publish": "1", "seen": seen}, follow=True).text
    assert "you have not seen these words" in answer
    later = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    rita.post(review_url(change), {"_schedule": "1", "publish_at": later, "seen": seen})
    change.refresh_from_db()
    assert change.state == State.SUBMITTED
    assert Article.objects.get(pk=article.pk).summary == live_summary
    rita.post(review_url(change), {"_publish": "1", "seen": seen_on(answer)})
    assert Article.objects.get(pk=article.pk).summary == "Shorter, and unchecked."


def test_a_scheduled_new_page_edited_is_not_published_when_its_time_comes(
    client, site_content, editor, reviewer
):
    article, review = submit_new_page(client, editor)
    at = timezone.now() + datetime.timedelta(hours=1)
    services.schedule_publish(change=review, user=reviewer, at=at)
    edit_draft(signed_in(editor), article)
    done = services.publish_due(now=at + datetime.timedelta(minutes=1))
    assert done.published == []
    review.refresh_from_db()
    assert review.state == State.DRAFT and review.publish_at is None
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def write_v1_submit_v2_and_schedule(editor, reviewer):
    """Eddie writes a new page (v1), edits it (v2) and submits it; Rita reads v2 and schedules it."""
    eddie = signed_in(editor)
    eddie.post(reverse("admin:articles_article_add"), {**NEW_PAGE, "_save": "1"})
    article = Article.objects.get(slug=NEW_PAGE["slug"])
    v1 = article.history.latest()
    edit_draft(eddie, article, _submit_for_review="1")
    review = services.open_change(article)
    at = timezone.now() + datetime.timedelta(hours=1)
    services.schedule_publish(change=review, user=reviewer, at=at)
    return eddie, article, v1, review, at


def restore(client, article, version):
    url = reverse("admin:articles_article_simple_history", args=[article.pk, version.history_id])
    return client.post(url, {**NEW_PAGE, "change_reason": ""})


def test_a_scheduled_new_page_deleted_and_restored_is_not_published_with_unreviewed_words(
    site_content, editor, reviewer, second_reviewer
):
    eddie, article, v1, review, at = write_v1_submit_v2_and_schedule(editor, reviewer)
    ravi = signed_in(second_reviewer)
    ravi.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})
    review.refresh_from_db()
    assert review.state == State.CLOSED and review.publish_at is None  # its words went with the page
    assert review.events.last().action == Action.CLOSED

    assert restore(eddie, article, v1).status_code == 302
    assert Article.objects.get(pk=article.pk).body == NEW_PAGE["body"]  # v1, which Rita never read
    assert services.open_change(article) is None  # a new review, once it is submitted again
    assert services.publish_due(now=at + datetime.timedelta(minutes=1)).published == []
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_restoring_a_deleted_new_page_whose_review_was_left_open_sends_it_back_to_draft(
    site_content, editor, reviewer
):
    """A page deleted another way (a shell, or before deleting closed reviews) left its review open."""
    eddie, article, v1, review, at = write_v1_submit_v2_and_schedule(editor, reviewer)
    Article.objects.filter(pk=article.pk).delete()
    assert restore(eddie, article, v1).status_code == 302
    review.refresh_from_db()
    assert review.state == State.DRAFT and review.events.last().action == Action.REOPENED
    assert services.publish_due(now=at + datetime.timedelta(minutes=1)).published == []
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT


def test_unpublish_posted_for_a_scheduled_new_page_is_refused_and_publishes_no_new_words(
    client, site_content, editor, reviewer, second_reviewer
):
    """The form of a draft has no Unpublish button; a crafted post of one skipped the new-words check, so
    the scheduled review went live with a second reviewer's words nobody had checked."""
    article, review = submit_new_page(client, editor)
    at = timezone.now() + datetime.timedelta(hours=1)
    services.schedule_publish(change=review, user=reviewer, at=at)
    response = edit_draft(signed_in(second_reviewer), article, _unpublish="1")
    assert response.status_code == 403
    assert Article.objects.get(pk=article.pk).body == NEW_PAGE["body"]  # nothing saved
    review.refresh_from_db()
    assert review.state == State.SCHEDULED  # Rita's approval of the words she read stands
    services.publish_due(now=at + datetime.timedelta(minutes=1))
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and "Rest in bed" not in article.body


def test_unpublishing_a_draft_is_refused_by_the_service(site_content, reviewer):
    article = Article.objects.get(slug="prevention")
    services.unpublish(article=article, user=reviewer)
    with pytest.raises(services.NotAllowed, match="not published"):
        services.unpublish(article=article, user=reviewer)
