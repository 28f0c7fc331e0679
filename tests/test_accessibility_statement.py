"""Issue 29: an accessibility statement in the model form UK public sector websites publish, linked from the
footer of every page."""

import pytest
from django.test import Client

from .public_pages import VERDICT_ANSWERS, public_urls

pytestmark = pytest.mark.django_db

LINK = '<a href="/accessibility/">Accessibility statement</a>'


def test_the_statement_has_the_model_sections(site_content):
    html = Client().get("/accessibility/").text
    assert "<h1>Accessibility statement for Back spasm help</h1>" in html
    for section in ("How accessible this website is", "Other formats", "Feedback and contact information",
                    "Reporting accessibility problems with this website", "Enforcement procedure",
                    "Technical information about this website's accessibility",
                    "Preparation of this accessibility statement"):  # fmt: skip
        assert f"<h2>{section}</h2>" in html, section
    assert "Equality Advisory and Support Service" in html and "partially compliant" in html
    # The other formats it names are real pages.
    for path in ("/articles/first-days-easy-read/", "/articles/when-to-get-help-easy-read/"):
        assert f'href="{path}"' in html
        assert Client().get(path).status_code == 200


def test_every_page_links_the_statement_from_its_footer(site_content):
    from .checker_steps import answer_checker

    client = Client()
    pages = [(url, client.get(url).text) for url in public_urls()]
    pages += [(name, answer_checker(client, data).text) for name, data in VERDICT_ANSWERS.items()]
    pages.append(("404", client.get("/no-such-page/").text))
    for where, html in pages:
        footer = html[html.index('<footer class="site-footer">') :]
        assert LINK in footer, where
