"""The editors' admin: roles, deliberate publishing, review dates, history and restore, reading age."""

import datetime
import html
import io
import re
import shutil

import pytest
import textstat
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from PIL import Image

from backspasm_site.articles import readability
from backspasm_site.articles.admin import KEPT_AS_DRAFT_MESSAGE, PUBLISHED_MESSAGE, ArticleAdmin
from backspasm_site.articles.models import Article, Status, a_year_after
from backspasm_site.core import content_files
from backspasm_site.core.models import SiteText
from backspasm_site.editorial import roles, services
from backspasm_site.editorial.models import PendingChange
from backspasm_site.symptom_checker.models import Advice, QuestionText
from tests.admin_forms import article_form_data, change_url
from tests.generated_articles import generate

pytestmark = pytest.mark.django_db


def form_data(article, **changes):
    """What the change form posts for `article` (editable fields only), with `changes` applied."""
    return article_form_data(article, **{"change_reason": "A test change", **changes})


@pytest.fixture
def draft(site_content):
    article = Article.objects.get(slug="prevention")
    article.status = Status.DRAFT
    article.save()
    return article


def test_the_groups_hold_exactly_the_permissions_roles_py_lists(editor_roles):
    for name, expected in [
        (roles.EDITOR, roles.EDITOR_PERMISSIONS),
        (roles.CLINICAL_REVIEWER, roles.CLINICAL_REVIEWER_PERMISSIONS),
    ]:
        perms = Group.objects.get(name=name).permissions.select_related("content_type")
        assert {f"{p.content_type.app_label}.{p.codename}" for p in perms} == set(expected)


def test_an_editor_saves_a_change_as_a_draft(client, editor, draft):
    client.force_login(editor)
    response = client.post(
        change_url(draft), form_data(draft, body=draft.body + "\n\nA new line."), follow=True
    )
    assert KEPT_AS_DRAFT_MESSAGE in response.text
    draft.refresh_from_db()
    assert draft.body.endswith("A new line.") and draft.status == Status.DRAFT


def test_an_editor_cannot_publish_with_the_publish_button(client, editor, draft):
    client.force_login(editor)
    assert 'name="_publish"' not in client.get(change_url(draft)).text
    response = client.post(change_url(draft), form_data(draft, _publish="Save and publish"))
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_an_editor_cannot_publish_by_posting_a_status_field(client, editor, draft):
    client.force_login(editor)
    client.post(change_url(draft), form_data(draft, status=Status.PUBLISHED))
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_an_editor_cannot_publish_with_the_list_action(client, editor, draft):
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")
    assert "publish_selected" not in client.get(changelist).text
    client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_an_editor_cannot_add_a_published_article(client, editor, site_content):
    client.force_login(editor)
    data = form_data(Article.objects.get(slug="prevention"), slug="new-page", status=Status.PUBLISHED)
    data["related"] = []
    client.post(reverse("admin:articles_article_add"), data)
    assert Article.objects.get(slug="new-page").status == Status.DRAFT


def test_a_reviewer_adding_an_article_is_offered_submit_not_publish(client, reviewer, site_content):
    """Whoever writes a new page cannot publish it: a "Save and publish" offered on Add always ended in a
    bare 403 with nothing saved."""
    client.force_login(reviewer)
    page = client.get(reverse("admin:articles_article_add")).text
    assert 'name="_publish"' not in page and 'name="_submit_for_review"' in page
    assert "another clinical reviewer must check and publish it" in page
    assert "None" not in page[page.index("publish-row") :]
    data = {**form_data(Article.objects.get(slug="prevention"), slug="new-page", related=[]), "_publish": "1"}
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 403  # posted anyway
    assert not Article.objects.filter(slug="new-page").exists()


