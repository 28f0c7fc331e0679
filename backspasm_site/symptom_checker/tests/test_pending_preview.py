"""Staff preview the checker with the changes waiting for review (symptom_checker/pending_preview.py); the
live checker and the public never see them (issue 17)."""

import re

import pytest
from django.test import Client

from backspasm_site.editorial import services
from backspasm_site.symptom_checker.forms import asking_order
from backspasm_site.symptom_checker.models import Advice, QuestionText
from tests.checker_steps import answer_checker, ticking
from tests.public_pages import visible_text

pytestmark = pytest.mark.django_db
PREVIEW = "/symptom-checker/preview-changes/"
NEW_FEVER = "Do you feel hot and shivery, with a fever?"
NEW_EMERGENCY_TITLE = "Get help now: call the emergency number"


@pytest.fixture
def waiting_changes(site_content, editor):
    fever = QuestionText.objects.get(code="fever")
    services.save_change(
        obj=fever, values={"text": NEW_FEVER}, user=editor, reason="Plainer words", submit=True
    )
    emergency = Advice.objects.get(disposition="emergency")
    services.save_change(
        obj=emergency, values={"title": NEW_EMERGENCY_TITLE}, user=editor, reason="Clearer", submit=True
    )
    return fever, emergency


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_staff_see_the_waiting_wording_of_the_questions_and_the_public_checker_keeps_the_live_one(
    waiting_changes, editor
):
    fever, _ = waiting_changes
    response = signed_in(editor).get(PREVIEW)
    text = visible_text(response.content.decode())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Preview of the checker with the changes waiting for review" in text
    assert NEW_FEVER in text and fever.text not in text

    live = visible_text(Client().get("/symptom-checker/").content.decode())
    assert fever.text in live and NEW_FEVER not in live and "Preview of the checker" not in live


def test_staff_see_each_result_with_its_waiting_advice_and_the_live_verdict_keeps_the_live_advice(
    waiting_changes, editor
):
    _, emergency = waiting_changes
    live_title = emergency.title.replace("{{ emergency_number }}", "999")
    shown = visible_text(signed_in(editor).get(PREVIEW + "?result=emergency").content.decode())
    assert NEW_EMERGENCY_TITLE in shown and live_title not in shown

    verdict = visible_text(answer_checker(Client(), ticking("fever")).content.decode())
    assert live_title in verdict and NEW_EMERGENCY_TITLE not in verdict


@pytest.mark.parametrize(("step", "asks"), [("2", "pain_signs"), ("3", "severity")])
def test_the_other_steps_are_previewed_too(waiting_changes, editor, step, asks):
    html = signed_in(editor).get(PREVIEW + f"?step={step}").content.decode()
    assert f"Step {step} of 3" in visible_text(html)
    assert f'name="{asks}"' in html and 'name="emergency_signs"' not in html


@pytest.mark.parametrize("who", ["anonymous", "not staff"])
def test_no_one_but_staff_finds_the_preview(waiting_changes, who, django_user_model):
    client = Client()
    if who == "not staff":
        client.force_login(django_user_model.objects.create_user("reader", password="correct horse battery"))
    assert client.get(PREVIEW).status_code == 404
    assert client.get(PREVIEW + "?result=emergency").status_code == 404


def test_an_unknown_result_is_a_404_not_a_500(waiting_changes, editor):
    assert signed_in(editor).get(PREVIEW + "?result=<script>").status_code == 404


def test_admin_lists_the_questions_in_the_order_the_checker_asks_them(site_content, admin_client):
    html = admin_client.get("/admin/symptom_checker/questiontext/").content.decode()
    listed = re.findall(r'<td class="field-code">([a-z_]+)</td>', html)
    assert listed == [code for code in asking_order() if code in listed]
    assert listed[:2] == ["emergency_signs", "bladder_bowel"]  # the emergency list, then its first sign
    assert "Step 1, 1" in html


def test_view_on_site_of_a_question_and_of_advice_opens_the_preview(waiting_changes, admin_client):
    fever, emergency = waiting_changes
    question_page = admin_client.get(f"/admin/symptom_checker/questiontext/{fever.pk}/change/")
    advice_page = admin_client.get(f"/admin/symptom_checker/advice/{emergency.pk}/change/")
    assert question_page.status_code == advice_page.status_code == 200
    assert f'href="{PREVIEW}?step=1"' in question_page.content.decode()  # "View on site"
    assert f'href="{PREVIEW}?result=emergency"' in advice_page.content.decode()
