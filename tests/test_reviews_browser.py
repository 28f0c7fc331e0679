"""Issue 27 in Chromium: the review shows everything a change does, and nobody's work is lost."""

import pytest
from django.urls import reverse

from backspasm_site.articles.models import Article
from tests.test_editors_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = "Read [how to look after your back](/articles/home-treatment/) first."
BAD_ADDRESS = "https://example.com/miracle-back-cure"
PICTURE = "![A person lying on their side with a pillow between their knees](/media/markdownx/rest.png)"


def submit_body(page, live_server, article, body):
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    page.locator("#id_body").fill(body)
    page.get_by_label("Reason for change").fill("Tidy wording")
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("Submitted for review.").first.wait_for()


def test_a_link_only_and_an_image_only_change_show_on_the_review_page(
    browser, live_server, site_content, editor, reviewer
):
    article = Article.objects.get(slug="causes")
    article.body += f"\n\n{LINK}\n"
    article.save()
    writer = sign_in(browser, live_server, editor.username)
    checker = sign_in(browser, live_server, reviewer.username)

    submit_body(writer, live_server, article, article.body.replace("/articles/home-treatment/", BAD_ADDRESS))
    checker.goto(live_server.url + "/admin/")
    checker.locator("#waiting-for-review").get_by_role("link", name=f"Change to {article.title}").click()
    row = checker.locator("#change-diff tr", has_text="Links in body")
    assert "/articles/home-treatment/" in row.locator("del").inner_text()
    assert f"{BAD_ADDRESS} (leaves the site)" in row.locator("ins").inner_text()
    assert checker.get_by_text("Nothing: this change is the same as the live page").count() == 0
    checker.get_by_label("Comment").fill("No links to cures, please.")
    checker.get_by_role("button", name="Send back with the comment").click()
    checker.get_by_text("Sent back to the writer with your comment.").wait_for()

    submit_body(writer, live_server, article, article.body + f"\n\n{PICTURE}\n")
    checker.reload()
    row = checker.locator("#change-diff tr", has_text="Images in body")
    shown = row.locator("ins").inner_text()
    assert "/media/markdownx/rest.png" in shown and "pillow between their knees" in shown
    assert checker.locator("#change-diff tbody tr").count() == 1  # the words a reader sees are the same
    writer.context.close()
    checker.context.close()


FIRST = "Walk a little every hour."
SECOND = "Put a warm pack on the sore place."


def test_two_editors_saving_one_page_the_second_is_told_and_keeps_their_text(
    browser, live_server, site_content, editor, reviewer
):
    article = Article.objects.get(slug="home-treatment")
    change_url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    first = sign_in(browser, live_server, editor.username)
    second = sign_in(browser, live_server, reviewer.username)
    first.goto(change_url)
    second.goto(change_url)

    body = first.locator("#id_body")
    body.fill(f"{FIRST}\n\n{body.input_value()}")
    first.get_by_label("Reason for change").fill("Say how often to move")
    first.get_by_role("button", name="Submit for review").click()
    first.get_by_text("Submitted for review.").first.wait_for()

    body = second.locator("#id_body")
    body.fill(f"{body.input_value()}\n\n{SECOND}")
    second.get_by_label("Reason for change").fill("Warmth helps")
    second.get_by_role("button", name="Submit for review").click()
    second.get_by_text("eddie saved this page on").first.wait_for()
    assert second.get_by_text("Nothing of yours was saved").is_visible()
    assert SECOND in second.locator("#id_body").input_value()  # what they typed is still there
    assert second.get_by_label("Reason for change").input_value() == "Warmth helps"
    assert FIRST in second.locator("#save-conflict del").all_inner_texts()[0]  # their version, beside
    second.get_by_role("button", name="Submit for review").click()  # a deliberate second press
    second.get_by_text("Submitted for review.").first.wait_for()
    first.context.close()
    second.context.close()