def test_an_editors_change_to_a_published_article_waits_and_the_live_page_is_unchanged(
    client, editor, site_content
):
    article = Article.objects.get(slug="symptoms")
    live_body = article.body
    client.force_login(editor)
    page = client.get(change_url(article)).text
    assert 'name="body"' in page and "This page is live." in page and 'name="_submit_for_review"' in page
    response = client.post(change_url(article), form_data(article, body="Changed, waiting for review."))
    change = PendingChange.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:editorial_pendingchange_change", args=[change.pk])
    article.refresh_from_db()
    assert article.body == live_body and article.status == Status.PUBLISHED
    assert change.fields["body"] == "Changed, waiting for review." and change.author == editor
    # The form opens again with the pending words, not the live ones.
    assert "Changed, waiting for review." in client.get(change_url(article)).text


def test_an_editor_cannot_mark_a_page_reviewed(client, editor, draft):
    long_ago = datetime.date(2020, 1, 1)
    Article.objects.filter(pk=draft.pk).update(last_reviewed=long_ago, next_review_due=long_ago)
    client.force_login(editor)
    mark = reverse("admin:articles_article_mark_reviewed", args=[draft.pk])
    assert client.post(mark).status_code == 403
    client.post(change_url(draft), form_data(draft, last_reviewed="2030-01-01", _mark_reviewed="1"))
    client.post(change_url(draft), form_data(draft, last_reviewed="2030-01-01"))
    draft.refresh_from_db()
    assert draft.last_reviewed == long_ago


def test_restoring_a_published_version_as_an_editor_keeps_the_draft(client, editor, site_content):
    article = Article.objects.get(slug="prevention")
    published_version = article.history.latest()
    assert published_version.status == Status.PUBLISHED
    article.status = Status.DRAFT
    article.save()
    client.force_login(editor)
    revert = reverse("admin:articles_article_simple_history", args=[article.pk, published_version.pk])
    client.post(revert, form_data(article))
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_a_reviewer_publishes_with_the_button_and_the_public_page_shows_it(client, editor, reviewer, draft):
    # Hidden: a page that was live and is unpublished leads to its topic's list (moved_pages).
    assert client.get(draft.get_absolute_url())["Location"] == draft.get_topic_url()
    client.force_login(editor)
    client.post(change_url(draft), form_data(draft, body=draft.body + "\n\nReviewed words."))
    client.force_login(reviewer)
    assert 'name="_publish"' in client.get(change_url(draft)).text
    draft.refresh_from_db()
    response = client.post(change_url(draft), form_data(draft, _publish="Save and publish"), follow=True)
    assert PUBLISHED_MESSAGE in response.text
    client.logout()
    assert "Reviewed words." in client.get(draft.get_absolute_url()).text
    assert draft.history.latest().history_change_reason == "Published"
    assert draft.history.latest().history_user == reviewer


def test_a_reviewer_unpublishes_with_a_list_action_and_publishes_only_from_the_form(client, reviewer, draft):
    client.force_login(reviewer)
    changelist = reverse("admin:articles_article_changelist")
    client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    assert not Article.objects.published().filter(pk=draft.pk).exists()
    draft.status = Status.PUBLISHED
    draft.save()
    client.post(changelist, {"action": "unpublish_selected", "_selected_action": [draft.pk]})
    assert not Article.objects.published().filter(pk=draft.pk).exists()


def test_overdue_and_soon_due_pages_are_listed_on_the_admin_home_and_by_the_filter(
    client, reviewer, site_content
):
    today = timezone.localdate()
    Article.objects.update(next_review_due=today + datetime.timedelta(days=300))
    Article.objects.filter(slug="causes").update(next_review_due=today - datetime.timedelta(days=3))
    Article.objects.filter(slug="diagnosis").update(next_review_due=today + datetime.timedelta(days=20))
    client.force_login(reviewer)
    home = client.get(reverse("admin:index")).text
    panel = home[home.index('id="review-due"') :]
    assert "Overdue:" in panel and "What causes back spasms" not in panel.split("</table>")[1]
    overdue, soon = Article.objects.get(slug="causes"), Article.objects.get(slug="diagnosis")
    assert panel.index(overdue.title) < panel.index(soon.title) < panel.index("</table>")
    assert Article.objects.get(slug="symptoms").title not in panel.split("</table>")[0]
    changelist = reverse("admin:articles_article_changelist")
    assert list(client.get(changelist, {"review": "overdue"}).context["cl"].result_list) == [overdue]
    assert list(client.get(changelist, {"review": "soon"}).context["cl"].result_list) == [soon]


