"""The checker's verdict page, rendered once per content version and result (symptom_checker/verdict_page.py),
must be exactly the page that rendering verdict.html in full gives, for every result and any answers."""

import collections
import itertools
import re

import pytest
from django.http import QueryDict
from django.shortcuts import render
from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm_site.articles.models import Article
from backspasm_site.page_cache.versions import memo
from backspasm_site.symptom_checker import verdict_page as verdict_page_module
from backspasm_site.symptom_checker.form_page import carried_answers
from backspasm_site.symptom_checker.forms import FIELD_NAMES, complete_answers
from backspasm_site.symptom_checker.models import Advice, advice_for
from backspasm_site.symptom_checker.red_flags import (
    GROUP_MEMBERS,
    MISSING_ANSWER_REASON,
    NHS_BACK_PAIN,
    NHS_CES,
    NICE_CKS,
    QUESTIONS,
    RULES,
    RedFlag,
    Urgency,
    Verdict,
    answers_from_form_data,
    emergency_in,
    evaluate,
)
from backspasm_site.symptom_checker.verdict_page import verdict_page
from tests.public_pages import ALL_CLEAR

NHS_BACK_PAIN_PARTS = [part.strip() for part in NHS_BACK_PAIN.split(";")]

pytestmark = pytest.mark.django_db
URL = "/symptom-checker/"
TOKEN = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]+">')


def form_changes():
    """Every answer that differs from all clear, one field at a time ("not sure" included)."""
    for name in FIELD_NAMES:
        if name in GROUP_MEMBERS:
            yield from ((name, [sign]) for sign in GROUP_MEMBERS[name])
            yield name, ["not-sure"]
        else:
            choices = next(q.choices for q in QUESTIONS if q.code == name)
            yield from ((name, value) for value, _ in choices if value != ALL_CLEAR[name])


CHANGES = list(form_changes())
ONE_CHANGE = [{**ALL_CLEAR, name: value} for name, value in CHANGES]
TWO_CHANGES = [
    {**ALL_CLEAR, first: one, second: other}
    for (first, one), (second, other) in itertools.combinations(CHANGES, 2)
    if first != second
]


def as_post(data) -> QueryDict:
    post = QueryDict(mutable=True)
    for name, value in data.items():
        post.setlist(name, value if isinstance(value, list) else [value])
    return post


def verdict_for(data) -> Verdict:
    """The verdict the checker gives for complete form data."""
    return emergency_in(answers_from_form_data(data)) or evaluate(answers=complete_answers(as_post(data)))


def without_token(html) -> str:
    html = html.decode() if isinstance(html, bytes) else html
    assert len(TOKEN.findall(html)) == 1, "one CSRF token: the form that changes the answers"
    return TOKEN.sub("TOKEN", html)


def rendered_in_full(request, verdict, data) -> str:
    """The page as the checker would render it in one go: the whole template, for this request and verdict."""
    context = {
        "verdict": verdict, "advice": advice_for(verdict.disposition), "carried": carried_answers(as_post(data)),
    }  # fmt: skip
    return without_token(render(request, "symptom_checker/verdict.html", context).content)


def posted(client, answers):
    """The checker's answer to a POST, and the verdict those answers give."""
    response = client.post(URL, answers)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response, verdict_for(answers)


def test_every_single_and_pair_of_changed_answers_gives_the_page_rendered_in_full(client, site_content):
    seen = collections.Counter()
    # One content version for all: the three results' pages are kept side by side and must never mix.
    for answers in [ALL_CLEAR, *ONE_CHANGE, *TWO_CHANGES]:
        response, verdict = posted(client, answers)
        assert without_token(response.content) == rendered_in_full(response.wsgi_request, verdict, answers), (
            answers
        )
        assert f'data-disposition="{verdict.disposition}"'.encode() in response.content
        seen[verdict.disposition] += 1
    assert len(ONE_CHANGE) == 48 and len(TWO_CHANGES) == sum(
        1 for a, b in itertools.combinations(CHANGES, 2) if a[0] != b[0]
    )
    assert set(seen) == {"emergency", "urgent", "see-doctor", "self-care"}


