"""The rule sheet for clinicians (docs/checker-rules.md and admin) is made from the rule table and says what
each rule does, in the questions' current words."""

from pathlib import Path

import pytest
from django.core.management import call_command

from backspasm_site.symptom_checker.models import QuestionText
from backspasm_site.symptom_checker.red_flags import RULES
from backspasm_site.symptom_checker.rule_sheet import markdown, rows

pytestmark = pytest.mark.django_db
DOCS = Path(__file__).resolve().parents[3] / "docs" / "checker-rules.md"


def test_the_rule_sheet_in_docs_is_the_one_the_table_gives(site_content):
    # After a change to the rules or the seed wording: `manage.py checker_rules` (make rules).
    assert DOCS.read_text() == markdown(dict(QuestionText.objects.values_list("code", "text")))
    call_command("checker_rules", "--check")


def test_every_rule_is_on_the_sheet_with_its_level_and_source(site_content):
    sheet = {row.rule: row for row in rows()}
    assert set(sheet) == {rule.code for rule in RULES}
    assert (
        sheet["chest_pain"].level.startswith("Emergency") and "NHS: Back pain" in sheet["chest_pain"].source
    )
    assert sheet["cancer"].when == (
        "Does any of this apply to you? → “You have had cancer, even if it was years ago”: ticked",
    )
    assert (
        sheet["minor_fall_weak_bones"].when[1].endswith("“Yes”")
        and len(sheet["minor_fall_weak_bones"].when) == 2
    )
    assert sheet["unsure_fever"].level.startswith("Urgent")


def test_clinical_reviewers_see_the_sheet_in_admin_with_the_wording_of_now(client, site_content, reviewer):
    client.force_login(reviewer)
    chest = QuestionText.objects.get(code="chest_pain")
    chest.text = "Does your chest hurt?"
    chest.save()
    html = client.get("/admin/symptom_checker/questiontext/rules/").content.decode()
    start = html.index('id="checker-rules"')
    table = html[start : html.index("</table>", start)]
    assert "→ “Does your chest hurt?”: ticked" in table and table.count("<tr>") == len(RULES) + 1
    assert (
        "/admin/symptom_checker/questiontext/rules/"
        in client.get("/admin/symptom_checker/questiontext/").content.decode()
    )
    client.logout()
    assert client.get("/admin/symptom_checker/questiontext/rules/").status_code == 302  # sign in first
