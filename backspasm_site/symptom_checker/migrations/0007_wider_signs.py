"""A content review (7 December 2026): pain in both legs, pale skin, steroid tablets taken now and not feeling
when you need to poo are asked, as the rules and their sources say, and a suddenly cold leg is asked among
the emergencies (symptom_checker/wording.py); an older wording kept as edited in admin would under-ask."""

from django.db import migrations

from backspasm_site.symptom_checker.wording import reword_widened_emergency_questions

WIDENED = ("both_legs", "skin_colour", "weak_bones", "cold_leg", "passing_urine")


def reword(apps, schema_editor):
    reword_widened_emergency_questions(apps.get_model("symptom_checker", "QuestionText"), codes=WIDENED)


class Migration(migrations.Migration):
    dependencies = [("symptom_checker", "0006_checklists")]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
