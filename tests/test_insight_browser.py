"""The insight page in Chromium: a clinical reviewer and an editor find the plots and the failed searches;
the public is sent to sign in. The counts come from real requests: searches, the checker and page views."""

import pytest
from django.test import Client

from backspasm_site.insight.models import DailyCount

from .checker_steps import answer_checker, ticking
from .test_editors_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URL = "/admin/insight/dailycount/"


def test_reviewers_and_editors_see_the_insight_page_and_the_public_never(
    browser, live_server, site_content, editor, reviewer, tmp_path
):
    reader = Client()
    for _ in range(3):
        reader.get("/search/", {"q": "frobnicated xylophone"})
    answer_checker(reader, ticking())
    public = browser.new_page()
    public.goto(live_server.url + "/articles/what-is-a-back-spasm/")  # the browser fetches the pixel
    public.wait_for_load_state("load")
    assert DailyCount.objects.filter(topic="view").exists()

    public.goto(live_server.url + URL)
    assert "/admin/login/" in public.url
    assert public.locator("#insight").count() == 0
    public.close()

    for who in (reviewer, editor):
        page = sign_in(browser, live_server, who.username)
        page.goto(live_server.url + "/admin/")
        page.get_by_role("link", name="Searches, views and the checker").click()
        page.locator("#insight").wait_for()
        failed = page.locator("#failed-searches")
        assert failed.get_by_role("img", name="Searches that found nothing").is_visible()
        assert failed.locator("td", has_text="frobnicated xylophone").is_visible()
        assert page.get_by_role("img", name="How far people get in the symptom checker").is_visible()
        assert page.get_by_role("img", name="The checker's results, week by week").is_visible()
        assert page.locator("#pages svg").count() >= 1
        if who == reviewer:
            page.screenshot(path=str(tmp_path / "insight.png"), full_page=True)
        page.context.close()
