"""The editors' workflow in Chromium: edit with the live preview, save a draft, preview it, a clinical
reviewer publishes it, the public sees it, and the earlier version is restored from history."""

import pytest
from django.urls import reverse

from backspasm_site.articles.models import Article, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_LINE = "Stand up and walk for a minute every hour."


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Logging in is what is tested here, not the cost of hashing (the live server shares these settings).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def test_editor_drafts_reviewer_publishes_and_the_earlier_version_is_restored(
    browser, live_server, site_content, editor, reviewer
):
    article = Article.objects.get(slug="prevention")
    article.status = Status.DRAFT
    article._change_reason = "Taken back to draft for an update"
    article.save()
    change_url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    public_url = live_server.url + article.get_absolute_url()

    # The editor changes the text and sees the markdown preview update as they type.
    page = sign_in(browser, live_server, editor.username)
    page.goto(change_url)
    body = page.locator("#id_body")
    body.fill(body.input_value() + f"\n\n## Moving often\n\n{NEW_LINE}")
    preview = page.locator(".markdownx-preview")
    preview.get_by_role("heading", name="Moving often").wait_for()
    assert NEW_LINE in preview.inner_text()
    assert page.locator('input[name="_publish"]').count() == 0
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved as a draft. A clinical reviewer publishes it.").wait_for()

    # The editor previews the draft at its real address, from "View on site".
    page.goto(change_url)
    page.get_by_role("link", name="View on site").click()
    page.wait_for_url(public_url)
    assert page.get_by_text("Draft preview.").is_visible()
    assert page.get_by_text(NEW_LINE).is_visible()
    page.context.close()

    anonymous = browser.new_context().new_page()
    assert anonymous.goto(public_url).status == 404

    # A clinical reviewer publishes it; the public page shows it at once.
    page = sign_in(browser, live_server, reviewer.username)
    page.goto(change_url)
    page.get_by_role("button", name="Save and publish").click()
    page.get_by_text("Published: everyone can now see this page.").wait_for()
    assert anonymous.goto(public_url).status == 200
    assert anonymous.get_by_text(NEW_LINE).is_visible()
    assert anonymous.get_by_text("Draft preview.").count() == 0

    # The reviewer restores the version from before the editor's change.
    page.goto(change_url)
    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    assert NEW_LINE in history.locator("tr", has_text="eddie").locator("ins").last.inner_text()
    before_edit = history.locator("tr", has_text="Taken back to draft for an update")
    before_edit.get_by_role("link").click()
    page.get_by_role("button", name="Revert").click()
    page.wait_for_url("**/admin/articles/article/")

    anonymous.goto(public_url)
    assert anonymous.get_by_role("heading", level=1).inner_text() == article.title
    assert anonymous.get_by_text(NEW_LINE).count() == 0
    restored = Article.objects.get(pk=article.pk)
    assert restored.status == Status.PUBLISHED and NEW_LINE not in restored.body
    anonymous.context.close()
    page.context.close()