def test_mark_reviewed_asks_for_confirmation_and_a_note_then_sets_next_review_a_year_later(
    client, reviewer, site_content
):
    article = Article.objects.get(slug="causes")
    Article.objects.filter(pk=article.pk).update(
        next_review_due=datetime.date(2020, 1, 1), last_reviewed=None
    )
    client.force_login(reviewer)
    home = reverse("admin:index")
    mark = reverse("admin:articles_article_mark_reviewed", args=[article.pk])
    assert mark in client.get(home).text
    confirm = client.get(mark, {"next": home})
    assert confirm.status_code == 200 and "What did you check?" in confirm.text
    assert Article.objects.get(pk=article.pk).last_reviewed is None  # opening it signs nothing off
    no_note = client.post(mark, {"next": home, "confirm": "1", "note": "  "})
    assert no_note.status_code == 200 and "Say in a few words what you checked" in no_note.text
    assert Article.objects.get(pk=article.pk).last_reviewed is None
    response = client.post(mark, {"next": home, "confirm": "1", "note": "Checked against NICE NG59"})
    assert response.status_code == 302 and response["Location"] == home
    article.refresh_from_db()
    today = timezone.localdate()
    assert (article.last_reviewed, article.next_review_due) == (today, a_year_after(today))
    assert article.history.latest().history_change_reason == "Marked reviewed: Checked against NICE NG59"
    record = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert "Marked reviewed: Checked against NICE NG59" in record  # shown on the page's review record


def test_mark_reviewed_ignores_a_next_address_on_another_site(client, reviewer, site_content):
    article = Article.objects.get(slug="causes")
    client.force_login(reviewer)
    url = reverse("admin:articles_article_mark_reviewed", args=[article.pk])
    response = client.post(url, {"next": "https://evil.example/", "note": "Checked the sources"})
    assert response["Location"] == change_url(article)


def test_tampered_ids_in_a_list_action_or_the_related_pages_are_never_a_500(client, reviewer, draft):
    client.force_login(reviewer)
    changelist = reverse("admin:articles_article_changelist")
    for selected in ["abc", "", "1 OR 1=1"]:
        response = client.post(changelist, {"action": "unpublish_selected", "_selected_action": [selected]})
        assert response.status_code == 302, selected
    assert "The selection was not understood" in client.get(changelist).text
    response = client.post(change_url(draft), form_data(draft, related=["abc", str(draft.pk + 1)]))
    assert response.status_code in (200, 302)


def test_restoring_a_deleted_article_from_a_tampered_or_stale_form_is_never_a_500(
    client, reviewer, second_reviewer, site_content
):
    """A review found two 500s: the restore posted with "_publish", and a restore page opened before the
    article was restored by someone else and deleted again."""
    pk = Article.objects.get(slug="causes").pk
    client.force_login(reviewer)
    client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    last_saved = Article.history.filter(id=pk).exclude(history_type="-").latest()
    revert_url = reverse("admin:articles_article_simple_history", args=[pk, last_saved.history_id])

    def restore_form(person):
        opened = person.get(revert_url).context["adminform"].form.initial["opened_version"]
        return form_data(last_saved.instance, change_reason="", opened_version=opened)

    # Restored and published in one post: the restorer wrote the whole page now, so may not publish it.
    assert client.post(revert_url, {**restore_form(client), "_publish": "1"}).status_code == 403
    assert not Article.objects.filter(pk=pk).exists()
    stale = restore_form(client)
    other = Client()
    other.force_login(second_reviewer)
    assert other.post(revert_url, restore_form(other)).status_code == 302  # restored by someone else
    other.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})  # and deleted again
    response = client.post(revert_url, stale)  # the page opened before all that
    assert response.status_code == 200 and "after you opened it" in response.text
    assert not Article.objects.filter(pk=pk).exists()  # nothing restored over what the other did


