"""Every editor error is a message in the admin, never a bare page: a rename whose address another page took,
acting on a review page someone else acted on first, submitting twice."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from backspasm_site.articles.models import Article
from backspasm_site.editorial import services
from backspasm_site.editorial.models import State
from tests.admin_forms import change_url, form_fields, with_changes

pytestmark = pytest.mark.django_db


def review_url(change):
    return reverse("admin:editorial_pendingchange_change", args=[change.pk])


@pytest.fixture
def renamed(site_content, editor):
    article = Article.objects.get(slug="causes")
    return services.save_change(
        obj=article, values={"slug": "why-backs-spasm"}, user=editor, reason="Plainer address", submit=True
    )


def test_a_rename_to_an_address_another_page_took_is_refused_before_and_on_publish(client, renamed, reviewer):
    other = Article.objects.get(slug="symptoms")
    other.slug = "why-backs-spasm"
    other.save()
    client.force_login(reviewer)
    page = client.get(review_url(renamed)).text
    assert 'name="_publish"' not in page  # not offered
    assert f"Another page, “{other.title}”, now has the slug “why-backs-spasm”" in page
    response = client.post(review_url(renamed), {"_publish": "1"}, follow=True)
    assert response.status_code == 200
    assert "Another page" in [str(m) for m in response.context["messages"]][0]
    renamed.refresh_from_db()
    assert renamed.state == State.SUBMITTED
    assert Article.objects.get(pk=renamed.object_id).slug == "causes"


def test_a_review_page_acted_on_by_another_reviewer_says_what_happened(
    client, renamed, reviewer, second_reviewer
):
    services.send_back(change=renamed, user=second_reviewer, comment="Keep the old address.")
    client.force_login(reviewer)
    for button in ("_publish", "_send_back", "_schedule"):
        response = client.post(
            review_url(renamed),
            {button: "1", "comment": "Fine", "publish_at": "2099-01-01T10:00"},
            follow=True,
        )
        assert response.status_code == 200, button
        said = " ".join(str(m) for m in response.context["messages"])
        assert "sent it back: ravi" in said, (button, said)
    renamed.refresh_from_db()
    assert renamed.state == State.SENT_BACK


def test_submitting_twice_from_the_review_page_says_it_already_waits(client, site_content, editor):
    article = Article.objects.get(slug="causes")
    change = services.save_change(
        obj=article, values={"title": "Why backs spasm"}, user=editor, reason="Plainer"
    )
    client.force_login(editor)
    client.post(review_url(change), {"_submit": "1"})
    response = client.post(review_url(change), {"_submit": "1"}, follow=True)
    said = " ".join(str(m) for m in response.context["messages"])
    assert response.status_code == 200 and "submitted it for review: eddie" in said


TYPED = "Lie on your side & rest.\n\n<script>alert('typed')</script> A line I wrote for an hour."


def test_saving_a_page_deleted_while_it_was_edited_shows_the_typed_text_to_copy(
    client, site_content, editor, reviewer
):
    """Django's admin answered a save of a deleted item with a redirect home ("doesn't exist"): the text was
    gone, and Back could not bring it back."""
    article = Article.objects.get(slug="prevention")
    url, title = change_url(article), article.title
    client.force_login(editor)
    fields = with_changes(
        form_fields(client.get(url).text, "article_form"), body=TYPED, change_reason="Rest advice"
    )
    rita = Client()
    rita.force_login(reviewer)
    rita.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    response = client.post(
        url, urlencode([*fields, ("_save", "Save")]), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 410
    page = response.text
    said = " ".join(page.split())
    assert f"“{title}” was deleted by rita on" in said and "Nothing you typed was saved" in said
    posted = page[page.index('id="posted-text"') :]
    assert "Lie on your side &amp; rest." in posted and "&lt;script&gt;alert(" in posted  # escaped
    assert "<script>alert" not in page
    assert "readonly" in posted and "Rest advice" in posted
    assert reverse("admin:articles_article_history", args=[article.pk]) in page  # to restore it
    assert not Article.objects.filter(pk=article.pk).exists()  # nothing saved or brought back


def test_a_save_of_an_item_that_never_existed_is_answered_as_django_does(client, site_content, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:articles_article_change", args=[999999]), {"title": "x"})
    assert response.status_code == 302