def test_back_brings_the_text_back_with_its_version_so_saving_it_is_a_conflict(
    browser, live_server, site_content, editor, reviewer
):
    """Back re-fetches the form, then the browser restores the text typed before: the version the text was
    written on must come back with it, or the old text would overwrite a save made meanwhile unseen."""
    from backspasm_site.editorial import services

    article = Article.objects.get(slug="home-treatment")
    change_url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    eddie = sign_in(browser, live_server, editor.username)
    rita = sign_in(browser, live_server, reviewer.username)
    eddie.goto(change_url)
    body = eddie.locator("#id_body")
    body.fill(f"{FIRST}\n\n{body.input_value()}")
    eddie.get_by_label("Reason for change").fill("Say how often to move")
    eddie.get_by_role("button", name="Save the change, submit later").click()
    eddie.get_by_text("Saved as a change to the live page.").first.wait_for()

    rita.goto(change_url)
    body = rita.locator("#id_body")
    assert body.input_value().startswith(FIRST)  # she carries on from Eddie's change
    body.fill(f"{body.input_value()}\n\n{SECOND}")
    rita.get_by_role("button", name="Save the change, submit later").click()
    rita.get_by_text("Saved as a change to the live page.").first.wait_for()

    eddie.go_back()
    restored = "([box, words]) => box !== null && box.value !== '' && !box.value.includes(words)"
    eddie.wait_for_function(f"() => ({restored})([document.getElementById('id_body'), {SECOND!r}])")
    typed = eddie.locator("#id_body").input_value()
    assert typed.startswith(FIRST)  # Back still gives the editor's text back
    eddie.get_by_role("button", name="Submit for review").click()
    eddie.get_by_text("rita saved this page on").first.wait_for()
    assert SECOND in eddie.locator("#save-conflict del").all_inner_texts()[0]  # her words, shown
    change = services.open_change(article)
    assert SECOND in change.fields["body"] and change.state == "draft"  # nothing of hers was lost
    assert eddie.locator("#id_body").input_value() == typed
    eddie.context.close()
    rita.context.close()


def drop_file(page, name, content, mime):
    """Drop a file on the article's text box, as an editor drags one from their desktop."""
    page.locator("#id_body").evaluate(
        """(box, [name, content, mime]) => {
            const data = new DataTransfer();
            data.items.add(new File([content], name, { type: mime }));
            box.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
        }""",
        [name, content, mime],
    )