def test_a_deleted_article_can_be_restored_from_history_with_its_links(client, reviewer, site_content):
    article = Article.objects.get(slug="causes")
    pk, body, related = article.pk, article.body, set(article.related.values_list("pk", flat=True))
    assert related
    client.force_login(reviewer)
    client.post(reverse("admin:articles_article_delete", args=[pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=pk).exists()

    deleted_list = client.get(reverse("admin:articles_article_deleted")).text
    history_url = reverse("admin:articles_article_history", args=[pk])
    assert article.title in deleted_list and history_url in deleted_list
    last_saved = Article.history.filter(id=pk).exclude(history_type="-").latest()
    revert_url = reverse("admin:articles_article_simple_history", args=[pk, last_saved.history_id])
    assert revert_url in client.get(history_url).text
    restore_page = client.get(revert_url)
    form = restore_page.context["adminform"].form
    assert {int(pk) for pk in form.initial["related"]} == related
    assert "This page was deleted. Restoring brings it back" in restore_page.text  # not "Nothing"
    response = client.post(
        revert_url, form_data(last_saved.instance, related=[str(r) for r in related], change_reason="")
    )
    assert response.status_code == 302

    restored = Article.objects.get(pk=pk)
    assert restored.body == body and restored.status == Status.DRAFT
    assert set(restored.related.values_list("pk", flat=True)) == related
    assert restored.history.latest().history_change_reason.startswith("Restored an earlier version")
    assert "No deleted articles." in client.get(reverse("admin:articles_article_deleted")).text


def test_restoring_a_deleted_article_keeps_the_review_dates_it_had_and_no_take_down_time(
    client, editor, reviewer, site_content
):
    """A restored version never sets the sign-off, the next review date (but by a reviewer) or a take-down
    time; with no row left to keep them from, the old version's came back: a take-down time cancelled since,
    a review date a reviewer had brought forward."""
    article = Article.objects.get(slug="causes")
    article.last_reviewed, article.next_review_due = datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)
    article.take_down_at = timezone.now() + datetime.timedelta(days=30)
    article.save()
    old = article.history.latest()
    article.take_down_at = None  # cancelled
    article.last_reviewed, article.next_review_due = datetime.date(2025, 6, 1), datetime.date(2025, 9, 1)
    article.save()
    client.force_login(reviewer)
    client.post(reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"})

    client.force_login(editor)
    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, old.history_id])
    related = [str(pk) for pk in article.related.values_list("pk", flat=True)]
    response = client.post(revert_url, form_data(old.instance, related=related, change_reason=""))
    assert response.status_code == 302
    restored = Article.objects.get(pk=article.pk)
    assert restored.status == Status.DRAFT and restored.take_down_at is None
    assert restored.last_reviewed == datetime.date(2025, 6, 1)  # as when it was deleted
    assert restored.next_review_due == datetime.date(2025, 9, 1)


def publish_pending(article_or_item, reviewer):
    """A second person publishes the item's pending change, after its writer submitted it."""
    change = services.open_change(article_or_item)
    if change.state != "submitted":
        services.submit_for_review(change=change, user=change.author)
    services.publish(change=change, user=reviewer)


