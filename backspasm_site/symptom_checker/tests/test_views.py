import re

import pytest
from django.http import QueryDict
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm_site.symptom_checker.forms import (
    ANSWER_REQUIRED,
    FIELD_NAMES,
    GROUP_NONE_AND_SIGN,
    GROUP_REQUIRED,
    CheckerForm,
    complete_answers,
)
from backspasm_site.symptom_checker.models import Advice, QuestionText
from backspasm_site.symptom_checker.red_flags import (
    EARLY_EMERGENCY_REASON,
    EMERGENCY_ANSWERS,
    EMERGENCY_QUESTIONS,
    GROUP_MEMBERS,
    QUESTION_CODES,
    QUESTIONS,
    QUESTIONS_BY_CODE,
)
from tests.public_pages import ALL_CLEAR

pytestmark = pytest.mark.django_db
URL = "/symptom-checker/"


def disposition(response):
    match = re.search(r'class="verdict card[^"]*" data-disposition="([a-z-]+)"', response.content.decode())
    return match.group(1) if match else None


def test_the_first_step_asks_every_emergency_sign_one_question_each(client, site_content):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<fieldset") == len(EMERGENCY_QUESTIONS) == html.count('data-emergency="true"')
    wording = {q.code: q.text for q in QuestionText.objects.all()}
    for code in EMERGENCY_QUESTIONS:
        assert wording[code] in html
        assert f'<label class="radios__label" for="id_{code}_0">' in html
    assert ">Not sure</label>" in html and 'name="step" value="1"' in html
    positions = [html.index(f'id="q-{code}"') for code in EMERGENCY_QUESTIONS]
    assert positions == sorted(positions)
    # Only the answers that alone are an emergency are marked for the script.
    assert html.count('data-emergency-answer="true"') == len(EMERGENCY_QUESTIONS)


