"""Issue 29: pages print without wasted paper; the first-days guide prints as a one-page plan.

Chromium prints each page to PDF (page.pdf, A4 from the stylesheet's @page) and pypdf counts the pages.
"""

import io
import re

import pypdf

from backspasm_site.articles.models import Article

GUIDE = "/articles/first-days/"


def printed(page, url: str) -> list[str]:
    """The text of each printed A4 page."""
    page.goto(url)
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages} == {
        (595, 842)
    }
    return [p.extract_text() for p in pdf.pages]


def test_the_guide_prints_on_one_a4_page_with_its_pictures_and_the_emergency_signs(
    page, live_server, site_content, settings
):
    from backspasm_site.symptom_checker.red_flags import headline_signs

    settings.SITE_URL = "https://backspasm.example"
    pages = printed(page, live_server.url + GUIDE)
    assert len(pages) == 1
    text = re.sub(r"\s+", " ", pages[0]).replace("ﬁ", "fi")
    assert "Back spasm help · https://backspasm.example/articles/first-days/" in text  # site name and address
    assert "Call 999 or go to A&E now if you have back pain and:" in text
    for sign in headline_signs():
        assert sign.split()[0] in text
    for heading in ("Getting out of bed", "1. Knee rolls", "5. Standing back bend", "Lifting and posture"):
        assert heading in text
    page.emulate_media(media="print")
    pictures = page.locator(".article__body img")
    assert pictures.count() >= 12
    for picture in pictures.all():
        assert picture.is_visible() and picture.bounding_box()["width"] > 40


def test_every_article_prints_without_wasted_pages(page, live_server, site_content):
    """Articles of up to 220 words fit one page (the issue's figure; pages that list every warning sign and
    Easy Read pages, in large type, are longer); no page but the last of a longer one is mostly empty."""
    for article in Article.objects.published():
        pages = printed(page, live_server.url + article.get_absolute_url())
        short = len(article.body_text().split()) <= 220
        if short and not article.is_easy_read and "{{ warning_signs }}" not in article.body:
            assert len(pages) == 1, (article.slug, len(pages))
        for number, text in enumerate(pages[:-1], start=1):
            assert len(text) > 800, f"{article.slug}: page {number} of {len(pages)} is mostly empty"


def test_printed_links_show_their_address_only_when_they_leave_the_site(page, live_server, site_content):
    page.goto(live_server.url + "/articles/when-to-get-help/")
    page.emulate_media(media="print")
    after = "el => getComputedStyle(el, '::after').content"
    inside = page.locator("main a[href^='/']").all()
    outside = page.locator("main a[href^='http']:not(.sources a)").all()
    assert inside
    assert all(link.evaluate(after) == "none" for link in inside if link.is_visible())
    for link in outside:
        assert link.get_attribute("href") in link.evaluate(after)
    assert page.locator(".print-masthead").is_visible()
    page.emulate_media(media="screen")
    assert not page.locator(".print-masthead").is_visible()


def test_the_printed_plan_says_where_the_warning_signs_it_leaves_out_are(page, live_server, site_content):
    """The line "get help if you get any of these signs" was followed by nothing on paper: the lists are left out of
    the one-page plan (a review found it). On screen the note is not shown: the lists are there."""
    page.goto(live_server.url + "/articles/first-days/")
    note = page.locator(".print-note")
    assert note.count() == 1 and not note.is_visible()
    page.emulate_media(media="print")
    assert note.is_visible()
    assert "/articles/when-to-get-help/" in note.inner_text() and "111" in note.inner_text()
