"""Django admin and the markdownx editor work in Chromium under the strict Content-Security-Policy."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects every CSP violation the page reports (the event fires for blocked scripts, styles, requests).
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def admin_page(page, live_server, admin_user, site_content):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(WATCH_VIOLATIONS)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/admin/")

    def violations():
        seen = page.evaluate("window.__cspViolations")
        return seen + [text for text in console if "Content Security Policy" in text]

    page.violations = violations
    return page


def test_markdownx_preview_works_under_the_csp_and_shows_cleaned_html(admin_page, live_server):
    page = admin_page
    page.goto(live_server.url + "/admin/articles/article/add/")
    assert page.violations() == []
    body = page.locator("textarea[name=body]")
    body.fill("")
    body.type(
        '## Rest a little\n\n**Keep moving** <script>window.__pwned = 1</script>\n\n<img src=x onerror="window.__pwned = 2">'
    )
    preview = page.locator(".markdownx-preview")
    preview.locator("h2").wait_for()
    assert preview.locator("h2").inner_text() == "Rest a little"
    assert preview.locator("strong").inner_text() == "Keep moving"
    assert preview.locator("script").count() == 0
    assert preview.locator("img").count() == 0 or preview.locator("img[onerror]").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.violations() == []


def test_admin_scripts_run_under_the_csp(admin_page, live_server):
    page = admin_page
    page.goto(live_server.url + "/admin/articles/article/add/")
    # prepopulate.js fills the slug from the title; autocomplete.js (select2) finds related pages by title.
    page.locator("#id_title").press_sequentially("Sleeping with a back spasm")
    assert page.input_value("#id_slug") == "sleeping-with-a-back-spasm"
    page.locator(".field-related .select2-container").click()
    page.locator(".select2-search__field").press_sequentially("Symptoms")
    page.locator(".select2-results__option", has_text="Symptoms of a back spasm").wait_for()
    for path in ("/admin/", "/admin/articles/article/", "/admin/core/sitetext/", "/admin/auth/user/add/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
    # The changelist's actions bar works (actions.js) and the date shortcuts appear on a change form.
    page.goto(live_server.url + "/admin/articles/article/")
    page.locator("#action-toggle").check()
    rows = page.locator("input.action-select")
    assert rows.count() > 0 and page.locator("input.action-select:checked").count() == rows.count()
    from backspasm_site.articles.models import Article

    page.goto(f"{live_server.url}/admin/articles/article/{Article.objects.first().pk}/change/")
    page.locator(".datetimeshortcuts").first.wait_for()
    assert page.violations() == []
    # The watcher is live and the policy bites: an injected inline script is blocked and reported.
    page.evaluate(
        "document.body.appendChild(Object.assign(document.createElement('script'), {text: 'window.__ran = 1'}))"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None
    assert "script-src" in page.violations()[0]