def test_the_second_step_carries_the_first_steps_answers_and_asks_the_rest(client, site_content):
    first = {code: ALL_CLEAR[code] for code in EMERGENCY_QUESTIONS}
    response = client.post(URL, {**first, "step": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" not in html and disposition(response) is None
    assert 'name="step" value="2"' in html and "See my result" in html
    for code, value in first.items():
        assert f'<input type="hidden" name="{code}" value="{value}">' in html
        assert f'id="q-{code}"' not in html
    assert html.count("<fieldset") == len(FIELD_NAMES) - len(EMERGENCY_QUESTIONS)
    # Each list to tick has "None of these" and "Not sure".
    for group in ("pain_signs", "health_signs"):
        assert f'name="{group}" id="id_{group}_' in html
    assert html.count(">None of these</label>") == 2
    # The carried answers and the second step give the verdict.
    data = {**first, **{k: v for k, v in ALL_CLEAR.items() if k not in first}, "step": "2"}
    assert disposition(client.post(URL, data)) == "self-care"


def test_an_emergency_yes_on_the_first_step_ends_the_questions(client, site_content):
    for code in EMERGENCY_QUESTIONS:
        value = sorted(EMERGENCY_ANSWERS[code])[0]
        response = client.post(URL, {code: value, "step": "1"})  # nothing else answered
        html = response.content.decode()
        assert disposition(response) == "emergency", code
        assert "There is a problem" not in html and EARLY_EMERGENCY_REASON in html


def test_change_my_answers_shows_the_first_step_with_every_answer_kept(client, site_content):
    verdict = client.post(URL, {**ALL_CLEAR, "sleep": "yes"}).content.decode()
    form = re.search(
        r'<form method="post" action="/symptom-checker/" class="change-answers.*?</form>', verdict
    ).group(0)
    fields = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', form)
    assert ("change", "1") in fields and ("sleep", "yes") in fields and ("pain_signs", "none") in fields
    data = QueryDict(mutable=True)
    for name, value in fields:
        data.appendlist(name, value)
    page = client.post(URL, data).content.decode()
    assert 'name="step" value="1"' in page and "There is a problem" not in page
    assert '<input type="hidden" name="sleep" value="yes">' in page
    assert re.search(r'name="fever" id="id_fever_1" value="no" checked', page)
    # Going on from there keeps the second step's answers filled in.
    data.pop("change")
    data["step"] = "1"
    second = client.post(URL, data).content.decode()
    assert re.search(r'name="sleep" id="id_sleep_0" value="yes" checked', second)


def test_the_form_page_is_never_cached(client, site_content):
    assert "no-store" in client.get(URL)["Cache-Control"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, "self-care"),
        ({"fever": "yes"}, "emergency"),
        ({"passing_urine": "yes"}, "emergency"),
        ({"chest_pain": "yes"}, "emergency"),
        ({"accident": "serious"}, "emergency"),
        ({"accident": "minor"}, "urgent"),
        ({"health_signs": ["cancer"]}, "urgent"),
        ({"fever": "not-sure"}, "urgent"),
        ({"sleep": "yes"}, "see-doctor"),
        ({"duration": "not-sure"}, "see-doctor"),
        ({"pain_signs": ["not-sure"]}, "see-doctor"),
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
    prefix = {"emergency": "Immediate action required:", "urgent": "Urgent advice:", "see-doctor": "Advice:",
              "self-care": "Non-urgent advice:"}[expected]  # fmt: skip
    assert f'<span class="visually-hidden">{prefix} </span>' in html
    for article in advice.related.published():
        assert f'href="{article.get_absolute_url()}"' in html


def test_the_emergency_verdict_names_the_emergency_number_from_settings(client, site_content, settings):
    settings.EMERGENCY_NUMBER = "112"
    html = client.post(URL, {**ALL_CLEAR, "fever": "yes"}).content.decode()
    assert 'Call <a class="tel" href="tel:112">112</a>' in html and "{{ emergency_number }}" not in html
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


@pytest.mark.parametrize("step", ["1", "2", None])
def test_an_empty_submission_shows_the_error_summary_and_no_verdict(client, site_content, step):
    response = client.post(URL, {"step": step} if step else {})
    html = response.content.decode()
    assert response.status_code == 200
    assert disposition(response) is None
    assert "There is a problem" in html and html.index("There is a problem") < html.index("<h1")
    wording = {q.code: q.text for q in QuestionText.objects.all()}
    for code in EMERGENCY_QUESTIONS:  # the first step, where the first missing answer is
        assert f'<a href="#id_{code}_0">{ANSWER_REQUIRED.format(question=wording[code])}</a>' in html
    assert "<title>Error:" in html


def test_an_empty_list_to_tick_is_a_missing_answer_never_no(client, site_content):
    data = {k: v for k, v in ALL_CLEAR.items() if k != "health_signs"}
    html = client.post(URL, data).content.decode()
    question = QuestionText.objects.get(code="health_signs").text
    assert GROUP_REQUIRED.format(question=question) in html and 'class="verdict' not in html
    both = client.post(URL, {**ALL_CLEAR, "health_signs": ["none", "cancer"]}).content.decode()
    assert GROUP_NONE_AND_SIGN.format(question=question) in both and 'class="verdict' not in both


@pytest.mark.parametrize(
    "data",
    [
        {**ALL_CLEAR, "fever": "maybe"},
        {**ALL_CLEAR, "severity": "no"},
        {k: v for k, v in ALL_CLEAR.items() if k != "duration"},
        {**ALL_CLEAR, "duration": ""},
        {**ALL_CLEAR, "pain_signs": ["made-up"]},
        {**ALL_CLEAR, "pain_signs": []},
        {**ALL_CLEAR, "age": "not-sure"},
        {**ALL_CLEAR, "step": "2", "fever": "maybe"},
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
    offered = sorted(
        {value for q in QUESTIONS for value, _ in q.choices} | {"none", "not-sure", *QUESTION_CODES}
    )
    value = st.one_of(st.sampled_from([*offered, "", " yes", "Yes", "maybe"]), st.text(max_size=4))
    radios = {
        name: [v for v, _ in QUESTIONS_BY_CODE[name].choices]
        for name in FIELD_NAMES
        if name in QUESTIONS_BY_CODE
    }
    ticks = {group: st.just(["none"]) | st.just(["not-sure"]) | st.lists(st.sampled_from(members), min_size=1, max_size=3)
             for group, members in GROUP_MEMBERS.items()}  # fmt: skip
    valid = st.fixed_dictionaries({**{n: st.sampled_from(v) for n, v in radios.items()}, **ticks})
    # Each edit removes an answer (None) or sends one more value for it, which is then the one read.
    edits = st.lists(st.tuples(st.sampled_from([*FIELD_NAMES, "other"]), st.none() | value), max_size=3)
    accepted = 0

    @settings(max_examples=400, database=None)
    @given(start=valid, edits=edits)
    def check(start, edits):
        nonlocal accepted
        data = QueryDict(mutable=True)
        for name, sent in start.items():
            data.setlist(name, sent if isinstance(sent, list) else [sent])
        for code, sent in edits:
            if sent is None:
                data.pop(code, None)
            else:
                data.appendlist(code, sent)
        form = CheckerForm(data)
        answers = complete_answers(data)
        assert (answers is not None) == form.is_valid(), data
        if answers is not None:
            assert answers == form.answers()
            assert set(answers) == set(QUESTION_CODES)
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
    QuestionText.objects.filter(code="chest_pain").update(text="Does your chest hurt?")
    assert "Does your chest hurt?" in client.get(URL).content.decode()
    cancer = QuestionText.objects.get(code="cancer")
    cancer.text = "You have had cancer at any time"
    cancer.save()  # a new content version, as an editor's save in admin makes
    second = client.post(URL, {code: ALL_CLEAR[code] for code in EMERGENCY_QUESTIONS} | {"step": "1"})
    assert "You have had cancer at any time</label>" in second.content.decode()


def test_signs_beyond_the_main_source_are_shown_with_their_guidance(client, site_content):
    html = client.post(URL, {**ALL_CLEAR, "both_legs": "yes"}).content.decode()
    assert "We added them from this guidance" in html
    assert "NHS: Back pain" in html and "NHS: Cauda equina syndrome" in html and "NICE CKS: Sciatica" in html
    html = client.post(URL, {**ALL_CLEAR, "fever": "yes"}).content.decode()
    assert "We added them from this guidance" not in html
