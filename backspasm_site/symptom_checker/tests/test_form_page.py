"""The checker's blank questions page, rendered once per content version with a slot for each request's CSRF
token (symptom_checker/form_page.py), must be the page that rendering form.html in full gives, and its token
must be the visitor's own and work."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _unmask_cipher_token
from django.shortcuts import render
from django.test import Client

from backspasm_site.symptom_checker.for_everyone import render_for_everyone
from backspasm_site.symptom_checker.form_page import blank_form_page, form_context
from backspasm_site.symptom_checker.forms import CheckerForm
from backspasm_site.symptom_checker.models import Advice, QuestionText
from tests.public_pages import ALL_CLEAR

pytestmark = pytest.mark.django_db
URL = "/symptom-checker/"
TOKEN = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">')


def without_token(html: str) -> str:
    assert len(TOKEN.findall(html)) == 1, "one CSRF token on the page"
    return TOKEN.sub("TOKEN", html)


def rendered_in_full(request) -> str:
    return render(
        request, "symptom_checker/form.html", form_context(CheckerForm(None, steps=(1,)))
    ).content.decode()


def test_the_blank_page_is_the_template_rendered_in_full_but_for_the_token(
    rf, site_content, django_user_model
):
    anonymous = rf.get(URL)
    anonymous.user = AnonymousUser()
    signed_in = rf.get(URL, headers={"cookie": "sessionid=abc; csrftoken=" + "a" * 32})
    signed_in.user = django_user_model.objects.create_user("editor", password="correct horse battery")
    for request in (anonymous, signed_in):
        assert without_token(blank_form_page(request)) == without_token(rendered_in_full(request))


def test_each_visitor_gets_a_token_of_their_own_that_matches_their_cookie(site_content):
    secrets = set()
    for _ in range(3):
        client = Client(enforce_csrf_checks=True)
        response = client.get(URL)
        token = TOKEN.search(response.content.decode()).group(1)
        cookie = response.cookies["csrftoken"].value
        assert _unmask_cipher_token(token) == cookie
        secrets.add(cookie)
        verdict = client.post(URL, {"csrfmiddlewaretoken": token, **ALL_CLEAR})
        assert verdict.status_code == 200 and b'data-disposition="self-care"' in verdict.content
    assert len(secrets) == 3


def test_a_visitor_with_a_cookie_keeps_it_and_gets_a_token_for_it(site_content):
    client = Client(enforce_csrf_checks=True)
    first = client.get(URL)
    cookie = first.cookies["csrftoken"].value
    again = client.get(URL)
    token = TOKEN.search(again.content.decode()).group(1)
    assert _unmask_cipher_token(token) == cookie
    assert "no-store" in again["Cache-Control"]


def test_an_editors_change_shows_on_the_blank_page_at_once(client, site_content):
    assert "Do you have a fever" in client.get(URL).content.decode()
    QuestionText.objects.filter(code="fever").update(text="Is your temperature high?")
    from backspasm_site.page_cache import versions

    versions.everything_changed()  # .update() sends no signal: as page_cache/signals.py says, code that uses it bumps
    page = client.get(URL).content.decode()
    assert "Is your temperature high?" in page and "Do you have a fever" not in page
    advice = Advice.objects.get(disposition="emergency")
    advice.title = "Phone for an ambulance"
    advice.save()  # a save bumps the version itself
    assert "Phone for an ambulance" in client.get(URL).content.decode()


def test_a_page_for_everyone_that_takes_a_real_token_is_refused(site_content):
    """Should anything in a kept page ever take a real token (a form added without the stand-in), that token
    would be served to every visitor: rendering it for everyone refuses."""
    with pytest.raises(RuntimeError, match="asked for a real CSRF token"):
        render_for_everyone(
            '{% extends "symptom_checker/form.html" %}', form_context(CheckerForm(None, steps=(1,)))
        )
