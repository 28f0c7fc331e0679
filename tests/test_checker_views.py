import re

import pytest
from django.http import QueryDict
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm_site.symptom_checker.forms import ANSWER_REQUIRED, CheckerForm, complete_answers
from backspasm_site.symptom_checker.models import Advice, QuestionText
from backspasm_site.symptom_checker.red_flags import QUESTION_CODES, QUESTIONS

from .public_pages import ALL_CLEAR

pytestmark = pytest.mark.django_db
URL = "/symptom-checker/"


def disposition(response):
    match = re.search(r'data-disposition="([a-z-]+)"', response.content.decode())
    return match.group(1) if match else None


def test_the_form_has_a_fieldset_and_legend_per_question_with_labelled_radios(client, site_content):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset") == len(QUESTION_CODES) and html.count("<legend") == len(QUESTION_CODES)
    for question in QuestionText.objects.all():
        assert question.text in html
    for code in QUESTION_CODES:
        assert f'<label class="radios__label" for="id_{code}_0">' in html
    assert ">Not sure</label>" in html
    # Emergency questions first.
    positions = [html.index(f'id="q-{code}"') for code in QUESTION_CODES]
    assert positions == sorted(positions)
    assert (
        'data-emergency="true"' in html[: positions[5]]
        and 'data-emergency="true"' not in html[positions[5] :]
    )


def test_the_form_page_is_never_cached(client, site_content):
    assert "no-store" in client.get(URL)["Cache-Control"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "self-care"),
        ({"fever": "yes"}, "emergency"),
        ({"passing_urine": "yes"}, "emergency"),
        ({"sleep": "yes"}, "see-doctor"),
        ({"duration": "not-sure"}, "see-doctor"),
    ],
)
def test_a_complete_answer_gives_a_verdict_page(client, site_content, changes, expected):
    response = client.post(URL, {**ALL_CLEAR, **changes})
    html = response.content.decode()
    assert response.status_code == 200
    assert disposition(response) == expected
    assert "no-store" in response["Cache-Control"]
    advice = Advice.objects.get(disposition=expected)
    assert advice.body_html.split("{{")[0][:40] in html
    prefix = {"emergency": "Immediate action required:", "see-doctor": "Urgent advice:",
              "self-care": "Non-urgent advice:"}[expected]  # fmt: skip
    assert f'<span class="visually-hidden">{prefix} </span>' in html
    for article in advice.related.published():
        assert f'href="{article.get_absolute_url()}"' in html


def test_the_emergency_verdict_names_the_emergency_number_from_settings(client, site_content, settings):
    settings.EMERGENCY_NUMBER = "112"
    html = client.post(URL, {**ALL_CLEAR, "fever": "yes"}).content.decode()
    assert "Call 112" in html and "{{ emergency_number }}" not in html
    assert "You said you have a fever as well as back spasms." in html


def test_self_care_offers_a_reminder_and_other_verdicts_do_not(client, site_content):
    assert "reminder.ics" in client.post(URL, ALL_CLEAR).content.decode()
    assert "reminder.ics" not in client.post(URL, {**ALL_CLEAR, "sleep": "yes"}).content.decode()


def test_the_reminder_is_a_calendar_file_two_weeks_ahead_with_no_answers(client):
    import datetime

    from django.utils import timezone

    response = client.get(URL + "reminder.ics")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    day = timezone.localdate() + datetime.timedelta(days=14)
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}" in body
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "fever" not in body.lower() and "?" not in response.wsgi_request.get_full_path()


def test_an_empty_submission_shows_the_error_summary_and_no_verdict(client, site_content):
    response = client.post(URL, {})
    html = response.content.decode()
    assert response.status_code == 200
    assert disposition(response) is None or 'id="early-emergency" hidden' in html
    assert "There is a problem" in html and html.index("There is a problem") < html.index("<h1")
    for question in QuestionText.objects.all():
        assert f'<a href="#id_{question.code}_0">{ANSWER_REQUIRED.format(question=question.text)}</a>' in html
    assert "<title>Error:" in html


@pytest.mark.parametrize(
    "data",
    [
        {**ALL_CLEAR, "fever": "maybe"},
        {**ALL_CLEAR, "severity": "no"},
        {k: v for k, v in ALL_CLEAR.items() if k != "duration"},
        {**ALL_CLEAR, "duration": ""},
    ],
)
def test_tampered_or_missing_answers_show_the_form_again_never_a_verdict(client, site_content, data):
    response = client.post(URL, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'data-disposition="self-care"' not in html and 'class="verdict' not in html


def test_complete_answers_accepts_exactly_what_the_form_accepts(site_content):
    # The checker gives a verdict when complete_answers accepts a POST, without building the form.
    offered = sorted({value for q in QUESTIONS for value, _ in q.choices})
    value = st.one_of(st.sampled_from([*offered, "", " yes", "Yes", "maybe"]), st.text(max_size=4))
    valid = st.fixed_dictionaries({q.code: st.sampled_from([v for v, _ in q.choices]) for q in QUESTIONS})
    # Each edit removes an answer (None) or sends one more value for it, which is then the one read.
    edits = st.lists(st.tuples(st.sampled_from([*QUESTION_CODES, "other"]), st.none() | value), max_size=3)
    accepted = 0

    @settings(max_examples=400, database=None)
    @given(start=valid, edits=edits)
    def check(start, edits):
        nonlocal accepted
        data = QueryDict(mutable=True)
        data.update(start)
        for code, sent in edits:
            if sent is None:
                data.pop(code, None)
            else:
                data.appendlist(code, sent)
        form = CheckerForm(data)
        answers = complete_answers(data)
        assert (answers is not None) == form.is_valid(), data
        if answers is not None:
            assert answers == form.cleaned_data
            accepted += 1

    check()
    assert 0 < accepted < 400


def test_a_post_without_a_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, ALL_CLEAR).status_code == 403


def test_a_huge_body_is_refused_not_crashed(client, site_content):
    response = client.post(URL, {**ALL_CLEAR, "padding": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 400


def test_a_thousand_fields_are_refused_not_crashed(client, site_content):
    response = client.post(URL, {**ALL_CLEAR, **{f"f{i}": "1" for i in range(1000)}})
    assert response.status_code == 400


def test_broken_utf8_gives_the_form_again(client, site_content):
    body = b"fever=\xff\xfe&severity=%ff%fe%00"
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400)
    assert 'data-disposition="self-care"' not in response.content.decode()


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405
    assert client.delete(URL).status_code == 405


def test_answers_are_not_stored_or_logged(client, site_content, caplog):
    import logging

    from django.contrib.sessions.models import Session

    with caplog.at_level(logging.DEBUG):
        client.post(URL, {**ALL_CLEAR, "fever": "yes"})
    assert not Session.objects.exists()
    assert "fever" not in caplog.text and "bladder" not in caplog.text
    assert not client.cookies.get("sessionid")


def test_editors_wording_is_used_on_the_form(client, site_content):
    QuestionText.objects.filter(code="sleep").update(text="Is your sleep affected by the pain?")
    assert "Is your sleep affected by the pain?" in client.get(URL).content.decode()


def test_signs_beyond_the_main_source_are_shown_with_their_guidance(client, site_content):
    html = client.post(URL, {**ALL_CLEAR, "both_legs": "yes"}).content.decode()
    assert "We added them from this guidance" in html
    assert "NHS: Cauda equina syndrome" in html and "NICE CKS: Sciatica" in html
    html = client.post(URL, {**ALL_CLEAR, "fever": "yes"}).content.decode()
    assert "We added them from this guidance" not in html
