"""The editors' workflow in Chromium: a draft written with the live preview and published by a clinical
reviewer; a change to a live page reviewed, sent back, changed, published, and an earlier version restored."""

import pytest
from django.urls import reverse

from backspasm_site.articles.models import Article, Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_LINE = "Stand up and walk for a minute every hour."


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


def test_editor_drafts_and_a_reviewer_publishes_the_draft(
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

    # The public never sees the draft: its address, live before, leads to its topic's list (moved_pages).
    anonymous = browser.new_context().new_page()
    anonymous.goto(public_url)
    assert anonymous.url != public_url and "/articles/topic/" in anonymous.url
    assert NEW_LINE not in anonymous.content()

    # A clinical reviewer publishes it; the public page shows it at once.
    page = sign_in(browser, live_server, reviewer.username)
    page.goto(change_url)
    page.get_by_role("button", name="Save and publish").click()
    page.get_by_text("Published: everyone can now see this page.").wait_for()
    assert anonymous.goto(public_url).status == 200
    assert anonymous.get_by_text(NEW_LINE).is_visible()
    assert anonymous.get_by_text("Draft preview.").count() == 0

    # The history shows who wrote what, and which version is live.
    page.goto(change_url)
    page.get_by_role("link", name="History").click()
    history = page.locator("#change-history")
    assert NEW_LINE in history.locator("tr", has_text="eddie").locator("ins").last.inner_text()
    assert history.locator("tr").nth(1).get_by_text("(live version)").is_visible()
    anonymous.context.close()
    page.context.close()


FIRST_TRY = "Walk for a minute every hour."
SECOND_TRY = "Walk for one or two minutes every hour, even if it hurts a little."
COMMENT = "Say what to do if walking hurts."


def test_a_change_to_a_live_page_is_reviewed_sent_back_published_and_can_be_undone(
    browser, live_server, site_content, editor, reviewer
):
    article = Article.objects.get(slug="home-treatment")
    assert article.status == Status.PUBLISHED
    change_url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    public_url = live_server.url + article.get_absolute_url()
    anonymous = browser.new_context().new_page()
    anonymous.goto(public_url)
    live_text = anonymous.locator("main").inner_text()

    # The editor changes the live page and submits the change for review.
    writer = sign_in(browser, live_server, editor.username)
    writer.goto(change_url)
    writer.get_by_text("This page is live.").wait_for()
    body = writer.locator("#id_body")
    body.fill(body.input_value() + f"\n\n{FIRST_TRY}")
    writer.get_by_label("Reason for change").fill("Say how often to move")
    writer.get_by_role("button", name="Submit for review").click()
    writer.get_by_text("Submitted for review.").first.wait_for()

    # The public page is unchanged; the editor previews the change at the page's own address.
    anonymous.reload()
    assert anonymous.locator("main").inner_text() == live_text
    writer.get_by_role("link", name="Preview the change on the page").click()
    writer.wait_for_url(public_url)
    assert writer.get_by_text("Preview of a change waiting for review.").is_visible()
    assert writer.get_by_text(FIRST_TRY).is_visible()

    # The reviewer sees it waiting, reads the diff and sends it back with a comment.
    checker = sign_in(browser, live_server, reviewer.username)
    waiting = checker.locator("#waiting-for-review")
    assert waiting.get_by_role("heading", name="Waiting for your review").is_visible()
    waiting.get_by_role("link", name=f"Change to {article.title}").click()
    checker.locator("#change-diff").wait_for()
    assert FIRST_TRY in checker.locator("#change-diff ins").all_inner_texts()[-1]
    checker.get_by_label("Comment").fill(COMMENT)
    checker.get_by_role("button", name="Send back with the comment").click()
    checker.get_by_text("Sent back to the writer with your comment.").wait_for()

    # The editor finds it sent back, reads the comment, changes it and submits it again.
    writer.goto(live_server.url + "/admin/")
    writer.locator("#waiting-for-review").get_by_role("link", name=f"Change to {article.title}").click()
    writer.locator("#change-events").get_by_text(COMMENT).wait_for()
    writer.get_by_role("link", name="Edit the change").click()
    writer.locator(".live-notice").get_by_text(COMMENT).wait_for()  # the comment, beside the form
    body = writer.locator("#id_body")
    assert FIRST_TRY in body.input_value()
    body.fill(body.input_value().replace(FIRST_TRY, SECOND_TRY))
    writer.get_by_role("button", name="Submit for review").click()
    writer.get_by_text("Submitted for review.").first.wait_for()
    anonymous.reload()
    assert anonymous.locator("main").inner_text() == live_text

    # The reviewer publishes it; the public page shows it at once.
    checker.reload()
    checker.locator("#change-diff").get_by_text(SECOND_TRY).wait_for()
    checker.get_by_role("button", name="Publish this change").click()
    checker.get_by_text("Published: everyone can now see the change.").wait_for()
    checker.locator("#change-events").get_by_text(COMMENT).wait_for()  # comments stay with the change
    anonymous.reload()
    assert anonymous.get_by_text(SECOND_TRY).is_visible()
    assert anonymous.get_by_text("Preview of a change waiting for review.").count() == 0

    # The earlier version is still restorable: a restore is a change for review like any other.
    writer.goto(change_url)
    writer.get_by_role("link", name="History").click()
    writer.locator("#change-history tr", has_text="Loaded from content/").first.get_by_role("link").click()
    writer.get_by_role("button", name="Revert").click()
    writer.get_by_role("button", name="Submit for review").click()
    writer.get_by_text("Submitted for review.").first.wait_for()
    anonymous.reload()
    assert anonymous.get_by_text(SECOND_TRY).is_visible()
    checker.goto(live_server.url + "/admin/")
    checker.locator("#waiting-for-review").get_by_role("link", name=f"Change to {article.title}").click()
    checker.get_by_role("button", name="Publish this change").click()
    checker.get_by_text("Published: everyone can now see the change.").wait_for()
    anonymous.reload()
    assert anonymous.locator("main").inner_text() == live_text
    for page in (anonymous, writer, checker):
        page.context.close()


def test_the_article_list_fits_1280_px_with_its_filters(browser, live_server, site_content, reviewer):
    page = sign_in(browser, live_server, reviewer.username)
    page.goto(live_server.url + reverse("admin:articles_article_changelist"))
    # Every column shown without scrolling sideways, and each status on one line.
    overflow = page.evaluate(
        "() => { const box = document.querySelector('.results'); return box.scrollWidth - box.clientWidth; }"
    )
    assert overflow <= 0
    heights = page.locator("td.field-shown_status").evaluate_all("cells => cells.map(c => c.clientHeight)")
    titles = page.locator("th.field-title, td.field-title").evaluate_all(
        "cells => cells.map(c => c.clientHeight)"
    )
    assert heights and max(heights) <= max(titles)
    assert page.get_by_role("columnheader", name="Review due").is_visible()
    page.context.close()


def test_a_reviewer_schedules_a_change_and_it_goes_live_at_that_time_not_before(
    browser, live_server, site_content, editor, reviewer
):
    import datetime

    from django.utils import timezone

    from backspasm_site.editorial import services

    article = Article.objects.get(slug="home-treatment")
    change = services.save_change(
        obj=article,
        values={"body": article.body + f"\n\n{NEW_LINE}"},
        user=editor,
        reason="Say how often to move",
        submit=True,
    )
    public_url = live_server.url + article.get_absolute_url()
    at = timezone.localtime() + datetime.timedelta(days=1)

    checker = sign_in(browser, live_server, reviewer.username)
    checker.goto(live_server.url + reverse("admin:editorial_pendingchange_change", args=[change.pk]))
    # Enter in the time field schedules it (it must never press the other form's "Publish this change").
    checker.get_by_label("Or choose when it goes live").fill(at.strftime("%Y-%m-%dT%H:%M"))
    checker.get_by_label("Or choose when it goes live").press("Enter")
    checker.locator("#goes-live").wait_for()
    assert checker.locator("#goes-live").inner_text() == f"{at.day} {at:%B %Y, %H:%M}"
    checker.goto(live_server.url + "/admin/")
    assert checker.locator("#scheduled-changes").get_by_text(f"Change to {article.title}").is_visible()

    anonymous = browser.new_context().new_page()
    anonymous.goto(public_url)
    assert NEW_LINE not in anonymous.locator("main").inner_text()  # approved, but not yet its time
    services.publish_due(now=at - datetime.timedelta(minutes=1))
    anonymous.reload()
    assert NEW_LINE not in anonymous.locator("main").inner_text()
    services.publish_due(now=at.replace(second=0, microsecond=0) + datetime.timedelta(seconds=30))
    anonymous.reload()
    assert NEW_LINE in anonymous.locator("main").inner_text()  # the page caches saw it at once
    checker.context.close()
    anonymous.context.close()
