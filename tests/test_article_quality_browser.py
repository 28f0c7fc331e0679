"""The reading grade and warnings under an article's text update as the editor types, under the admin's CSP."""

import pytest

from .test_admin_csp_browser import admin_page  # noqa: F401 (the fixture: signed in, CSP violations watched)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HARD = (
    "Musculoskeletal paraspinal hypertonicity, characteristically precipitated by biomechanical "
    "overexertion, frequently necessitates multidisciplinary pharmacological management."
)


def test_the_grade_and_warnings_update_as_the_editor_types(admin_page, live_server):  # noqa: F811
    page = admin_page
    page.goto(live_server.url + "/admin/articles/article/add/")
    grade = page.locator(".quality-grade")
    body = page.locator("#id_body")
    body.fill("")
    body.press_sequentially("Rest a bit. Walk a bit. It gets better.")
    page.wait_for_function(
        "document.querySelector('.quality-grade').textContent.startsWith('Reading grade: ') && "
        "!document.querySelector('.quality-warnings li')"
    )
    assert grade.inner_text().endswith("(the site aims at 7 or lower)")
    easy = grade.inner_text()
    body.press_sequentially(f" {HARD} ![](x.png) [click here](/articles/causes/)")
    page.locator(".quality-warnings li", has_text="above the site's aim of 7").wait_for()
    page.locator(".quality-warnings li", has_text="has no description (alt text)").wait_for()
    page.locator(".quality-warnings li", has_text="does not say where it goes").wait_for()
    assert grade.inner_text() != easy
    assert page.violations() == []
