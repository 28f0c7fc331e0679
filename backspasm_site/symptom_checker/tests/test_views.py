"""The checker's pages as a browser meets them: three steps, each posted and answered with a redirect, the
answers kept only in a signed cookie, and the result."""

import json
import re

import pytest
from django.test import Client

from backspasm_site.symptom_checker.forms import GROUP_NONE_AND_SIGN, GROUP_REQUIRED
from backspasm_site.symptom_checker.models import QuestionText
from backspasm_site.symptom_checker.red_flags import EMERGENCY_QUESTIONS, GROUP_MEMBERS, OTHER_STEP, QUESTIONS
from backspasm_site.symptom_checker.views import ANSWERS_COOKIE
from tests.checker_steps import STEP_PATHS, answer_checker, ticking
from tests.public_pages import ALL_CLEAR

pytestmark = pytest.mark.django_db
URL, STEP_2, STEP_3 = STEP_PATHS
RESULT = "/symptom-checker/result/"


def disposition(response):
    match = re.search(r'class="verdict card[^"]*" data-disposition="([a-z-]+)"', response.content.decode())
    return match.group(1) if match else None


def test_the_first_step_is_one_list_of_every_emergency_sign(client, site_content):
    html = client.get(URL).content.decode()
    assert html.count("<fieldset") == 1 and 'id="q-emergency_signs"' in html
    for code in EMERGENCY_QUESTIONS:
        assert re.search(
            rf'<input type="checkbox" name="emergency_signs" value="{code}"[^>]*data-emergency-answer', html
        )
    assert 'value="none"' in html and 'value="not-sure"' in html
    # The button sits straight under the list: nothing but the (hidden) emergency card between them.
    assert (
        html.index('value="not-sure"')
        < html.index('id="early-emergency"')
        < html.index('id="checker-submit"')
    )
    assert '<a class="button button--call" href="tel:999">Call 999</a>' in html


