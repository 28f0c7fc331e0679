"""Who else has a page open: the notice on every live-content form and review page, its ping, its pruning
(editorial/editing_sessions.py)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from backspasm_site.articles.models import Article
from backspasm_site.core.models import SiteText
from backspasm_site.editorial import editing_sessions, services
from backspasm_site.editorial.models import EditingSession
from backspasm_site.symptom_checker.models import Advice, QuestionText
from tests.admin_forms import change_url

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def ping_url(item) -> str:
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_editing", args=[item.pk])


@pytest.mark.parametrize("model", [Article, SiteText, QuestionText, Advice])
def test_a_form_names_who_else_has_it_open_without_javascript(site_content, editor, reviewer, model):
    reviewer.first_name, reviewer.last_name = "Rita", "Shah"
    reviewer.save()
    item = model._default_manager.order_by("pk").first()
    signed_in(reviewer).get(change_url(item))
    opened = timezone.localtime(EditingSession.objects.get(user=reviewer).opened_at)

    page = signed_in(editor).get(change_url(item)).text
    notice = page[page.index('id="editing-now"') :]
    assert f"Rita Shah has had this page open since {opened:%H:%M}." in notice
    assert editing_sessions.FORM_WARNING in notice
    assert "eddie" not in notice  # not yourself
    # Another page is not this one.
    other = model._default_manager.exclude(pk=item.pk).order_by("pk").first()
    assert "Rita Shah" not in signed_in(editor).get(change_url(other)).text


def test_the_notice_is_hidden_when_nobody_else_has_it_open(site_content, editor):
    article = Article.objects.get(slug="causes")
    page = signed_in(editor).get(change_url(article)).text
    assert 'id="editing-now"' in page and "js/editing-now." in page
    notice = page[page.index('id="editing-now"') :]
    assert notice[: notice.index(">")].endswith(" hidden")


def test_the_ping_keeps_a_person_listed_and_silence_drops_them(site_content, editor, reviewer):
    article = Article.objects.get(slug="causes")
    rita, eddie = signed_in(reviewer), signed_in(editor)
    rita.get(change_url(article))
    assert "rita has had this page open since" in eddie.post(ping_url(article)).json()["others"][0]

    # Silent for longer than GONE_AFTER (the tab closed without a word, the laptop shut): not listed.
    EditingSession.objects.filter(user=reviewer).update(
        last_seen=timezone.now() - editing_sessions.GONE_AFTER - datetime.timedelta(seconds=1)
    )
    assert eddie.post(ping_url(article)).json() == {"others": []}
    # Back again: listed as opened now, not at first.
    rita.post(ping_url(article))
    assert len(eddie.post(ping_url(article)).json()["others"]) == 1
    assert EditingSession.objects.filter(user=reviewer).count() == 1


def test_old_rows_are_pruned(site_content, editor, reviewer):
    article = Article.objects.get(slug="causes")
    editing_sessions.seen(obj=article, user=reviewer, now=timezone.now() - datetime.timedelta(hours=2))
    editing_sessions.seen(obj=article, user=editor)
    assert list(EditingSession.objects.values_list("user", flat=True)) == [editor.pk]


def test_the_ping_is_a_post_for_staff_who_may_change_the_page(site_content, editor, django_user_model):
    article = Article.objects.get(slug="causes")
    assert signed_in(editor).get(ping_url(article)).status_code == 405
    outsider = django_user_model.objects.create_user("nosy", "n@example.org", "x", is_staff=True)
    assert signed_in(outsider).post(ping_url(article)).status_code == 403
    assert Client().post(ping_url(article)).status_code == 302  # to the login page
    assert signed_in(editor).post(ping_url(article).replace(str(article.pk), "99999")).status_code == 404
    assert not EditingSession.objects.filter(user=outsider).exists()


def test_a_review_page_names_the_other_reviewer_looking_at_it(
    site_content, editor, reviewer, second_reviewer
):
    article = Article.objects.get(slug="causes")
    change = services.save_change(
        obj=article, values={"summary": "New summary."}, user=editor, reason="Shorter", submit=True
    )
    review = reverse("admin:editorial_pendingchange_change", args=[change.pk])
    signed_in(reviewer).get(review)
    page = signed_in(second_reviewer).get(review).text
    notice = page[page.index('id="editing-now"') :]
    assert "rita has had this page open since" in notice and editing_sessions.REVIEW_WARNING in notice
    ping = reverse("admin:editorial_pendingchange_editing", args=[change.pk])
    assert "rita" in signed_in(second_reviewer).post(ping).json()["others"][0]