def test_generated_answers_give_the_page_rendered_in_full(client, site_content):
    answer = {q.code: st.sampled_from([value for value, _ in q.choices]) for q in QUESTIONS if not q.group}
    ticks = {group: st.just(["none"]) | st.just(["not-sure"]) | st.lists(st.sampled_from(members), min_size=1)
             for group, members in GROUP_MEMBERS.items()}  # fmt: skip

    @settings(max_examples=150, database=None)
    @given(answers=st.fixed_dictionaries({**answer, **ticks}))
    def check(answers):
        response, verdict = posted(client, answers)
        assert without_token(response.content) == rendered_in_full(response.wsgi_request, verdict, answers), (
            answers
        )

    check()


def test_missing_or_tampered_answers_give_the_page_rendered_in_full(rf, site_content):
    # The form never lets these reach a verdict; the page must still be right for any verdict of the rules.
    answer = st.one_of(st.sampled_from(["yes", "no", "not-sure", "severe", "maybe", ""]), st.text(max_size=5))

    @settings(max_examples=150, database=None)
    @given(answers=st.dictionaries(st.sampled_from([q.code for q in QUESTIONS]), answer))
    def check(answers):
        verdict = evaluate(answers=answers)
        request = rf.post(URL, answers)
        page = verdict_page(verdict, request, request.POST)
        assert without_token(page) == rendered_in_full(request, verdict, answers), answers

    check()
    missing = evaluate(answers={**ALL_CLEAR, "sleep": ""})
    assert MISSING_ANSWER_REASON in verdict_page(missing, rf.post(URL), {})


def test_reasons_and_sources_are_escaped_as_the_template_escapes_them(rf, site_content):
    odd = RedFlag(
        "odd", (("fever", frozenset({"yes"})),), Urgency.EMERGENCY, "<script>alert('x')</script> & \"more\"",
        "A & B <i>guide</i> (https://example.org/a?b=1&c=<2>); www.example.com/\"x\"",
    )  # fmt: skip
    verdict = Verdict(Urgency.EMERGENCY, flags=(odd,), reasons=(odd.reason,))
    request = rf.post(URL, {"fever": 'yes"><script>'})
    page = verdict_page(verdict, request, request.POST)
    assert without_token(page) == rendered_in_full(request, verdict, {"fever": 'yes"><script>'})
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert (
        '<li>A &amp; B &lt;i&gt;guide&lt;/i&gt; (<a href="https://example.org/a?b=1&amp;c=" rel="nofollow">'
        in page
    )


def test_signs_beyond_the_main_source_link_their_guidance(client, site_content):
    response, verdict = posted(client, {**ALL_CLEAR, "saddle_numbness": "yes", "fever": "yes"})
    html = response.content.decode()
    assert verdict.guideline_sources == (NHS_BACK_PAIN_PARTS[0], NHS_CES, NICE_CKS)
    assert '<a href="https://www.nhs.uk/conditions/cauda-equina-syndrome/"' in html
    # What to do comes first, then why, then the guidance behind it.
    assert (
        html.index("What to do")
        < html.index("Why we say this")
        < html.index("We added them from this guidance")
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
        assert without_token(html) == rendered_in_full(response.wsgi_request, verdict, answers)
        assert (
            'Phone <a class="tel" href="tel:999">999</a> straight away' in html
            and 'Do not drive yourself. Call <a class="tel" href="tel:999">999</a>.' in html
        )
        assert link in html
    symptoms.status = "draft"
    symptoms.save()
    assert link not in posted(client, {**ALL_CLEAR, "fever": "yes"})[0].content.decode()


def test_the_page_does_not_depend_on_who_asks_or_how(client, admin_client, site_content):
    answers = {**ALL_CLEAR, "sleep": "yes", "passing_urine": "not-sure"}
    anonymous, verdict = posted(client, answers)
    signed_in, _ = posted(admin_client, answers)  # a user, a session and their messages
    tracked = client.post(URL + "?utm_source=newsletter", answers, HTTP_HOST="localhost")
    assert (
        without_token(anonymous.content) == without_token(signed_in.content) == without_token(tracked.content)
    )
    assert without_token(signed_in.content) == rendered_in_full(signed_in.wsgi_request, verdict, answers)


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
        verdict_page(evaluate(answers=ALL_CLEAR), rf.post(URL), {})
