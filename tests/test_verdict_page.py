"""The checker's verdict page, rendered once per content version and result (symptom_checker/verdict_page.py),
must be exactly the page that rendering verdict.html in full gives, for every result and any answers."""

import collections
import itertools

import pytest
from django.shortcuts import render
from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm_site.articles.models import Article
from backspasm_site.page_cache.content import memo
from backspasm_site.symptom_checker import verdict_page as verdict_page_module
from backspasm_site.symptom_checker.models import Advice, advice_for
from backspasm_site.symptom_checker.red_flags import (
    MISSING_ANSWER_REASON,
    NHS_CES,
    NICE_CKS,
    QUESTIONS,
    RULES,
    RedFlag,
    Urgency,
    Verdict,
    evaluate,
)
from backspasm_site.symptom_checker.verdict_page import verdict_page

from .public_pages import ALL_CLEAR

pytestmark = pytest.mark.django_db
URL = "/symptom-checker/"

# Every answer that differs from all clear, one question at a time ("not sure" included), and every pair of them.
CHANGES = [(q.code, value) for q in QUESTIONS for value, _ in q.choices if value != ALL_CLEAR[q.code]]
ONE_CHANGE = [{**ALL_CLEAR, code: value} for code, value in CHANGES]
TWO_CHANGES = [
    {**ALL_CLEAR, first: one, second: other}
    for (first, one), (second, other) in itertools.combinations(CHANGES, 2)
    if first != second
]


def rendered_in_full(request, verdict) -> bytes:
    """The page as the checker rendered it before: the whole template, for this request and verdict."""
    context = {"verdict": verdict, "advice": advice_for(verdict.disposition)}
    return render(request, "symptom_checker/verdict.html", context).content


def posted(client, answers):
    """The checker's answer to a POST, and the verdict those answers give."""
    response = client.post(URL, answers)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response, evaluate(answers=answers)


def test_every_single_and_pair_of_changed_answers_gives_the_page_rendered_in_full(client, site_content):
    seen = collections.Counter()
    # One content version for all: the three results' pages are kept side by side and must never mix.
    for answers in [ALL_CLEAR, *ONE_CHANGE, *TWO_CHANGES]:
        response, verdict = posted(client, answers)
        assert response.content == rendered_in_full(response.wsgi_request, verdict), answers
        assert f'data-disposition="{verdict.disposition}"'.encode() in response.content
        seen[verdict.disposition] += 1
    assert len(ONE_CHANGE) == 19 and len(TWO_CHANGES) == 160
    assert set(seen) == {"emergency", "see-doctor", "self-care"}


def test_generated_answers_give_the_page_rendered_in_full(client, site_content):
    answer = {q.code: st.sampled_from([value for value, _ in q.choices]) for q in QUESTIONS}

    @settings(max_examples=150, database=None)
    @given(answers=st.fixed_dictionaries(answer))
    def check(answers):
        response, verdict = posted(client, answers)
        assert response.content == rendered_in_full(response.wsgi_request, verdict), answers

    check()


def test_missing_or_tampered_answers_give_the_page_rendered_in_full(rf, site_content):
    # The form never lets these reach a verdict; the page must still be right for any verdict of the rules.
    answer = st.one_of(st.sampled_from(["yes", "no", "not-sure", "severe", "maybe", ""]), st.text(max_size=5))

    @settings(max_examples=150, database=None)
    @given(answers=st.dictionaries(st.sampled_from([q.code for q in QUESTIONS]), answer))
    def check(answers):
        verdict = evaluate(answers=answers)
        assert verdict_page(verdict).encode() == rendered_in_full(rf.post(URL), verdict), answers

    check()
    missing = evaluate(answers={**ALL_CLEAR, "sleep": ""})
    assert MISSING_ANSWER_REASON in verdict_page(missing)