def test_history_shows_who_changed_what_as_a_line_diff(client, editor, reviewer, site_content):
    article = Article.objects.get(slug="symptoms")
    client.force_login(editor)
    first_line = article.body.splitlines()[0]
    client.post(
        change_url(article), form_data(article, body=article.body.replace(first_line, "A new first line."))
    )
    publish_pending(article, reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert "rita" in page and "Loaded from content/ by load_content" in page
    assert "by eddie, approved: A test change" in page and "(live version)" in page
    assert '<del class="diff-line">' + first_line.replace("'", "&#x27;") in page
    assert '<ins class="diff-line">A new first line.</ins>' in page


@pytest.mark.parametrize("model", [Article, SiteText, QuestionText, Advice])
def test_every_content_model_keeps_history_and_restores_from_admin(
    client, reviewer, second_reviewer, site_content, model
):
    item = model.objects.first()
    field = "text" if model is QuestionText else "title"
    original = getattr(item, field)
    setattr(item, field, "Changed for a moment")
    item.save()
    client.force_login(reviewer)
    opts = model._meta
    history_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[item.pk])
    assert "Changed for a moment" in client.get(history_url).text
    old = item.history.filter(**{field: original}).latest()
    revert_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[item.pk, old.pk])
    form = client.get(revert_url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None}
    assert client.post(revert_url, data).status_code == 302
    # A restore of a live page is a change for review like any other: live only once a second person
    # publishes it.
    item.refresh_from_db()
    assert getattr(item, field) == "Changed for a moment"
    publish_pending(item, second_reviewer)
    item.refresh_from_db()
    assert getattr(item, field) == original


def test_every_field_an_editor_sees_has_plain_language_help_text(reviewer):
    request = RequestFactory().get("/admin/")
    request.user = reviewer
    for model in (Article, SiteText, QuestionText, Advice):
        form = admin.site._registry[model].get_form(request)()
        for name, field in form.fields.items():
            if field.widget.is_hidden:
                continue  # not seen (the version the form was opened on)
            assert len(field.help_text) > 20, f"{model.__name__}.{name} has no help text"


def test_reading_age_is_shown_in_the_list_and_on_the_form(client, editor, site_content):
    article = Article.objects.get(slug="causes")
    grade = round(textstat.flesch_kincaid_grade(article.body_text()), 1)
    assert 3 < grade < 9
    client.force_login(editor)
    changelist = client.get(reverse("admin:articles_article_changelist")).text
    assert f'<td class="field-reading_grade">{grade:.1f}</td>' in changelist
    assert f"Flesch-Kincaid grade {grade:.1f}" in client.get(change_url(article)).text


HARD_TEXT = (
    "Musculoskeletal inflammation frequently necessitates multidisciplinary physiotherapeutic "
    "intervention, particularly whenever neurological complications simultaneously manifest."
)


def test_reading_grade_is_higher_for_long_words_and_sentences():
    easy = "The cat sat. It was warm. We had tea."
    assert readability.flesch_kincaid_grade(easy) < 3 < 12 < readability.flesch_kincaid_grade(HARD_TEXT)
    assert readability.flesch_kincaid_grade("  ") == 0.0
    assert "above the site's aim" in readability.describe(12.0)
    assert "within the site's aim" in readability.describe(6.0)


def test_view_on_site_from_admin_leads_staff_to_the_draft_preview(client, editor, draft):
    client.force_login(editor)
    page = client.get(change_url(draft)).text
    view_on_site = reverse("admin:view_on_site", args=[_content_type(draft), draft.pk])
    assert view_on_site in page
    preview = client.get(view_on_site, follow=True)
    assert preview.redirect_chain[-1][0].endswith(draft.get_absolute_url())
    assert "Draft preview." in preview.text
    client.logout()
    # The public never sees the draft: its address, live before, leads to its topic's list (moved_pages).
    hidden = client.get(draft.get_absolute_url())
    assert hidden.status_code == 301 and hidden["Location"] == draft.get_topic_url()


def _content_type(obj):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(obj).pk


