"""A new page goes through the same review as a change to a live page: submitted, emailed to reviewers,
listed with the changes (labelled), sent back or published by a clinical reviewer who did not write it."""

import pytest
from django.core import mail
from django.urls import reverse

from backspasm_site.articles.models import Article, Status
from backspasm_site.editorial import services
from backspasm_site.editorial.models import State

pytestmark = pytest.mark.django_db

NEW_PAGE = {
    "title": "Sleeping with a back spasm",
    "slug": "sleeping",
    "summary": "How to lie down and rest while a spasm eases.",
    "topic": "treatment",
    "order": "9",
    "body": "## Lying down\n\nLie on your side with a pillow between your knees.",
    "sources": "",
    "change_reason": "A page people asked for",
}


def submit_new_page(client, user):
    client.force_login(user)
    response = client.post(reverse("admin:articles_article_add"), {**NEW_PAGE, "_submit_for_review": "1"})
    assert response.status_code == 302, response.text[:2000]
    article = Article.objects.get(slug="sleeping")
    review = services.open_change(article)
    assert response["Location"] == reverse("admin:editorial_pendingchange_change", args=[review.pk])
    return article, review


def test_a_new_draft_is_submitted_emailed_listed_and_reviewed_like_a_change(
    client, site_content, editor, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article, review = submit_new_page(client, editor)
    assert article.status == Status.DRAFT and review.new_page and review.state == State.SUBMITTED
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == ["ravi@example.org", "rita@example.org"]
    assert "New page: Sleeping with a back spasm" in mail.outbox[0].subject + mail.outbox[0].body

    client.force_login(reviewer)
    home = client.get(reverse("admin:index")).text
    waiting = home[home.index("Waiting for your review") : home.index("</table>", home.index("Waiting for"))]
    assert "New page: Sleeping with a back spasm" in waiting and "<td>New page</td>" in waiting
    page = client.get(reverse("admin:editorial_pendingchange_change", args=[review.pk])).text
    assert "The new page, all of it new" in page and "pillow between your knees" in page

    client.post(
        reverse("admin:editorial_pendingchange_change", args=[review.pk]),
        {"_send_back": "1", "comment": "Say when to see a GP."},
    )
    review.refresh_from_db()
    assert review.state == State.SENT_BACK

    # The writer changes the draft and submits it again; the reviewer publishes it.
    client.force_login(editor)
    data = {**NEW_PAGE, "body": NEW_PAGE["body"] + "\n\nSee a GP if it lasts.", "_submit_for_review": "1"}
    fields = client.get(reverse("admin:articles_article_change", args=[article.pk])).text
    assert "Save and submit for review" in fields
    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    review.refresh_from_db()
    assert review.state == State.SUBMITTED
    client.force_login(reviewer)
    client.post(reverse("admin:editorial_pendingchange_change", args=[review.pk]), {"_publish": "1"})
    article.refresh_from_db()
    review.refresh_from_db()
    assert article.status == Status.PUBLISHED and review.state == State.PUBLISHED
    assert "See a GP if it lasts." in article.body_html
    assert services.open_change(article) is None  # a later edit is a change of its own


def test_a_reviewer_who_wrote_the_new_page_cannot_publish_it_from_its_review(
    client, site_content, reviewer, second_reviewer
):
    article, review = submit_new_page(client, reviewer)
    url = reverse("admin:editorial_pendingchange_change", args=[review.pk])
    page = client.get(url).text
    assert 'name="_publish"' not in page and "You wrote part of this draft" in page
    assert client.post(url, {"_publish": "1"}).status_code == 403
    assert Article.objects.get(pk=article.pk).status == Status.DRAFT
    client.force_login(second_reviewer)
    client.post(url, {"_publish": "1"})
    assert Article.objects.get(pk=article.pk).status == Status.PUBLISHED


def test_publishing_a_waiting_new_page_from_its_form_closes_its_review(
    client, site_content, editor, reviewer
):
    article, review = submit_new_page(client, editor)
    services.publish_draft(article=article, user=reviewer)
    review.refresh_from_db()
    assert review.state == State.PUBLISHED and services.open_change(article) is None