def test_reasons_and_sources_are_escaped_as_the_template_escapes_them(rf, site_content):
    odd = RedFlag(
        "odd", "fever", frozenset({"yes"}), Urgency.EMERGENCY, "<script>alert('x')</script> & \"more\"",
        "A & B <i>guide</i> (https://example.org/a?b=1&c=<2>); www.example.com/\"x\"", beyond_main_source=True,
    )  # fmt: skip
    verdict = Verdict(Urgency.EMERGENCY, flags=(odd,), reasons=(odd.reason,))
    page = verdict_page(verdict)
    assert page.encode() == rendered_in_full(rf.post(URL), verdict)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert (
        '<li>A &amp; B &lt;i&gt;guide&lt;/i&gt; (<a href="https://example.org/a?b=1&amp;c=" rel="nofollow">'
        in page
    )


def test_signs_beyond_the_main_source_link_their_guidance(client, site_content):
    response, verdict = posted(client, {**ALL_CLEAR, "saddle_numbness": "yes", "fever": "yes"})
    html = response.content.decode()
    assert verdict.guideline_sources == (NHS_CES, NICE_CKS)
    assert '<a href="https://www.nhs.uk/conditions/cauda-equina-syndrome/"' in html
    assert (
        html.index("Why we say this")
        < html.index("We added them from this guidance")
        < html.index("What to do")
    )


def test_an_editors_change_gives_a_new_page_rendered_in_full(client, site_content):
    symptoms = Article.objects.get(slug="symptoms")
    link = f'<li><a href="{symptoms.get_absolute_url()}">{symptoms.title}</a></li>'
    before, _ = posted(client, {**ALL_CLEAR, "fever": "yes"})
    assert link not in before.content.decode()
    advice = Advice.objects.get(disposition="emergency")
    advice.title = "Phone {{ emergency_number }} straight away"
    advice.body = "Do not drive yourself. Call {{ emergency_number }}."
    advice.save()
    advice.related.add(symptoms)
    for answers in [{**ALL_CLEAR, "fever": "yes"}, {**ALL_CLEAR, "both_legs": "yes"}]:
        response, verdict = posted(client, answers)
        html = response.content.decode()
        assert response.content == rendered_in_full(response.wsgi_request, verdict)
        assert "Phone 999 straight away" in html and "Do not drive yourself. Call 999." in html
        assert link in html
    symptoms.status = "draft"
    symptoms.save()
    assert link not in posted(client, {**ALL_CLEAR, "fever": "yes"})[0].content.decode()


def test_the_page_does_not_depend_on_who_asks_or_how(client, admin_client, site_content):
    answers = {**ALL_CLEAR, "sleep": "yes", "passing_urine": "not-sure"}
    anonymous, verdict = posted(client, answers)
    signed_in, _ = posted(admin_client, answers)  # a user, a session and their messages
    tracked = client.post(URL + "?utm_source=newsletter", answers, HTTP_HOST="localhost")
    assert anonymous.content == signed_in.content == tracked.content
    assert signed_in.content == rendered_in_full(signed_in.wsgi_request, verdict)


def test_no_answers_are_kept_in_the_pages_reused_for_everyone(client, site_content):
    for answers in [ALL_CLEAR, *ONE_CHANGE]:
        posted(client, answers)
    answers_words = {rule.reason for rule in RULES} | {MISSING_ANSWER_REASON, "Why we say this", "nhs.uk"}
    for result in Urgency:
        kept = memo(f"verdict-page:{result.disposition}", lambda: pytest.fail("no page was kept"))
        assert all(isinstance(part, str) for part in kept)
        assert not any(words in part for words in answers_words for part in kept)


def test_a_verdict_page_that_asked_for_a_csrf_token_is_refused(rf, site_content, monkeypatch):
    # One page for everyone cannot carry anyone's token; verdict.html has no POST form and must not get one.
    block = "{% block verdict_why %}"
    with_token = verdict_page_module.WITHOUT_ANSWERS.replace(block, block + "{% csrf_token %}")
    monkeypatch.setattr(verdict_page_module, "WITHOUT_ANSWERS", with_token)
    with pytest.raises(RuntimeError, match="CSRF token"):
        verdict_page(evaluate(answers=ALL_CLEAR))
