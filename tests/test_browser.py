"""Pages as a person uses them: headless Chromium driven by Playwright."""

import pytest

from .public_pages import ALL_CLEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer(page, choices):
    for code, value in choices.items():
        page.locator(f'input[name="{code}"][value="{value}"]').check()


def test_home_to_an_article_and_back(page, live_server, site_content):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "What is a back spasm?"
    page.get_by_role("link", name="Treating a back spasm at home").click()
    page.wait_for_url("**/articles/home-treatment/")
    assert page.locator("h1").inner_text() == "Treating a back spasm at home"
    assert page.get_by_text("Page last reviewed:").is_visible()
    page.go_back()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("link", name="Use the symptom checker").is_visible()
    assert page.get_by_role("navigation", name="Breadcrumb").count() == 0


def test_breadcrumb_and_related_links_work(page, live_server, site_content):
    page.goto(live_server.url + "/articles/when-to-get-help/")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Home").click()
    page.wait_for_url(live_server.url + "/")


@pytest.mark.parametrize(
    ("changes", "expected", "heading"),
    [
        ({}, "self-care", "Non-urgent advice:"),
        ({"sleep": "yes"}, "see-doctor", "Urgent advice:"),
        ({"bladder_bowel": "yes"}, "emergency", "Immediate action required:"),
    ],
)
def test_checker_gives_each_verdict(page, live_server, site_content, changes, expected, heading):
    page.goto(live_server.url + "/symptom-checker/")
    answer(page, {**ALL_CLEAR, **changes})
    page.get_by_role("button", name="See my result").click()
    result = page.locator("[data-disposition]").first
    result.wait_for()
    assert result.get_attribute("data-disposition") == expected
    assert page.locator("h1").inner_text().startswith(heading)


def test_empty_checker_shows_an_error_summary_that_links_to_each_question(page, live_server, site_content):
    page.goto(live_server.url + "/symptom-checker/")
    page.get_by_role("button", name="See my result").click()
    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    links = summary.get_by_role("link")
    assert links.count() == 9
    links.first.click()
    assert page.evaluate("document.activeElement.id") == "id_fever_0"
    assert page.locator("[data-disposition='self-care']").count() == 0


def test_answering_yes_to_an_emergency_question_shows_emergency_advice_at_once(
    page, live_server, site_content
):
    page.goto(live_server.url + "/symptom-checker/")
    early = page.locator("#early-emergency")
    assert not early.is_visible()
    page.locator('input[name="saddle_numbness"][value="yes"]').check()
    early.wait_for(state="visible")
    assert "Call 999" in early.inner_text()
    page.locator('input[name="saddle_numbness"][value="no"]').check()
    early.wait_for(state="hidden")


def test_the_checker_works_without_javascript(browser, live_server, site_content):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/symptom-checker/")
    answer(page, {**ALL_CLEAR, "fever": "yes"})
    page.get_by_role("button", name="See my result").click()
    page.locator("[data-disposition='emergency']").wait_for()
    context.close()


def test_articles_can_be_found_and_read_without_javascript(browser, live_server, site_content):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="All pages").click()
    page.wait_for_url("**/articles/")
    page.get_by_role("link", name="Symptoms of a back spasm").click()
    page.wait_for_url("**/articles/symptoms/")
    assert page.locator("h1").inner_text() == "Symptoms of a back spasm"
    assert page.locator(".article__body p").first.is_visible()
    assert page.get_by_text("Page last reviewed:").is_visible()
    context.close()