def test_a_bad_image_and_a_1_mb_paste_give_a_message_and_lose_nothing(
    browser, live_server, site_content, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    article = Article.objects.get(slug="home-treatment")
    page = sign_in(browser, live_server, editor.username)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    body = page.locator("#id_body")
    typed = body.input_value() + "\n\nA sentence I just wrote."
    body.fill(typed)

    drop_file(page, "picture.png", "<!doctype html><p>not a picture</p>", "image/png")
    note = page.locator(".image-upload-error")
    note.wait_for()
    assert "not a PNG, JPEG or WebP picture" in note.inner_text()
    page.wait_for_function("() => document.getElementById('id_body').style.opacity === '1'")
    assert body.input_value() == typed  # no "Invalid response" put into the text
    assert "Invalid response" not in body.input_value()

    long_text = typed + "\n\n" + ("Words pasted from somewhere else. " * 32_000)  # about 1 MB
    body.fill(long_text)
    page.get_by_label("Reason for change").fill("Add a long section")
    page.get_by_role("button", name="Submit for review").click()
    alert = page.locator(".post-too-long")
    alert.wait_for()
    assert "too long to save" in alert.inner_text() and "nothing is lost" in alert.inner_text()
    assert body.input_value() == long_text
    preview = page.locator(".markdownx-preview")
    page.wait_for_function(
        "() => document.querySelector('.markdownx-preview').innerText.includes('No preview')"
    )
    assert "too long to save" in preview.inner_text()
    assert page.get_by_text("Bad Request").count() == 0
    page.context.close()


def test_a_taken_address_and_a_review_acted_on_meanwhile_are_messages(
    browser, live_server, site_content, editor, reviewer, second_reviewer
):
    from backspasm_site.editorial import services

    article = Article.objects.get(slug="causes")
    change = services.save_change(
        obj=article, values={"slug": "why-backs-spasm"}, user=editor, reason="Plainer address", submit=True
    )
    review_url = live_server.url + reverse("admin:editorial_pendingchange_change", args=[change.pk])
    first = sign_in(browser, live_server, reviewer.username)
    second = sign_in(browser, live_server, second_reviewer.username)
    first.goto(review_url)
    second.goto(review_url)

    other = Article.objects.get(slug="symptoms")
    other.slug = "why-backs-spasm"
    other.save()
    first.get_by_role("button", name="Publish this change").click()  # offered when the page opened
    first.get_by_text(f"Another page, “{other.title}”, now has the slug").first.wait_for()
    assert first.get_by_role("button", name="Publish this change").count() == 0  # no longer offered

    first.get_by_label("Comment").fill("Choose another address.")
    first.get_by_role("button", name="Send back with the comment").click()
    first.get_by_text("Sent back to the writer with your comment.").wait_for()
    second.get_by_label("Comment").fill("Looks fine.")
    second.get_by_role("button", name="Send back with the comment").click()
    second.get_by_text("sent it back: rita").first.wait_for()
    assert second.get_by_text("Forbidden").count() == 0
    first.context.close()
    second.context.close()


def test_a_new_draft_is_submitted_sent_back_and_published_by_a_second_reviewer(
    browser, live_server, site_content, editor, reviewer, second_reviewer
):
    writer = sign_in(browser, live_server, reviewer.username)  # a reviewer writes it: another must publish
    writer.goto(live_server.url + reverse("admin:articles_article_add"))
    writer.get_by_label("Title").fill("Sleeping with a back spasm")
    writer.get_by_label("Summary").click()
    writer.get_by_label("Slug").fill("sleeping")
    writer.get_by_label("Summary").fill("How to lie down and rest while a spasm eases.")
    writer.get_by_label("Topic").select_option("treatment")
    writer.locator("#id_body").fill("## Lying down\n\nLie on your side with a pillow between your knees.")
    writer.get_by_role("button", name="Save and submit for review").click()
    writer.get_by_text("Submitted for review.").first.wait_for()
    assert writer.get_by_role("button", name="Publish this change").count() == 0
    assert writer.get_by_text("You wrote part of this draft").is_visible()

    checker = sign_in(browser, live_server, second_reviewer.username)
    row = checker.locator("#waiting-for-review tr", has_text="Sleeping with a back spasm")
    assert "New page" in row.inner_text()
    row.get_by_role("link").click()
    assert "pillow between your knees" in checker.locator("#change-diff").inner_text()
    checker.get_by_label("Comment").fill("Say when to see a GP.")
    checker.get_by_role("button", name="Send back with the comment").click()
    checker.get_by_text("Sent back to the writer with your comment.").wait_for()

    writer.get_by_role("link", name="Edit the change").click()
    body = writer.locator("#id_body")
    body.fill(body.input_value() + "\n\nSee a GP if it lasts more than a few weeks.")
    writer.get_by_role("button", name="Save and submit for review").click()
    writer.get_by_text("Submitted for review.").first.wait_for()

    anonymous = browser.new_context().new_page()
    assert anonymous.goto(live_server.url + "/articles/sleeping/").status == 404
    checker.reload()
    checker.get_by_role("button", name="Publish this change").click()
    checker.get_by_text("Published: everyone can now see the change.").wait_for()
    anonymous.context.close()  # a new visitor: the 404 may be kept in this browser's cache for a while
    anonymous = browser.new_context().new_page()
    assert anonymous.goto(live_server.url + "/articles/sleeping/").status == 200
    assert anonymous.get_by_text("See a GP if it lasts more than a few weeks.").is_visible()
    for page in (writer, checker, anonymous):
        page.context.close()


def test_a_picture_dropped_before_a_heading_goes_on_its_own_line(
    browser, live_server, site_content, editor, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    article = Article.objects.get(slug="home-treatment")
    page = sign_in(browser, live_server, editor.username)
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    body = page.locator("#id_body")
    body.fill("Rest a little.\n## Moving again\n\nWalk a few steps.")
    body.evaluate(
        """async (box) => {
            box.focus();
            const at = box.value.indexOf("## Moving");
            box.setSelectionRange(at, at);
            const canvas = document.createElement("canvas");
            canvas.width = canvas.height = 8;
            const blob = await new Promise((done) => canvas.toBlob(done, "image/png"));
            const data = new DataTransfer();
            data.items.add(new File([blob], "rest.png", { type: "image/png" }));
            box.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true }));
        }"""
    )
    page.wait_for_function("() => document.getElementById('id_body').value.includes('/media/markdownx/')")
    text = body.input_value()
    start = text.index("![")
    code = text[start : text.index(")", start) + 1]
    assert text == f"Rest a little.\n\n{code}\n\n## Moving again\n\nWalk a few steps."
    page.context.close()


def ask_again(page):
    """What editing-now.js does every half minute and when its tab is shown again: ask who else is here."""
    page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")


def test_an_editor_is_told_who_else_has_the_page_open_and_when_they_leave(
    browser, live_server, site_content, editor, reviewer
):
    import datetime

    from django.utils import timezone

    from backspasm_site.editorial import editing_sessions
    from backspasm_site.editorial.models import EditingSession

    reviewer.first_name, reviewer.last_name = "Rita", "Shah"
    reviewer.save()
    article = Article.objects.get(slug="home-treatment")
    change_url = live_server.url + reverse("admin:articles_article_change", args=[article.pk])
    first = sign_in(browser, live_server, editor.username)
    first.goto(change_url)
    notice = first.locator("#editing-now")
    assert notice.is_hidden()

    second = sign_in(browser, live_server, reviewer.username)
    second.goto(change_url)
    assert "eddie has had this page open since" in second.locator("#editing-now").inner_text()
    # The first page learns of the second without being reloaded, names the person, and says what to do.
    ask_again(first)
    notice.get_by_text("Rita Shah has had this page open since").wait_for()
    assert "may conflict" in notice.inner_text()

    second.context.close()  # gone without a word: once silent for longer than two pings, not listed
    EditingSession.objects.filter(user=reviewer).update(
        last_seen=timezone.now() - editing_sessions.GONE_AFTER - datetime.timedelta(seconds=1)
    )
    ask_again(first)
    notice.wait_for(state="hidden")
    first.context.close()


def test_a_reviewer_never_publishes_words_of_a_new_page_they_did_not_see(
    browser, live_server, site_content, editor, reviewer
):
    from backspasm_site.editorial import services

    article = Article.objects.create(
        title="Sleeping with a back spasm",
        slug="sleeping",
        summary="How to lie down and rest while a spasm eases.",
        topic="treatment",
        body="## Lying down\n\nLie on your side with a pillow between your knees.",
    )
    review = services.submit_draft(article=article, user=editor, reason="A page people asked for")
    checker = sign_in(browser, live_server, reviewer.username)
    checker.goto(live_server.url + reverse("admin:editorial_pendingchange_change", args=[review.pk]))
    assert checker.get_by_role("button", name="Publish this change").is_visible()

    writer = sign_in(browser, live_server, editor.username)
    writer.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    body = writer.locator("#id_body")
    body.fill(body.input_value() + "\n\nStay in bed for a week.")
    writer.get_by_role("button", name="Save and continue editing").click()
    writer.get_by_text("it is back to a draft and the reviewers were told").wait_for()

    meanwhile = checker.context.new_page()  # the reviewer looks again: nothing to publish now
    meanwhile.goto(checker.url)
    assert "Draft" in meanwhile.locator(".change-state").inner_text()
    assert meanwhile.get_by_role("button", name="Publish this change").count() == 0

    writer.get_by_role("button", name="Save and submit for review").click()
    writer.get_by_text("Submitted for review.").first.wait_for()
    checker.get_by_role("button", name="Publish this change").click()  # the page opened before the edit
    checker.get_by_text("you have not seen these words").wait_for()
    assert Article.objects.get(pk=article.pk).status == "draft"
    assert "Stay in bed for a week." in checker.locator("#change-diff").inner_text()  # now they see them
    writer.context.close()
    checker.context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_scheduled_by_and_goes_live_keep_their_words_whole_on_the_admin_home(
    browser, live_server, site_content, editor, reviewer, width
):
    import datetime

    from django.utils import timezone

    from backspasm_site.editorial import services

    article = Article.objects.get(slug="home-treatment")
    change = services.save_change(
        obj=article, values={"summary": "Shorter."}, user=editor, reason="Shorter", submit=True
    )
    services.schedule_publish(change=change, user=reviewer, at=timezone.now() + datetime.timedelta(days=1))
    page = sign_in(browser, live_server, reviewer.username)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/admin/")
    table = page.locator("#scheduled-changes")
    # No word is broken across lines: each cell is at least as wide as its longest word.
    broken = table.evaluate(
        """(table) => [...table.querySelectorAll("th, td")].filter((cell) => {
            const probe = document.createElement("span");
            probe.style.whiteSpace = "nowrap";
            probe.style.font = getComputedStyle(cell).font;
            document.body.append(probe);
            const words = cell.innerText.split(/\\s+/).filter(Boolean);
            const widest = Math.max(0, ...words.map((word) => { probe.textContent = word; return probe.getBoundingClientRect().width; }));
            probe.remove();
            const style = getComputedStyle(cell);
            const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
            return widest > inner + 0.5;
        }).map((cell) => cell.innerText)"""
    )
    assert broken == []
    page.context.close()


def test_back_after_your_own_save_says_the_newer_save_was_yours(browser, live_server, site_content, editor):
    """The older copy of the form Back brings is refused as for anyone's newer save, and the note says whose
    it was: the editor's own, not a colleague's."""
    from backspasm_site.editorial import services

    article = Article.objects.get(slug="home-treatment")
    eddie = sign_in(browser, live_server, editor.username)
    eddie.goto(live_server.url + reverse("admin:articles_article_change", args=[article.pk]))
    body = eddie.locator("#id_body")
    body.fill(f"{FIRST}\n\n{body.input_value()}")
    eddie.get_by_label("Reason for change").fill("Say how often to move")
    eddie.get_by_role("button", name="Save the change, submit later").click()
    eddie.get_by_text("Saved as a change to the live page.").first.wait_for()

    eddie.go_back()
    eddie.wait_for_function(
        f"() => (document.getElementById('id_body') || {{}}).value?.startsWith({FIRST!r})"
    )
    eddie.locator("#id_body").fill(SECOND)
    eddie.get_by_role("button", name="Submit for review").click()
    eddie.get_by_text("You saved this page on").first.wait_for()
    assert eddie.get_by_text("eddie saved this page").count() == 0
    assert "Your saved version" in eddie.locator("#save-conflict thead").text_content()
    assert services.open_change(article).fields["body"].startswith(FIRST)  # the newer save is kept
    eddie.context.close()
