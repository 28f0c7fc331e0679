"""Issue 27's smaller points: one-line fields refuse line breaks (and mail subjects stay one line), the next
review date comes after the last, redirect loops are refused however the address is spelled."""

import datetime

import pytest
from django.core import mail
from django.test import Client

from backspasm_site.articles.models import Article
from backspasm_site.editorial import notifications, services
from backspasm_site.moved_pages import moves
from backspasm_site.moved_pages.models import MovedPage
from tests.admin_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db


def test_a_title_with_a_line_break_is_refused_and_nothing_is_saved(client, site_content, editor):
    article = Article.objects.get(slug="home-treatment")
    client.force_login(editor)
    data = article_form_data(article, title="Treating a spasm\nat home", change_reason="Shorter title")
    response = client.post(change_url(article), data)
    assert response.status_code == 200 and "Write this on one line" in response.text
    assert services.open_change(article) is None


def test_a_mail_subject_is_one_line_whatever_the_title_holds(site_content, editor, reviewer):
    sent = notifications.send_each(["a@example.org"], "Change to A\nB", "submitted.txt", {})
    assert sent == 1 and mail.outbox[0].subject.endswith("Change to A B")


def test_the_next_review_date_cannot_come_before_the_last_review(client, site_content, reviewer):
    article = Article.objects.get(slug="home-treatment")
    Article.objects.filter(pk=article.pk).update(last_reviewed=datetime.date(2026, 6, 1))
    client.force_login(reviewer)
    data = article_form_data(article, next_review_due="2026-05-01", change_reason="Dates")
    response = client.post(change_url(article), data)
    assert response.status_code == 200 and "The next review must come after the last one" in response.text


@pytest.mark.parametrize("spelled", ["/articles/x", "/articles/x/", "/articles//x/", "/articles/%78/"])
def test_a_redirect_back_to_its_own_address_is_refused_however_spelled(
    client, site_content, reviewer, spelled
):
    client.force_login(reviewer)
    client.post("/admin/moved_pages/movedpage/add/", {"old_path": "/articles/x/", "new_path": "/articles/"})
    moved = MovedPage.objects.get(old_path="/articles/x/")
    response = client.post(
        f"/admin/moved_pages/movedpage/{moved.pk}/change/",
        {"old_path": "/articles/x/", "new_path": spelled, "note": ""},
    )
    assert response.status_code == 200 and "circle" in response.text, response.context[
        "adminform"
    ].form.errors
    assert MovedPage.objects.get(pk=moved.pk).new_path == "/articles/"


def test_a_redirect_stored_as_a_loop_is_not_followed(site_content):
    MovedPage.objects.create(old_path="/articles/x/", new_path="/articles/x")
    response = Client().get("/articles/x/")
    assert response.status_code == 404


def test_a_chain_that_leads_back_is_refused(site_content):
    MovedPage.objects.create(old_path="/articles/b/", new_path="/articles/a")
    assert moves.leads_back("/articles/a/", "/articles/b")
    assert not moves.leads_back("/articles/a/", "/articles/")


def test_restoring_a_deleted_page_from_its_deletion_brings_back_its_related_pages_and_names_the_others(
    client, site_content, reviewer
):
    from django.urls import reverse

    article = Article.objects.get(slug="causes")
    pk, related = article.pk, set(article.related.values_list("pk", flat=True))
    listed_by = sorted(page.title for page in Article.objects.filter(related=article))
    assert related and listed_by
    client.force_login(reviewer)
    client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    deletion = Article.history.filter(id=pk, history_type="-").latest()
    revert_url = reverse("admin:articles_article_simple_history", args=[pk, deletion.history_id])
    page = client.get(revert_url)
    assert {int(i) for i in page.context["adminform"].form.initial["related"]} == related
    initial = [str(i) for i in page.context["adminform"].form.initial["related"]]  # as the form shows them
    data = article_form_data(deletion.instance, related=initial, change_reason="")
    response = client.post(revert_url, data, follow=True)
    restored = Article.objects.get(pk=pk)
    assert set(restored.related.values_list("pk", flat=True)) == related
    said = " ".join(str(m) for m in response.context["messages"])
    assert all(f"“{title}”" in said for title in listed_by) and "listed this page under Related" in said


def test_bulk_delete_asks_where_each_address_should_lead(client, site_content, reviewer):
    from django.urls import reverse

    first, second = Article.objects.get(slug="causes"), Article.objects.get(slug="symptoms")
    changelist = reverse("admin:articles_article_changelist")
    client.force_login(reviewer)
    asked = client.post(changelist, {"action": "delete_selected", "_selected_action": [first.pk, second.pk]})
    assert f'name="moved_to_{first.pk}"' in asked.text and f'name="moved_to_{second.pk}"' in asked.text
    choice = moves.destinations(first)[-1][0]  # a page rather than the list
    assert choice != moves.default_destination(first)
    client.post(
        changelist,
        {
            "action": "delete_selected",
            "_selected_action": [first.pk, second.pk],
            "post": "yes",
            f"moved_to_{first.pk}": choice,
        },
    )
    assert not Article.objects.filter(pk__in=[first.pk, second.pk]).exists()
    assert moves.destination_of("/articles/causes/") == choice
    assert moves.destination_of("/articles/symptoms/") == moves.default_destination(second)


def test_staff_can_see_the_live_page_while_a_change_waits(client, site_content, editor):
    article = Article.objects.get(slug="home-treatment")
    services.save_change(
        obj=article, values={"body": article.body + "\n\nA new waiting line."}, user=editor, reason="More"
    )
    client.force_login(editor)
    preview = client.get(article.get_absolute_url()).text
    assert "A new waiting line." in preview and 'href="?live=1"' in preview
    live = client.get(article.get_absolute_url(), {"live": "1"})
    assert "A new waiting line." not in live.text and "The live page, as the public sees it." in live.text
    assert live["Cache-Control"] == "private, no-store"