def test_each_step_is_answered_with_a_redirect_and_the_answers_kept_in_a_signed_cookie(client, site_content):
    response = client.post(URL, {"emergency_signs": ["none"]})
    assert response.status_code == 303 and response["Location"] == STEP_2
    cookie = response.cookies[ANSWERS_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/symptom-checker/"
    assert cookie["max-age"] == 3600
    assert "none" in cookie.value and ":" in cookie.value  # signed: value:timestamp:signature
    step_2 = client.get(STEP_2)
    assert 'href="/symptom-checker/" class="back-link"' in step_2.content.decode()
    response = client.post(STEP_2, {"pain_signs": ["none"], "health_signs": ["none"]})
    assert response.status_code == 303 and response["Location"] == STEP_3
    response = client.post(STEP_3, ALL_CLEAR)
    assert response.status_code == 303 and response["Location"] == RESULT
    result = client.get(RESULT)
    assert disposition(result) == "self-care" and "?" not in response["Location"]


def test_an_emergency_sign_ends_the_questions_whatever_else_is_wrong(client, site_content):
    response = client.post(URL, {"emergency_signs": ["stroke", "none"]})  # "None of these" too: invalid
    assert response.status_code == 303 and response["Location"] == RESULT
    result = client.get(RESULT)
    html = result.content.decode()
    assert disposition(result) == "emergency" and "signs of a stroke" in html
    assert "<title>Call 999 now – Your result" in html
    assert '<a class="button button--call button--emergency-call" href="tel:999">Call 999</a>' in html
    assert "Start again" not in html and "Change" not in html  # nothing to do but call


@pytest.mark.parametrize(
    ("data", "expected", "title"),
    [
        (ALL_CLEAR, "self-care", "Look after yourself at home"),
        (ticking("sleep"), "see-doctor", "See a doctor"),
        (ticking("getting_worse"), "see-doctor", "See a doctor"),
        (ticking("hard_to_cope"), "see-doctor", "See a doctor"),
        (ticking("shingles"), "urgent", "Get help today"),
        (ticking("heart_signs"), "emergency", "Call 999 now"),
        (ticking("minor_fall", age="over-70"), "emergency", "Call 999 now"),
        ({**ALL_CLEAR, "emergency_signs": ["not-sure"]}, "urgent", "Get help today"),
    ],
)
def test_every_path_leads_to_its_result_with_its_own_title(client, site_content, data, expected, title):
    response = answer_checker(client, data)
    assert disposition(response) == expected
    assert f"<title>{title} – Your result" in response.content.decode()


def test_the_urgent_result_has_a_call_111_button(client, site_content):
    html = answer_checker(client, ticking("blood_in_pee")).content.decode()
    assert '<a class="button button--call" href="tel:111">Call 111</a>' in html


def test_the_result_lists_the_answers_and_one_answer_changes_in_one_tap_and_comes_back(client, site_content):
    html = answer_checker(client, ALL_CLEAR).content.decode()
    change = STEP_2 + "?change=1"
    assert "Your answers" in html and f'href="{change}#q-pain_signs"' in html
    assert "None of these" in html
    step_2 = client.get(change).content.decode()  # the answers kept, ticked
    assert re.search(r'name="pain_signs" value="none"[^>]*checked', step_2)
    assert f'action="{change}"' in step_2
    response = client.post(change, {"pain_signs": ["kidney_pain"], "health_signs": ["none"]})
    assert response["Location"] == RESULT  # every other answer is kept: straight back to the result
    result = client.get(RESULT)
    assert disposition(result) == "urgent" and "kidney stone" in result.content.decode()


def test_using_the_checker_again_asks_every_later_step_again(client, site_content):
    """The result says to use the checker again if a new sign appears. The answers kept from the first time
    (an hour) must never carry the person past the step that asks about that sign: without a "Change" link,
    each step leads to the next, not to the result."""
    assert disposition(answer_checker(client, ALL_CLEAR)) == "self-care"
    step_1 = client.get(URL).content.decode()
    assert re.search(r'name="emergency_signs" value="none"[^>]*checked', step_1)  # still kept, ticked
    assert f'action="{URL}"' in step_1
    response = client.post(URL, {"emergency_signs": ["none"]})
    assert response["Location"] == STEP_2  # not the result
    response = client.post(STEP_2, {"pain_signs": ["leg_weakness"], "health_signs": ["none"]})  # new
    assert response["Location"] == STEP_3
    assert client.post(STEP_3, ALL_CLEAR)["Location"] == RESULT
    result = client.get(RESULT)
    assert disposition(result) == "urgent" and "weak" in result.content.decode()


def test_an_emergency_made_of_answers_from_two_steps_counts_when_a_third_is_missing(client, site_content):
    """A fall (step 2) with weak bones (step 3) is an emergency, even if the age on step 3 is left out."""
    client.post(URL, {"emergency_signs": ["none"]})
    client.post(STEP_2, {"pain_signs": ["none"], "health_signs": ["minor_fall"]})
    step_3 = {name: value for name, value in ALL_CLEAR.items() if name not in ("age", "weak_bones")}
    response = client.post(STEP_3, {**step_3, "weak_bones": "yes"})
    assert response.status_code == 303 and response["Location"] == RESULT
    result = client.get(RESULT)
    assert disposition(result) == "emergency"
    # This step's answers are as posted now: an earlier "yes" left out of the post no longer counts.
    client.post(URL, {"emergency_signs": ["none"]})
    response = client.post(STEP_3, {**step_3, "age": "over-70"})  # weak bones left out, age given
    assert response["Location"] == RESULT  # a fall at over 70: still an emergency
    response = client.post(STEP_3, step_3)  # neither: "There is a problem", the step again
    assert response.status_code == 200 and "There is a problem" in response.content.decode()


def test_coming_back_after_an_emergency_made_of_two_steps_asks_those_steps_again(client, site_content):
    """Step 1 led straight back to the old emergency result (whose page has no way back into the checker)
    on the strength of step 2 and 3 answers kept from the first walk (a browser review found it)."""
    client.post(URL, {"emergency_signs": ["none"]})
    client.post(STEP_2, {"pain_signs": ["none"], "health_signs": ["minor_fall"]})
    client.post(STEP_3, {**ALL_CLEAR, "weak_bones": "yes"})
    assert disposition(client.get(RESULT)) == "emergency"
    assert client.post(URL, {"emergency_signs": ["none"]})["Location"] == STEP_2
    assert client.post(STEP_2, {"pain_signs": ["none"], "health_signs": ["none"]})["Location"] == STEP_3
    assert client.post(STEP_3, ALL_CLEAR)["Location"] == RESULT
    assert disposition(client.get(RESULT)) == "self-care"  # the answers given now


def test_step_2_says_no_emergency_sign_was_told_only_when_none_was(client, site_content):
    told = "You told us of no emergency sign."
    assert told not in client.get(STEP_2).content.decode()  # the first step never answered
    client.post(URL, {"emergency_signs": ["chest_pain"]})
    assert told not in client.get(STEP_2).content.decode()  # an address typed after an emergency sign
    client.post(URL, {"emergency_signs": ["none"]})
    assert told in client.get(STEP_2).content.decode()


def test_the_result_needs_every_answer_and_leads_to_the_first_one_missing(client, site_content):
    assert client.get(RESULT)["Location"] == URL
    client.post(URL, {"emergency_signs": ["none"]})
    assert client.get(RESULT)["Location"] == STEP_2
    client.post(STEP_2, {"pain_signs": ["none"], "health_signs": ["none"]})
    assert client.get(RESULT)["Location"] == STEP_3


def test_a_tampered_or_foreign_cookie_is_no_answers(client, site_content):
    answer_checker(client, ALL_CLEAR)
    value = client.cookies[ANSWERS_COOKIE].value
    client.cookies[ANSWERS_COOKIE] = value.replace("none", "nonf", 1)
    assert client.get(RESULT)["Location"] == URL
    other = Client()
    other.cookies[ANSWERS_COOKIE] = '{"emergency_signs":["none"]}'  # unsigned
    assert other.get(RESULT)["Location"] == URL


def test_start_again_forgets_the_answers(client, site_content):
    answer_checker(client, ALL_CLEAR)
    response = client.post("/symptom-checker/start-again/")
    assert response.status_code == 303 and response["Location"] == URL
    assert client.cookies[ANSWERS_COOKIE].value == ""
    assert client.get(RESULT)["Location"] == URL


def test_no_checker_page_may_be_cached(client, site_content):
    answer_checker(client, ALL_CLEAR)
    for path in (URL, STEP_2, STEP_3, RESULT):
        assert "no-store" in client.get(path)["Cache-Control"], path
    assert "no-store" in client.post(URL, {"emergency_signs": ["none"]})["Cache-Control"]


def test_the_emergency_number_comes_from_settings(client, site_content, settings):
    settings.EMERGENCY_NUMBER = "112"
    html = answer_checker(client, ticking("fever")).content.decode()
    assert 'href="tel:112">Call 112</a>' in html and "{{ emergency_number }}" not in html
    assert "You said you have a fever as well as back spasms." in html


def test_self_care_offers_a_reminder_and_other_verdicts_do_not(site_content):
    assert "reminder.ics" in answer_checker(Client(), ALL_CLEAR).content.decode()
    assert "reminder.ics" not in answer_checker(Client(), ticking("sleep")).content.decode()


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
    # Lines of at most 75 octets (RFC 5545, 3.1); a longer one goes on after a line break and a space.
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    unfolded = body.replace("\r\n ", "")
    assert (
        "see a doctor. You can use the symptom checker again: http://testserver/symptom-checker/\r\n"
        in unfolded
    )


@pytest.mark.parametrize("path", STEP_PATHS)
def test_an_empty_submission_shows_the_error_summary_and_no_verdict(client, site_content, path):
    response = client.post(path, {})
    html = response.content.decode()
    assert response.status_code == 200 and disposition(response) is None
    assert "There is a problem" in html and html.index("There is a problem") < html.index("<h1")
    # Each link leads to its whole question (legend and all), and the script focuses its first answer.
    links = re.findall(r'<a href="#q-([a-z_]+)" data-focus="(id_[a-z_0-9]+)">', html)
    assert links and "<title>Error:" in html
    for name, first_answer in links:
        assert f'id="q-{name}"' in html and first_answer.startswith(f"id_{name}_")
        assert html.index(f'id="q-{name}"') < html.index(f'id="{first_answer}"')


def test_an_empty_list_to_tick_is_a_missing_answer_never_no(client, site_content):
    html = client.post(STEP_2, {"pain_signs": ["none"]}).content.decode()
    question = QuestionText.objects.get(code="health_signs").text
    assert GROUP_REQUIRED.format(question=question) in html
    both = client.post(STEP_2, {"pain_signs": ["none"], "health_signs": ["none", "cancer"]}).content.decode()
    assert GROUP_NONE_AND_SIGN.format(question=question) in both and 'class="verdict' not in both


@pytest.mark.parametrize(
    ("path", "data"),
    [
        (URL, {"emergency_signs": ["maybe"]}),
        (URL, {"emergency_signs": "fever-ish"}),
        (STEP_3, {**ALL_CLEAR, "severity": "no"}),
        (STEP_3, {k: v for k, v in ALL_CLEAR.items() if k != "duration"}),
        (STEP_3, {**ALL_CLEAR, "duration": ""}),
        (STEP_2, {**ALL_CLEAR, "pain_signs": ["made-up"]}),
        (STEP_2, {**ALL_CLEAR, "pain_signs": []}),
        (STEP_3, {**ALL_CLEAR, "age": "not-sure"}),
    ],
)
def test_tampered_or_missing_answers_show_the_step_again_never_a_verdict(client, site_content, path, data):
    response = client.post(path, data)
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert 'class="verdict' not in html and ANSWERS_COOKIE not in response.cookies


def test_unknown_steps_are_not_found(client):
    assert client.get("/symptom-checker/step-4/").status_code == 404
    assert client.get("/symptom-checker/step-1/").status_code == 404  # step 1 is the checker's own address


def test_a_post_without_a_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    assert client.post(STEP_3, ALL_CLEAR).status_code == 403


def test_a_huge_body_is_refused_not_crashed(client, site_content):
    response = client.post(URL, {**ALL_CLEAR, "padding": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 400


def test_a_thousand_fields_are_refused_not_crashed(client, site_content):
    response = client.post(URL, {**ALL_CLEAR, **{f"f{i}": "1" for i in range(1000)}})
    assert response.status_code == 400


def test_broken_utf8_gives_the_form_again(client, site_content):
    body = b"emergency_signs=\xff\xfe&severity=%ff%fe%00"
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 400)
    assert 'data-disposition="self-care"' not in response.content.decode()


def test_other_methods_are_refused(client):
    assert client.put(URL).status_code == 405
    assert client.delete(RESULT).status_code == 405


def test_answers_are_not_stored_or_logged(client, site_content, caplog):
    import logging

    from django.contrib.sessions.models import Session

    with caplog.at_level(logging.DEBUG):
        answer_checker(client, ticking("weight_loss", "cancer"))
    assert not Session.objects.exists() and not client.cookies.get("sessionid")
    assert "cancer" not in caplog.text and "weight" not in caplog.text


def test_error_reports_hide_the_answers_cookie(rf, settings):
    from django.views.debug import ExceptionReporter

    request = rf.get(RESULT)
    request.COOKIES[ANSWERS_COOKIE] = "cancer-and-weight-loss"
    report = ExceptionReporter(request, ValueError, ValueError("boom"), None).get_traceback_text()
    assert "cancer-and-weight-loss" not in report


def test_editors_wording_is_used_on_the_form(client, site_content):
    def reword(code, text):  # as an editor's save in admin does: a new content version
        question = QuestionText.objects.get(code=code)
        question.text = text
        question.save()

    reword("chest_pain", "My chest hurts")
    assert "My chest hurts</label>" in client.get(URL).content.decode()
    client.post(URL, {"emergency_signs": ["none"]})
    reword("cancer", "You have had cancer at any time")
    assert "You have had cancer at any time</label>" in client.get(STEP_2).content.decode()


def test_the_lists_are_worded_from_the_table_when_the_database_is_away(site_content):
    from unittest import mock

    from django.db import DatabaseError

    from backspasm_site.symptom_checker.forms import CheckerStepForm

    QuestionText.objects.filter(code="fever").update(text="An editor's own wording")
    with mock.patch.object(QuestionText.objects, "all", side_effect=DatabaseError):
        form = CheckerStepForm(step=1)
    assert "An editor's own wording" not in str(form) and "hot and shivery" in str(form)
    html = str(form["emergency_signs"])
    assert html.count('type="checkbox"') == len(GROUP_MEMBERS["emergency_signs"]) + 2


def test_signs_beyond_the_main_source_are_shown_with_their_guidance(site_content):
    html = answer_checker(Client(), ticking("both_legs")).content.decode()
    assert "We added them from this guidance" in html
    assert "NHS: Back pain" in html and "NHS: Cauda equina syndrome" in html and "GIRFT" in html
    html = answer_checker(Client(), ticking("fever")).content.decode()
    assert "We added them from this guidance" not in html


@pytest.mark.parametrize("charset", ["iso-8859-1", "utf-16", "us-ascii"])
def test_a_form_sent_in_another_character_set_is_a_400_with_the_emergency_card(site_content, charset):
    """Django cannot read it; its own 400 page checked the CSRF token again, which read the post again: a 500."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    token = client.get(STEP_PATHS[0]).cookies["csrftoken"].value
    response = client.post(
        STEP_PATHS[0],
        data=f"csrfmiddlewaretoken={token}&emergency_signs=fever",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sorry, we could not read that" in html and 'href="tel:999"' in html


def test_a_percent_sign_in_an_editors_wording_never_breaks_the_error_message(client, site_content):
    """Django %-formats "invalid_choice" with the posted value: "100%" in the wording was a 500."""
    QuestionText.objects.filter(code="severity").update(text="How bad is the pain, out of 100%?")
    QuestionText.objects.filter(code="other_signs").update(text="Any of these, 100% sure?")
    page = answer_checker(client, {**ALL_CLEAR, "severity": "bogus", "other_signs": ["bogus"]})
    assert page.status_code == 200 and page.request["PATH_INFO"] == STEP_PATHS[2]
    text = page.content.decode()
    assert "There is a problem" in text
    assert "How bad is the pain, out of 100%?" in text and "Any of these, 100% sure?" in text


def test_answers_kept_under_the_lists_before_a_sign_moved_are_asked_again(client, site_content):
    """A cold leg ticked as a health sign before it moved to the emergency list would read as "no" there:
    answers signed under the old lists (the old salt) count as none, so every step is asked again."""
    from django.core import signing

    kept = {**ALL_CLEAR, "health_signs": ["cold_leg"]}
    old = signing.get_cookie_signer(salt=ANSWERS_COOKIE + "backspasm.symptom_checker.answers")
    client.cookies[ANSWERS_COOKIE] = old.sign(json.dumps(kept))
    assert client.get(RESULT)["Location"] == URL


def test_the_answers_salt_follows_the_lists_and_their_meaning():
    """Adding a sign to a list, moving one to another list, or changing what the rule table asks, changes the
    salt by itself (no version to bump by hand); the words of a "Not sure" reason do not."""
    import dataclasses

    from backspasm_site.symptom_checker.red_flags import QUESTIONS, QUESTIONS_BY_CODE
    from backspasm_site.symptom_checker.views import ANSWERS_SALT, answers_salt

    assert answers_salt(QUESTIONS) == ANSWERS_SALT
    added = (*QUESTIONS, dataclasses.replace(QUESTIONS_BY_CODE["cold_leg"], code="another_sign"))
    without = tuple(q for q in QUESTIONS if q.code != "pregnancy_bleeding")
    moved = tuple(
        dataclasses.replace(q, group="health_signs", step=2) if q.code == "cold_leg" else q for q in QUESTIONS
    )
    meant = tuple(dataclasses.replace(q, default_text=q.default_text + " or a hand") for q in QUESTIONS)
    salts = {
        ANSWERS_SALT,
        answers_salt(added),
        answers_salt(without),
        answers_salt(moved),
        answers_salt(meant),
    }
    assert len(salts) == 5
    assert (
        answers_salt(tuple(dataclasses.replace(q, unsure=q.unsure + "!") for q in QUESTIONS)) == ANSWERS_SALT
    )


def test_pregnant_and_bleeding_heavily_is_an_emergency_at_the_first_step(client, site_content):
    page = answer_checker(client, ticking("pregnancy_bleeding"))
    text = page.content.decode()
    assert 'data-disposition="emergency"' in text and "Call 999 now" in text
    assert "bleeding heavily or passing clots" in text  # why: in the person's own words


STEP_3_FIELDS = {q.group or q.code for q in QUESTIONS if q.step == OTHER_STEP}


def test_past_cancer_with_a_nerve_sign_ends_at_the_emergency_after_the_second_step(client, site_content):
    """Two lines of step 2 together make an emergency: the questions end there, as for a line of step 1."""
    # No answers for step 3: had the questions gone on, the page would be step 3, asking for them.
    first_two_steps = {k: v for k, v in ticking("cancer", "leg_pain").items() if k not in STEP_3_FIELDS}
    page = answer_checker(client, first_two_steps)
    text = page.content.decode()
    assert 'data-disposition="emergency"' in text and "Call 999 now" in text
    assert "nerves in your spine" in text and "Tell them you have had cancer" in text and "lie flat" in text
    alone = answer_checker(client, ticking("cancer"))
    assert 'data-disposition="urgent"' in alone.content.decode()
