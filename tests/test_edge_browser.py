"""The pages as a person uses them, through Varnish with the project's VCL, as production runs it: reading,
the checker with and without JavaScript, and an editor's change seen on the next visit. The edge keeps
pages between the steps, so anything it kept that it must not (a CSRF token, an answer) would show here."""

import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from backspasm_site.articles.models import Article

from .checker_steps import answer, complete_checker, ticking
from .public_pages import ALL_CLEAR
from .servers import PURGE_TOKEN, varnish

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")  # stopped after this file: its health probe would keep asking the live server
def edge(live_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("edge-browser")
    with varnish(backend_port=urlsplit(live_server.url).port, folder=folder) as url:
        yield url


@pytest.fixture(autouse=True)
def nothing_kept_from_other_tests(edge, settings, site_content):
    """Each test loads its own content: the edge forgets every page first, and purges after each edit.

    Between transactional tests the database is emptied, and Varnish's health probe (/healthz) may have
    found the site down meanwhile: wait until it finds it up again, as it would after a restart."""
    settings.EDGE_PURGE, settings.EDGE_PURGE_TOKEN = f"varnish:{edge}", PURGE_TOKEN
    headers = {"xkey-purge": "site", "Authorization": f"Bearer {PURGE_TOKEN}"}
    request = urllib.request.Request(edge + "/", method="PURGE", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback Varnish
        assert response.status == 200
    deadline = time.monotonic() + 15
    while not answers(edge + "/symptom-checker/"):  # never kept by the edge: it asks the site each time
        assert time.monotonic() < deadline, "Varnish still finds the site down"
        time.sleep(0.2)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback Varnish
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def test_reading_through_the_edge(page, edge, site_content):
    page.goto(edge + "/")
    page.get_by_role("link", name="Treating a back spasm at home").click()
    page.wait_for_url("**/articles/home-treatment/")
    assert page.locator("h1").inner_text() == "Treating a back spasm at home"
    again = page.goto(edge + "/articles/home-treatment/")
    assert again.status == 200 and again.headers["x-cache"] == "HIT"  # answered by the edge alone


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (ALL_CLEAR, "self-care"),
        (ticking("sleep"), "see-doctor"),
        (ticking("minor_fall", weak_bones="yes"), "emergency"),
    ],
)
def test_the_checker_through_the_edge(page, edge, site_content, changes, expected):
    for _ in range(2):  # the second time, every page the edge may keep is already in it
        complete_checker(page, edge, changes)
        assert page.locator(".verdict[data-disposition]").get_attribute("data-disposition") == expected


def test_the_checker_without_javascript_through_the_edge(browser, edge, site_content):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(edge + "/symptom-checker/")
    answer(page, {"emergency_signs": ["bladder_bowel"]})
    page.get_by_role("button", name="Continue").click()
    page.locator(".verdict[data-disposition='emergency']").wait_for()
    assert complete_checker(page, edge, ALL_CLEAR) < 20
    assert page.locator(".verdict").get_attribute("data-disposition") == "self-care"
    context.close()


def test_an_edit_shows_on_the_next_visit_through_the_edge(
    page, edge, site_content, reviewer, second_reviewer
):
    from backspasm_site.editorial import services

    page.goto(edge + "/articles/causes/")
    page.goto(edge + "/articles/causes/")  # kept by the edge now
    causes = Article.objects.get(slug="causes")
    change = services.save_change(
        obj=causes,
        values={"title": "What sets off a back spasm"},
        user=reviewer,
        reason="Plainer",
        submit=True,
    )
    services.publish(
        change=change, user=second_reviewer
    )  # names its pages: purged once committed, in the background
    for _ in range(50):
        page.goto(edge + "/articles/causes/")
        if page.locator("h1").inner_text() == "What sets off a back spasm":
            break
        page.wait_for_timeout(100)
    assert page.locator("h1").inner_text() == "What sets off a back spasm"
    page.goto(edge + "/articles/symptoms/")  # links to it: purged too
    assert page.get_by_role("link", name="What sets off a back spasm").count() >= 1
