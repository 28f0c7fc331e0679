"""Pages as a person uses them: headless Chromium driven by Playwright."""

import pytest

from .checker_steps import answer, complete_checker
from .public_pages import ALL_CLEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
        ({"sleep": "yes"}, "see-doctor", "Advice:"),
        ({"health_signs": ["weight_loss"]}, "urgent", "Urgent advice:"),
        ({"accident": "minor", "weak_bones": "yes"}, "emergency", "Immediate action required:"),
    ],
)
def test_checker_gives_each_verdict(page, live_server, site_content, changes, expected, heading):
    data = {**ALL_CLEAR, **changes}
    if "health_signs" in changes:  # ticking a sign replaces "None of these"
        data["health_signs"] = changes["health_signs"]
    taps = complete_checker(page, live_server.url, data)
    result = page.locator(".verdict[data-disposition]")
    assert result.get_attribute("data-disposition") == expected
    assert page.locator("h1").inner_text().startswith(heading)
    if not changes:
        # A person with no warning sign: every question answered, two buttons. Reported in the README.
        print(f"\ntaps to a home-care result: {taps}")
        assert taps <= 19


def test_an_emergency_sign_on_the_first_step_shows_the_emergency_advice_at_once(
    page, live_server, site_content
):
    page.goto(live_server.url + "/symptom-checker/")
    page.locator('input[name="chest_pain"][value="yes"]').check()
    early = page.locator("#early-emergency")
    early.wait_for(state="visible")
    assert "You do not need to answer the other questions" in page.locator("#checker-lead").inner_text()
    early.get_by_role("button", name="Show me what to do now").click()
    page.locator(".verdict[data-disposition='emergency']").wait_for()
    assert "You said you have chest pain." in page.locator(".verdict").inner_text()


def test_change_my_answers_keeps_every_answer(page, live_server, site_content):
    complete_checker(page, live_server.url, {**ALL_CLEAR, "sleep": "yes"})
    page.get_by_role("button", name="Change my answers").click()
    page.get_by_role("button", name="Continue").wait_for()
    assert page.locator('input[name="fever"][value="no"]').is_checked()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="See my result").wait_for()
    assert page.locator('input[name="sleep"][value="yes"]').is_checked()
    page.locator('input[name="sleep"][value="no"]').check()
    page.get_by_role("button", name="See my result").click()
    assert page.locator(".verdict").get_attribute("data-disposition") == "self-care"


def test_none_of_these_and_a_sign_cannot_both_stay_ticked(page, live_server, site_content):
    page.goto(live_server.url + "/symptom-checker/")
    answer(page, ALL_CLEAR)
    page.get_by_role("button", name="Continue").click()
    none = page.locator('input[name="pain_signs"][value="none"]')
    none.check()
    page.locator('input[name="pain_signs"][value="leg_pain"]').check()
    assert not none.is_checked()
    none.check()
    assert not page.locator('input[name="pain_signs"][value="leg_pain"]').is_checked()


def test_empty_checker_shows_an_error_summary_that_links_to_each_question(page, live_server, site_content):
    page.goto(live_server.url + "/symptom-checker/")
    page.get_by_role("button", name="Continue").click()
    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    links = summary.get_by_role("link")
    assert links.count() == 9
    links.first.click()
    assert page.evaluate("document.activeElement.id") == "id_fever_0"
    assert page.locator("[data-disposition='self-care']").count() == 0
    # An empty second step: its own errors, the first step's answers kept.
    answer(page, ALL_CLEAR)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="See my result").click()
    page.get_by_role("alert").wait_for()
    assert page.get_by_role("alert").get_by_role("link").count() == 8
    assert page.locator('input[type="hidden"][name="fever"]').get_attribute("value") == "no"


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
    # An emergency sign on the first step, the button pressed at once: the emergency advice next.
    page.goto(live_server.url + "/symptom-checker/")
    answer(page, {"bladder_bowel": "yes"})
    page.get_by_role("button", name="Continue").click()
    page.locator(".verdict[data-disposition='emergency']").wait_for()
    assert page.get_by_role("alert").count() == 0
    # A whole path to home care, and one to urgent.
    assert complete_checker(page, live_server.url, ALL_CLEAR) <= 19
    assert page.locator(".verdict").get_attribute("data-disposition") == "self-care"
    complete_checker(page, live_server.url, {**ALL_CLEAR, "pain_signs": ["night_rest"]})
    assert page.locator(".verdict").get_attribute("data-disposition") == "urgent"
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
