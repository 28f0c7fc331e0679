"""The "About this content" page: editable wording, what it promises, and links to it (issue 8)."""

import re

import pytest
import textstat

from backspasm_site.articles import readability
from backspasm_site.core.markdown import plain_text
from backspasm_site.core.models import SiteText
from tests.public_pages import public_urls, visible_text

pytestmark = pytest.mark.django_db
URL = "/about-this-content/"


def test_the_about_page_covers_sources_writing_review_the_checker_and_privacy(client, site_content):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>About this content</h1>" in html
    text = plain_text(html)
    for promise in [
        "one main source",  # where it comes from
        "NHS guidance",
        "NHS Gloucestershire's red flags for back pain",
        # Every source beyond the main one, where the pages use it (issue 29's content review).
        "We add to the main source in four places",
        "gentle stretches, ways to lie and sleep",
        "we use the most urgent advice",
        "reading grade of 7 or below",  # how it is written (READING_GRADE_AIM)
        "Editors write the pages",  # how it is reviewed
        "goes live only after a clinical reviewer has read it",
        "different person from the one who wrote it",  # the two-person rule (editorial/services/)
        # The pages first loaded from content/ were not signed off: the page says so (issue 27).
        'says "A clinician has not checked this page yet" until a clinical reviewer checks it',
        "shows the date of the check and when the next one is due",
        "It does not give a diagnosis",  # what the checker can and cannot do
        "We never save or log your answers to the symptom checker",  # privacy
        'The "Was this page helpful?" form is anonymous',
        "We do not keep your IP address",
    ]:
        assert promise in text, promise


def test_the_about_page_names_the_emergency_number_from_settings(client, site_content, settings):
    settings.EMERGENCY_NUMBER = "112"
    html = client.get(URL).content.decode()
    assert "Call 112 or go to A&E now" in visible_text(html)
    assert 'href="tel:112"' in html
    assert "{{" not in html and "Call 999" not in visible_text(html)


def test_the_about_page_reads_at_the_sites_aim_or_below(site_content):
    about = SiteText.objects.get(key="about-this-content")
    assert textstat.flesch_kincaid_grade(plain_text(about.body_html)) <= readability.aim()


def test_the_about_page_gives_the_reading_aim_from_its_one_setting(client, site_content, settings):
    assert "a reading grade of 7 or below (what most 12 year olds can read)" in visible_text(
        client.get(URL).content.decode()
    )
    settings.READING_GRADE_AIM = 6
    text = visible_text(client.get(URL).content.decode())
    assert "a reading grade of 6 or below (what most 11 year olds can read)" in text and "{{" not in text


def test_editors_change_the_about_wording_in_admin(client, site_content):
    about = SiteText.objects.get(key="about-this-content")
    about.body += "\n\nA line an editor added."
    about.save()
    assert "<p>A line an editor added.</p>" in client.get(URL).content.decode()


def test_every_public_page_links_to_the_about_page_in_its_footer(client, site_content):
    for url in public_urls():
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert f'href="{URL}"' in footer, url


def test_the_checker_links_to_the_about_page_above_its_questions(client, site_content):
    html = client.get("/symptom-checker/").content.decode()
    main = html[html.index("<main") : html.index("<fieldset")]
    assert re.search(rf'<a href="{URL}">What the checker can and cannot do</a>', main)


def test_the_about_page_is_the_same_for_everyone(client, site_content):
    response = client.get(URL)
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert not response.cookies


def test_without_its_text_the_about_page_is_a_404(client, db):
    assert client.get(URL).status_code == 404


def test_the_about_page_says_who_runs_the_site_its_source_who_checks_it_and_how_to_reach_us(
    client, site_content
):
    text = visible_text(client.get(URL).content.decode())
    assert "Who is behind this site" in text
    for item in [
        "Who runs this site:",
        "Where our facts come from:",
        "Who checks our pages:",
        "How to contact us:",
    ]:
        assert item in text, item
    assert "a clinical reviewer, who is a health professional" in text


def test_who_is_behind_the_site_is_site_text_editors_change(client, site_content):
    who = SiteText.objects.get(key="who-we-are")
    who.body = who.body.replace(
        "Our clinical reviewer's name and job: not named yet.",
        "Our clinical reviewer is Sam Jones, a physiotherapist.",
    )
    who.save()
    text = visible_text(client.get(URL).content.decode())
    assert "Our clinical reviewer is Sam Jones, a physiotherapist." in text and "not named yet" not in text


def test_who_is_behind_the_site_reads_at_the_sites_aim_or_below(site_content):
    who = SiteText.objects.get(key="who-we-are")
    assert textstat.flesch_kincaid_grade(plain_text(who.body_html)) <= readability.aim()


def test_an_articles_main_source_links_to_what_the_about_page_says_of_it(client, site_content):
    html = client.get("/articles/symptoms/").content.decode()
    assert re.search(r'<a href="/about-this-content/#who-we-are">Back spasm source text[^<]*</a>', html)
    about = client.get(URL).content.decode()
    assert 'id="who-we-are"' in about