def test_loading_records_history_and_export_writes_no_history_fields(
    tmp_path, client, reviewer, second_reviewer
):
    root = tmp_path / "content"
    shutil.copytree(content_files.content_dir(), root)
    before = {path: path.read_bytes() for path in root.rglob("*.md")}
    content_files.load(root=root)
    loaded = Article.history.filter(history_change_reason=content_files.LOAD_REASON)
    files = len(list((root / "articles").glob("*.md")))
    assert loaded.values("id").distinct().count() == Article.objects.count() == files >= 11
    article = Article.objects.get(slug="symptoms")
    client.force_login(reviewer)
    client.post(change_url(article), form_data(article, body=article.body + "\n\nFrom admin."))
    publish_pending(article, second_reviewer)
    assert Article.objects.get(pk=article.pk).body.endswith("From admin.")
    revert = reverse(
        "admin:articles_article_simple_history",
        args=[
            article.pk,
            article.history.filter(history_change_reason=content_files.LOAD_REASON).latest().pk,
        ],
    )
    client.post(revert, form_data(article))
    publish_pending(article, second_reviewer)
    # Restored to exactly what was loaded: the loader sees no editor change, and export changes nothing.
    report = content_files.load(root=root)
    assert report.kept == [] and report.updated == []
    assert content_files.export(root=root) == []
    assert {path: path.read_bytes() for path in root.rglob("*.md")} == before
    assert not any(b"history" in text for text in before.values())


def test_saving_an_unchanged_article_from_a_browser_is_not_an_editors_change(
    client, reviewer, second_reviewer, site_content
):
    article = Article.objects.get(slug="symptoms")
    client.force_login(reviewer)
    client.post(change_url(article), form_data(article, body=article.body.replace("\n", "\r\n")))
    publish_pending(article, second_reviewer)
    assert Article.objects.get(pk=article.pk).history.latest().history_change_reason.startswith("Change #")
    assert content_files.load().kept == []


