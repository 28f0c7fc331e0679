"""Changes to live pages: pending changes, review with comments, and the two-person rule for clinical content
(backspasm_site/editorial/services/)."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from backspasm_site.articles.models import Article, Status
from backspasm_site.core.models import SiteText
from backspasm_site.editorial import roles, services
from backspasm_site.editorial.models import PendingChange, State
from backspasm_site.page_cache import edge
from backspasm_site.symptom_checker.models import Advice, QuestionText
from tests.admin_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db

NEW_WORDS = "Walk a little every hour, even when it hurts a bit."
PREVIEW_BANNER = "Preview of a change waiting for review."


def review_url(change):
    return reverse("admin:editorial_pendingchange_change", args=[change.pk])


def article_form(article, **changes):
    return article_form_data(article, **{"change_reason": "Clearer advice on moving", **changes})


@pytest.fixture
def live_article(site_content):
    article = Article.objects.get(slug="home-treatment")
    assert article.status == Status.PUBLISHED
    return article


def propose(client, user, article, submit=True, **changes):
    client.force_login(user)
    data = article_form(article, body=article.body + "\n\n" + NEW_WORDS, **changes)
    if submit:
        data["_submit_for_review"] = "Submit for review"
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.text[:2000]
    return services.open_change(article)


# --- a pending change never reaches the public ---


def test_a_pending_change_leaves_the_public_page_and_its_cache_as_they_are(
    client, editor, live_article, monkeypatch
):
    public = client.get(live_article.get_absolute_url())
    named = []
    monkeypatch.setattr(edge, "content_changed", lambda *, keys: named.append(sorted(keys)))
    change = propose(client, editor, live_article)
    assert change.state == State.SUBMITTED
    assert named == []  # nothing public was saved: no page is purged, its cached copies stay
    client.logout()
    again = client.get(live_article.get_absolute_url())
    assert NEW_WORDS not in again.text and PREVIEW_BANNER not in again.text
    assert again.text == public.text


def test_staff_preview_the_pending_change_at_the_page_address_never_cached(client, editor, live_article):
    propose(client, editor, live_article, title="Looking after a back spasm at home")
    response = client.get(live_article.get_absolute_url())
    assert PREVIEW_BANNER in response.text and NEW_WORDS in response.text
    assert "Looking after a back spasm at home" in response.text
    assert response["Cache-Control"] == "private, no-store"
    client.logout()
    public = client.get(live_article.get_absolute_url())
    assert NEW_WORDS not in public.text and "Looking after a back spasm at home" not in public.text


def test_pending_checker_wording_never_reaches_the_checker_until_published(
    client, editor, reviewer, site_content
):
    question = QuestionText.objects.get(code="fever")
    client.force_login(editor)
    data = {"text": "Do you feel hot or shivery, with a temperature?", "hint": question.hint}
    data["change_reason"] = "Plainer words"
    data["_submit_for_review"] = "Submit for review"
    assert client.post(change_url(question), data).status_code == 302
    client.logout()
    checker = client.get(reverse("symptom_checker:checker")).text
    assert question.text in checker and "hot or shivery" not in checker
    services.publish(change=services.open_change(question), user=reviewer)
    assert "hot or shivery" in client.get(reverse("symptom_checker:checker")).text


def test_publishing_changes_the_live_page_at_once_with_the_reason_in_its_history(
    client, editor, reviewer, live_article
):
    client.get(live_article.get_absolute_url())  # cached now
    change = propose(client, editor, live_article)
    client.force_login(reviewer)
    response = client.post(review_url(change), {"_publish": "Publish this change"}, follow=True)
    assert "Published: everyone can now see the change." in response.text
    client.logout()
    assert NEW_WORDS in client.get(live_article.get_absolute_url()).text
    record = Article.objects.get(pk=live_article.pk).history.latest()
    assert record.history_user == reviewer
    assert record.history_change_reason == f"Change #{change.pk} by eddie, approved: Clearer advice on moving"
    change.refresh_from_db()
    assert change.state == State.PUBLISHED and change.published_by == reviewer


# --- review: the queue, the diff, sending back with a comment ---


def test_reviewers_see_what_waits_first_on_the_admin_home_with_how_long(
    client, editor, reviewer, live_article
):
    change = propose(client, editor, live_article)
    PendingChange.objects.filter(pk=change.pk).update(
        submitted_at=timezone.now() - timezone.timedelta(days=3)
    )
    client.force_login(reviewer)
    home = client.get(reverse("admin:index")).text
    panel = home[home.index('id="waiting-for-review"') :]
    assert home.index("Waiting for your review") < home.index('id="review-due"')  # first on the page
    assert review_url(change) in panel and "3\xa0days" in panel and "Clearer advice on moving" in panel
    client.force_login(editor)
    editors_home = client.get(reverse("admin:index")).text
    assert "Waiting for your review" not in editors_home
    # The writer sees where their change is; the review-date list, which only a reviewer can act on, is not
    # shown to them.
    mine = editors_home[editors_home.index("Your changes") :]
    assert review_url(change) in mine and "Waiting for review" in mine
    assert 'id="review-due"' not in editors_home


def test_the_diff_shows_the_words_a_reader_sees_marked_and_escaped(client, editor, reviewer, live_article):
    change = propose(client, editor, live_article, title="Home <script>alert(1)</script> treatment")
    client.force_login(reviewer)
    page = client.get(review_url(change)).text
    diff = page[page.index('id="change-diff"') : page.index("</table>", page.index('id="change-diff"'))]
    added = "".join(re.findall(r"<ins>(.*?)</ins>", diff, re.S)).replace("<br>", "")
    assert NEW_WORDS in added and "&lt;script&gt;" in added
    assert "<script>alert" not in diff and "<del>Treating</del>" in diff  # the live title's words go
    assert "##" not in diff  # rendered text, not markdown


def test_send_back_needs_a_comment_which_stays_with_the_change(client, editor, reviewer, live_article):
    change = propose(client, editor, live_article)
    client.force_login(reviewer)
    client.post(review_url(change), {"_send_back": "Send back", "comment": ""})
    change.refresh_from_db()
    assert change.state == State.SUBMITTED
    client.post(review_url(change), {"_send_back": "Send back", "comment": "Say how long to walk for."})
    change.refresh_from_db()
    assert change.state == State.SENT_BACK
    client.force_login(editor)
    assert "Say how long to walk for." in client.get(change_url(live_article)).text
    propose(client, editor, live_article)
    change.refresh_from_db()
    assert change.state == State.SUBMITTED
    client.force_login(reviewer)
    client.post(review_url(change), {"_publish": "Publish"})
    assert "Say how long to walk for." in client.get(review_url(change)).text
    assert [e.action for e in change.events.all()] == [
        "wrote", "submitted", "sent-back", "wrote", "submitted", "published",
    ]  # fmt: skip


# --- two people for clinical content: the writer cannot approve ---


def test_the_writer_cannot_publish_their_own_change_by_a_crafted_post(
    client, reviewer, second_reviewer, live_article
):
    change = propose(client, reviewer, live_article)
    page = client.get(review_url(change)).text
    assert 'name="_publish"' not in page and "another clinical reviewer must check" in page
    assert client.post(review_url(change), {"_publish": "Publish"}).status_code == 403
    assert NEW_WORDS not in Article.objects.get(pk=live_article.pk).body
    client.force_login(second_reviewer)
    client.post(review_url(change), {"_publish": "Publish"})
    assert NEW_WORDS in Article.objects.get(pk=live_article.pk).body


def test_anyone_who_wrote_part_of_a_change_cannot_publish_it(client, editor, reviewer, live_article):
    propose(client, editor, live_article, submit=False)
    change = propose(client, reviewer, live_article)  # the reviewer edits the editor's change
    assert change.author == editor
    with pytest.raises(services.NotAllowed):
        services.publish(change=change, user=reviewer)


def test_no_list_action_publishes_changes_unseen(client, reviewer, second_reviewer, live_article):
    change = propose(client, reviewer, live_article)
    client.force_login(second_reviewer)
    changelist = reverse("admin:editorial_pendingchange_changelist")
    assert 'value="publish_selected"' not in client.get(changelist).text
    client.post(changelist, {"action": "publish_selected", "_selected_action": [change.pk]})
    change.refresh_from_db()
    assert change.state == State.SUBMITTED


def test_the_writer_of_a_draft_cannot_publish_it_and_no_list_action_does(
    client, reviewer, second_reviewer, site_content
):
    draft = Article.objects.get(slug="prevention")
    draft.status = Status.DRAFT
    draft.save()
    client.force_login(reviewer)
    client.post(change_url(draft), article_form(draft, body=draft.body + "\n\n" + NEW_WORDS))
    assert 'name="_publish"' not in client.get(change_url(draft)).text
    assert client.post(change_url(draft), article_form(draft, _publish="Save and publish")).status_code == 403
    client.force_login(second_reviewer)
    changelist = reverse("admin:articles_article_changelist")
    assert 'value="publish_selected"' not in client.get(changelist).text
    client.post(changelist, {"action": "publish_selected", "_selected_action": [draft.pk]})
    assert Article.objects.get(pk=draft.pk).status == Status.DRAFT
    draft.refresh_from_db()  # the second reviewer publishes from the form, where the draft's words show
    client.post(change_url(draft), article_form(draft, _publish="Save and publish"))
    assert Article.objects.get(pk=draft.pk).status == Status.PUBLISHED


def test_a_restore_of_a_live_page_is_a_change_its_restorer_cannot_publish(
    client, reviewer, second_reviewer, live_article
):
    first = live_article.history.earliest()
    original_body = live_article.body
    live_article.body += "\n\nA later line."
    live_article.save()
    client.force_login(reviewer)
    revert = reverse("admin:articles_article_simple_history", args=[live_article.pk, first.pk])
    assert (
        client.post(revert, article_form(live_article, body=first.body, change_reason="")).status_code == 302
    )
    change = services.open_change(live_article)
    assert change.reason.startswith("Restored an earlier version")
    assert Article.objects.get(pk=live_article.pk).body.endswith("A later line.")
    services.submit_for_review(change=change, user=reviewer)
    assert client.post(review_url(change), {"_publish": "Publish"}).status_code == 403
    services.publish(change=change, user=second_reviewer)
    assert Article.objects.get(pk=live_article.pk).body == original_body


def test_the_restore_page_names_a_waiting_change_whose_words_a_restore_would_replace(
    client, editor, reviewer, live_article
):
    change = propose(client, editor, live_article)
    current = live_article.history.order_by("-history_date", "-history_id").first()
    client.force_login(reviewer)
    page = client.get(reverse("admin:articles_article_simple_history", args=[live_article.pk, current.pk]))
    assert page.status_code == 200 and "A change to this page is waiting" in page.text
    assert reverse("admin:editorial_pendingchange_change", args=[change.pk]) in page.text


def test_a_change_keeps_only_what_its_writer_changed_so_a_later_sign_off_is_never_undone(
    reviewer, second_reviewer, live_article
):
    """A reviewer's form holds the next review date as it is: publishing their typo fix after a sign-off
    put the older date back (a review found it)."""
    due_then = live_article.next_review_due.isoformat()
    change = services.save_change(
        obj=live_article,
        values={"body": live_article.body + " " + NEW_WORDS, "next_review_due": due_then},
        user=reviewer,
        reason="A typo",
        submit=True,
    )
    assert set(change.fields) == {"body"}
    services.mark_reviewed(
        article=Article.objects.get(pk=live_article.pk), user=second_reviewer, note="Sources"
    )
    signed_off = Article.objects.get(pk=live_article.pk).next_review_due
    assert signed_off.isoformat() != due_then
    services.publish(change=change, user=second_reviewer)
    published = Article.objects.get(pk=live_article.pk)
    assert NEW_WORDS in published.body and published.next_review_due == signed_off


def test_deleting_a_live_page_closes_its_waiting_change(client, editor, reviewer, live_article):
    """Restored, the page is a draft: a change left open for it would write over the draft when published."""
    change = propose(client, editor, live_article)
    client.force_login(reviewer)
    client.post(reverse("admin:articles_article_delete", args=[live_article.pk]), {"post": "yes"})
    assert not Article.objects.filter(pk=live_article.pk).exists()
    change.refresh_from_db()
    assert change.state == State.CLOSED and "the page was deleted first" in change.events.last().comment
    page = client.get(review_url(change))  # its words are still there to read and copy
    assert (
        page.status_code == 200
        and NEW_WORDS in page.text
        and "Closed: the page was taken down or deleted first" in page.text
    )


def test_site_text_is_not_clinical_so_a_reviewer_may_publish_their_own(client, reviewer, site_content):
    text = SiteText.objects.first()
    client.force_login(reviewer)
    data = {"title": "A new title", "body": text.body, "_submit_for_review": "Submit"}
    assert client.post(change_url(text), data).status_code == 302
    services.publish(change=services.open_change(text), user=reviewer)
    assert SiteText.objects.get(pk=text.pk).title == "A new title"


def test_an_editor_cannot_publish_or_send_back(client, editor, live_article):
    change = propose(client, editor, live_article)
    assert client.post(review_url(change), {"_publish": "Publish"}).status_code == 403
    assert client.post(review_url(change), {"_send_back": "x", "comment": "No"}).status_code == 403
    change.refresh_from_db()
    assert change.state == State.SUBMITTED


def test_a_clinical_change_needs_a_reason(client, editor, live_article):
    client.force_login(editor)
    response = client.post(change_url(live_article), article_form(live_article, body="x", change_reason=""))
    assert response.status_code == 200 and "Say why the page changes" in response.text
    assert not PendingChange.objects.exists()


def test_advice_links_are_kept_as_ids_and_set_on_publish(client, editor, reviewer, site_content):
    advice = Advice.objects.get(disposition="self-care")
    wanted = list(Article.objects.filter(slug__in=["prevention", "causes"]).values_list("pk", flat=True))
    client.force_login(editor)
    data = {"title": advice.title, "body": advice.body, "related": [str(pk) for pk in wanted]}
    data.update(change_reason="Better links", _submit_for_review="Submit")
    assert client.post(change_url(advice), data).status_code == 302
    change = services.open_change(advice)
    assert change.fields["related"] == sorted(wanted)
    assert set(advice.related.values_list("pk", flat=True)) != set(wanted)
    services.publish(change=change, user=reviewer)
    assert set(Advice.objects.get(pk=advice.pk).related.values_list("pk", flat=True)) == set(wanted)


def test_the_history_shows_the_live_version_and_the_pending_change(client, editor, live_article):
    change = propose(client, editor, live_article)
    page = client.get(reverse("admin:articles_article_history", args=[live_article.pk])).text
    assert "(live version)" in page and 'id="pending-version"' in page and review_url(change) in page


# --- "last reviewed" only by a sign-off ---


def test_a_new_page_is_never_reviewed_until_a_reviewer_signs_it_off(
    client, editor, reviewer, second_reviewer, site_content
):
    client.force_login(editor)
    data = article_form(
        Article.objects.get(slug="prevention"), slug="new-page", related=[], next_review_due=""
    )
    data.pop("next_review_due")
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug="new-page")
    assert article.last_reviewed is None
    assert "Never reviewed" in client.get(reverse("admin:articles_article_changelist")).text
    preview = client.get(article.get_absolute_url()).text
    assert "A clinician has not checked this page yet." in preview and "Page last reviewed" not in preview
    services.publish_draft(article=article, user=reviewer)
    client.logout()
    public = client.get(article.get_absolute_url()).text
    assert "A clinician has not checked this page yet." in public and "lastReviewed" not in public
    services.mark_reviewed(article=article, user=second_reviewer)
    public = client.get(article.get_absolute_url()).text
    assert f'Page last reviewed: <time datetime="{timezone.localdate():%Y-%m-%d}"' in public


# --- the groups: one list, one function ---


def test_bringing_the_groups_in_line_is_idempotent_and_removes_what_is_not_listed(editor_roles):
    editors = Group.objects.get(name=roles.EDITOR)
    editors.permissions.add(Permission.objects.get(codename="delete_article"))
    roles.bring_groups_in_line()
    roles.bring_groups_in_line()
    perms = {f"{p.content_type.app_label}.{p.codename}" for p in editors.permissions.all()}
    assert perms == set(roles.EDITOR_PERMISSIONS)
    assert Group.objects.filter(name__in=roles.GROUPS).count() == 2


def test_no_test_imports_a_migration_module():
    pattern = re.compile(
        r"import_module\(.*migrations|from backspasm_site\.\w+\.migrations|migrations\.\d{4}"
    )
    root = Path(__file__).resolve().parents[3]
    tests = [*root.glob("tests/*.py"), *root.glob("backspasm_site/*/tests/*.py"), root / "conftest.py"]
    assert len(tests) > 40
    offenders = [p.name for p in tests if p.name != Path(__file__).name and pattern.search(p.read_text())]
    assert offenders == []
