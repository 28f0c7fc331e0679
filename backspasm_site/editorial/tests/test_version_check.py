"""No lost work: a form saved after someone else saved the same page is refused with a message that names
them, shows both versions and keeps what was typed (editorial/live_admin.py, services.current_version)."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from backspasm_site.articles.models import Article, Status
from backspasm_site.core.models import SiteText
from backspasm_site.editorial import services
from backspasm_site.symptom_checker.models import Advice, QuestionText
from tests.admin_forms import change_url, form_fields, with_changes

pytestmark = pytest.mark.django_db

FIRST = "Walk a little every hour."
SECOND = "Put a warm pack on the sore place."


def opened(user, item, form_id):
    client = Client()
    client.force_login(user)
    return client, form_fields(client.get(change_url(item)).text, form_id)


def save(client, item, fields, **changes):
    data = [*with_changes(fields, **changes), ("_save", "Save")]
    return client.post(change_url(item), urlencode(data), content_type="application/x-www-form-urlencoded")


def test_two_editors_on_one_live_article_the_second_is_told_and_keeps_their_text(
    site_content, editor, reviewer
):
    article = Article.objects.get(slug="home-treatment")
    first, first_form = opened(editor, article, "article_form")
    second, second_form = opened(reviewer, article, "article_form")
    body = dict(first_form)["body"]
    assert (
        save(first, article, first_form, body=f"{FIRST}\n\n{body}", change_reason="Move").status_code == 302
    )

    refused = save(second, article, second_form, body=f"{body}\n\n{SECOND}", change_reason="Warmth")
    assert refused.status_code == 200
    page = refused.text
    assert "eddie saved this page on" in page and "Nothing of yours was saved" in page
    assert SECOND in form_fields(page, "article_form")[[n for n, _ in second_form].index("body")][1]
    conflict = page[page.index('id="save-conflict"') :]
    assert f"<del>{FIRST.split()[0]}" in conflict and SECOND.split()[0] in conflict  # both versions
    change = services.open_change(article)
    assert FIRST in change.fields["body"] and SECOND not in change.fields["body"]
    assert change.reason == "Move"

    # Pressing Save again on the returned form is a deliberate choice: it goes through.
    again = save(second, article, form_fields(page, "article_form"))
    assert again.status_code == 302
    assert SECOND in services.open_change(article).fields["body"]


def test_two_editors_on_one_draft_the_second_save_does_not_overwrite_the_first(
    site_content, editor, reviewer
):
    article = Article.objects.get(slug="prevention")
    article.status = Status.DRAFT
    article.save()
    first, first_form = opened(editor, article, "article_form")
    second, second_form = opened(reviewer, article, "article_form")
    assert save(first, article, first_form, title="Stopping back spasms").status_code == 302
    refused = save(second, article, second_form, title="Preventing spasms")
    assert refused.status_code == 200 and "eddie saved this page" in refused.text
    article.refresh_from_db()
    assert article.title == "Stopping back spasms"


@pytest.mark.parametrize(
    ("model", "form_id", "field"),
    [
        (SiteText, "sitetext_form", "title"),
        (QuestionText, "questiontext_form", "hint"),
        (Advice, "advice_form", "title"),
    ],
)
def test_site_text_and_the_checker_wording_are_checked_too(
    site_content, editor, reviewer, model, form_id, field
):
    item = model.objects.first()
    first, first_form = opened(editor, item, form_id)
    second, second_form = opened(reviewer, item, form_id)
    assert save(first, item, first_form, **{field: "First words", "change_reason": "One"}).status_code == 302
    refused = save(second, item, second_form, **{field: "Second words", "change_reason": "Two"})
    assert refused.status_code == 200 and "eddie saved this page" in refused.text
    assert services.open_change(item).fields[field] == "First words"


def test_an_older_copy_of_your_own_form_is_refused_as_yours_not_someone_elses(site_content, editor):
    """Back after a save brings up the form as it was opened: posting it again would put the older words in
    place of the ones just saved, so it is refused, and the message says the newer save was yours."""
    article = Article.objects.get(slug="home-treatment")
    client, fields = opened(editor, article, "article_form")
    assert save(client, article, fields, change_reason="One", body=FIRST).status_code == 302
    back = save(client, article, fields, change_reason="One", body=SECOND)  # the same copy, posted again
    assert back.status_code == 200
    page = back.text
    assert "You saved this page on" in page and "after this copy of the form was opened" in page
    assert "eddie saved" not in page and "Their version" not in page
    conflict = page[page.index('id="save-conflict"') :]
    assert "Your saved version" in conflict and f"<del>{FIRST.split()[0]}" in conflict
    assert services.open_change(article).fields["body"] == FIRST


def test_a_form_opened_after_the_last_save_saves_as_before(site_content, editor):
    article = Article.objects.get(slug="home-treatment")
    client, fields = opened(editor, article, "article_form")
    assert save(client, article, fields, change_reason="One", title="A").status_code == 302
    client, fields = opened(editor, article, "article_form")
    assert save(client, article, fields, change_reason="Two", title="B").status_code == 302
    assert services.open_change(article).fields["title"] == "B"


def test_submitting_a_change_already_waiting_for_review_keeps_the_words_and_waits(
    site_content, editor, reviewer
):
    article = Article.objects.get(slug="home-treatment")
    client, fields = opened(editor, article, "article_form")
    data = [*with_changes(fields, change_reason="One", title="A"), ("_submit_for_review", "1")]
    assert client.post(change_url(article), urlencode(data), content_type="application/x-www-form-urlencoded")
    client, fields = opened(reviewer, article, "article_form")  # opened on the submitted change
    data = [*with_changes(fields, title="B"), ("_submit_for_review", "1")]
    response = client.post(
        change_url(article), urlencode(data), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    change = services.open_change(article)
    assert change.state == "submitted" and change.fields["title"] == "B"