def test_an_editor_uploads_an_image_into_media_and_it_is_served(client, editor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(png, "PNG")
    png.seek(0)
    png.name = "picture.png"
    upload = reverse("markdownx_upload")
    assert (
        client.post(upload, {"image": png}, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 302
    )
    client.force_login(editor)
    png.seek(0)
    response = client.post(upload, {"image": png}, headers={"x-requested-with": "XMLHttpRequest"})
    image_code = response.json()["image_code"]
    url = image_code[image_code.index("(") + 1 : image_code.index(")")]
    assert url.startswith("/media/markdownx/") and url.endswith(".png")
    assert len(list((tmp_path / "markdownx").iterdir())) == 1
    served = client.get(url)  # to staff; the public sees it once a live page uses it (core/image_uploads.py)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    client.logout()
    assert client.get("/media/markdownx/../../settings.py").status_code == 404


@pytest.mark.parametrize("path", ["x/history/", "1/history/x/", "1'/history/2/", "999999/history/"])
def test_a_tampered_history_address_is_a_404(client, reviewer, path):
    client.force_login(reviewer)
    assert client.get("/admin/articles/article/" + path).status_code == 404


# --- with thousands of articles (issue 16): a paged list, a stored grade, related pages found by title ---


def changelist_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 200
    return len(queries), len(response.context["cl"].result_list)


def test_the_article_list_is_paged_and_reads_no_more_for_300_articles_than_for_11(
    client, editor, site_content
):
    client.force_login(editor)
    changelist_queries(client)  # the first request after signing in also reads the session and permissions
    few_queries, few_rows = changelist_queries(client)
    generate(300)
    many_queries, many_rows = changelist_queries(client)
    assert few_rows == Article.objects.count() - 300 and many_rows == ArticleAdmin.list_per_page == 50
    assert many_queries == few_queries


def test_the_list_shows_the_stored_reading_grade_and_never_works_it_out(
    client, editor, site_content, monkeypatch
):
    article = Article.objects.get(slug="causes")
    article.body = HARD_TEXT
    article.save()
    assert article.reading_grade == readability.flesch_kincaid_grade(HARD_TEXT) > 12
    assert Article.objects.get(pk=article.pk).reading_grade == article.reading_grade  # stored
    monkeypatch.setattr(textstat, "flesch_kincaid_grade", lambda text: pytest.fail("worked out per request"))
    client.force_login(editor)
    changelist = client.get(reverse("admin:articles_article_changelist")).text
    assert f'<td class="field-reading_grade">{article.reading_grade:.1f}</td>' in changelist
    assert f"Flesch-Kincaid grade {article.reading_grade:.1f}" in client.get(change_url(article)).text


def test_the_migration_works_out_the_grade_of_articles_saved_before_it(site_content):
    # Migration 0004 calls this same function with its historical apps.
    Article.objects.update(reading_grade=0.0)
    readability.fill_reading_grades()
    for article in Article.objects.all():
        assert article.reading_grade == readability.flesch_kincaid_grade(article.body_text()) > 0, (
            article.slug
        )


def test_related_pages_never_offer_the_page_itself(client, reviewer, site_content):
    article = Article.objects.get(slug="causes")
    other = Article.objects.get(slug="symptoms")
    client.force_login(reviewer)
    form = client.get(change_url(article)).text
    search_url = re.search(r'name="related"[^>]*data-ajax--url="([^"]+)"', form) or re.search(
        r'data-ajax--url="([^"]+)"[^>]*name="related"', form
    )
    assert search_url, "the related field is not an autocomplete"
    url = html.unescape(search_url.group(1))
    assert f"leave_out={article.pk}" in url

    def offered(term: str) -> set[int]:
        # As the admin's script asks: its own parameters added to the widget's address.
        asked = {"app_label": "articles", "model_name": "article", "field_name": "related", "term": term}
        return {int(row["id"]) for row in client.get(f"{url}&{urlencode(asked)}").json()["results"]}

    assert other.pk in offered("") and article.pk not in offered("")
    assert offered("causes") == set()  # the only page with that title is this one
    # Posted anyway, it is refused.
    response = client.post(change_url(article), form_data(article, related=[str(article.pk), str(other.pk)]))
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert article.pk not in article.related.values_list("pk", flat=True)


def test_the_change_form_with_300_articles_lists_only_the_chosen_related_pages(
    client, reviewer, site_content
):
    generate(300)
    article = Article.objects.get(slug="causes")
    client.force_login(reviewer)
    with CaptureQueriesContext(connection) as queries:
        form = client.get(change_url(article)).text
    related = re.search(r'<select name="related".*?</select>', form, re.S).group(0)
    assert related.count("<option") == article.related.count() > 0
    # A fixed number, whatever the count of articles: 17, and 4 to record who has the page open
    # (editorial/editing_sessions.py: update, insert on a first visit, prune, who else).
    assert len(queries) < 24


def test_a_draft_in_the_due_list_says_it_is_a_draft_published_through_review(client, reviewer, site_content):
    today = timezone.localdate()
    Article.objects.update(next_review_due=today + datetime.timedelta(days=300))
    Article.objects.filter(slug__in=["causes", "diagnosis"]).update(next_review_due=today)
    Article.objects.filter(slug="diagnosis").update(status=Status.DRAFT)
    client.force_login(reviewer)
    panel = client.get(reverse("admin:index")).text.split('id="review-due"')[1].split("</table>")[0]
    rows = {row.split("</a>")[0].rsplit(">", 1)[1]: row for row in panel.split("<tr")[2:]}
    draft, live = Article.objects.get(slug="diagnosis"), Article.objects.get(slug="causes")
    assert "(draft: publish it through “Submit for review”)" in rows[draft.title]
    assert "draft" not in rows[live.title]


def test_the_admin_home_lists_the_first_pages_due_and_links_to_the_rest(client, reviewer, site_content):
    from backspasm_site.articles.templatetags.review_tags import PANEL_ROWS

    generate(PANEL_ROWS + 280)
    Article.objects.update(next_review_due=datetime.date(2020, 1, 1))
    first = Article.objects.get(slug="generated-page-0")
    Article.objects.filter(pk=first.pk).update(next_review_due=datetime.date(2019, 6, 1))
    client.force_login(reviewer)
    panel = client.get(reverse("admin:index")).text.split('id="review-due"')[1].split("</div>")[0]
    rows = panel.split('class="review-overdue"')[1:]
    assert len(rows) == PANEL_ROWS and f">{first.title}</a>" in rows[0]  # the one due first leads
    more = Article.objects.count() - PANEL_ROWS
    link = reverse("admin:articles_article_changelist") + "?review=overdue"
    assert f'<a href="{link}">See all overdue pages ({more} more)</a>' in panel


def test_the_article_list_says_published_or_draft_and_which_have_a_change_waiting(
    client, editor, site_content
):
    from backspasm_site.editorial import services

    live = Article.objects.get(slug="causes")
    services.save_change(obj=live, values={"summary": live.summary + " More."}, user=editor, reason="Clearer")
    Article.objects.filter(slug="diagnosis").update(status="draft")
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_changelist")).text
    rows = {
        title: row for row in html.split("<tr")[1:] for title in [live.title, "diagnosed"] if title in row
    }
    assert '<td class="field-shown_status">Published, change waiting</td>' in rows[live.title]
    assert '<td class="field-shown_status">Draft</td>' in rows["diagnosed"]
    assert "(everyone can see it)" not in html.split("<tbody>")[1].split("</tbody>")[0]  # short cells


def test_a_restore_page_says_what_it_will_change_links_included_before_it_is_confirmed(
    client, editor, site_content
):
    article = Article.objects.get(slug="causes")
    article.related.set(Article.objects.filter(slug="symptoms"))
    article.summary = "A newer summary."
    article.body += "\n\nA newer last line."
    article.save()
    oldest = article.history.earliest()
    assert list(oldest.related.values_list("to_article", flat=True)) != [
        Article.objects.get(slug="symptoms").pk
    ]
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_simple_history", args=[article.pk, oldest.pk])).text
    box = page[page.index('id="restore-changes"') :].split("</table>")[0]
    assert "What restoring this version changes" in box

    def now_and_after(part: str) -> tuple[str, str]:
        """A row of the comparison, read as it is now and as the restore leaves it (a review's diff)."""
        row = box[box.index(f">{part}<") + 1 :].split("</tr>")[0]
        read = lambda html: " ".join(re.sub(r"<[^>]+>", " ", html).split())  # noqa: E731
        return read(re.sub(r"<ins>.*?</ins>", "", row)), read(re.sub(r"<del>.*?</del>", "", row))

    # Now linked, named with its address as a review names it; the restore takes the link away.
    assert now_and_after("Related") == (
        "Related Symptoms of a back spasm (/articles/symptoms/)",
        "Related (empty)",
    )
    now, after = now_and_after("Summary")
    assert now == "Summary A newer summary." and after == f"Summary {oldest.summary}"
    now, after = now_and_after("Body")
    assert now.endswith("A newer last line.") and "A newer last line." not in after
    assert ">Status<" not in box and "Reading grade" not in box  # what a restore never sets
    nothing = client.get(
        reverse("admin:articles_article_simple_history", args=[article.pk, article.history.latest().pk])
    ).text
    assert "Nothing: this version is the same as the item now." in nothing


def test_a_reviewers_restore_page_shows_the_next_review_date_it_would_bring_back(
    client, reviewer, site_content
):
    """A reviewer's form sets the next review date, so a restore can bring an old one back: it is listed."""
    article = Article.objects.get(slug="causes")
    oldest = article.history.earliest()
    article.next_review_due = oldest.next_review_due + datetime.timedelta(days=400)
    article.save()
    client.force_login(reviewer)
    page = client.get(reverse("admin:articles_article_simple_history", args=[article.pk, oldest.pk])).text
    box = page[page.index('id="restore-changes"') :].split("</table>")[0]
    assert ">Next review due<" in box and f"{oldest.next_review_due:%Y}" in box
