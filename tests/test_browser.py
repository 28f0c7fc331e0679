"""Pages as a person uses them: headless Chromium driven by Playwright (the checker: test_checker_browser.py)."""

import pytest

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
