"""'Was this page helpful?' as a reader gives it: headless Chromium, with JavaScript switched off."""

import pytest
from django.core.cache import cache

from backspasm_site.feedback import guards
from backspasm_site.feedback.models import Feedback
from backspasm_site.feedback.scrub import EMAIL_REMOVED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_says_no_and_their_email_address_is_removed_from_the_comment(
    browser, live_server, site_content, client, django_user_model
):
    cache.clear()  # rate-limit counts from other tests
    guards.machine_counts().clear()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server.url + "/articles/recovery-time/")
    form = page.get_by_role("form", name="Was this page helpful?")
    form.get_by_role("button", name="No, this page was not helpful").click()
    page.get_by_role("heading", name="Thank you for your feedback").wait_for()
    page.reload()  # asks for the thank-you page again; never sends the No twice
    page.get_by_role("heading", name="Thank you for your feedback").wait_for()

    page.get_by_label("What could we do better? (optional)").fill(
        "I wanted to know about driving. Write to sam.reader@example.org"
    )
    page.get_by_role("button", name="Send comment").click()
    page.get_by_role("heading", name="Thank you for your comment").wait_for()
    assert page.get_by_text("We took out email addresses and phone numbers").is_visible()
    page.get_by_role("link", name="Back to How long a back spasm lasts").click()
    page.wait_for_url("**/articles/recovery-time/")
    context.close()

    feedback = Feedback.objects.get()
    assert (feedback.article.slug, feedback.helpful) == ("recovery-time", False)
    assert feedback.comment == f"I wanted to know about driving. Write to {EMAIL_REMOVED}"

    editor = django_user_model.objects.create(username="lead-editor", is_staff=True, is_superuser=True)
    client.force_login(editor)
    listing = client.get("/admin/feedback/feedback/").content.decode()
    assert "I wanted to know about driving. Write to [email removed]" in listing
    assert "sam.reader" not in listing
