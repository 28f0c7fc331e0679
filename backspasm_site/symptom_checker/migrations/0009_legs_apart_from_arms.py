"""A leg or foot that has become weak, numb or tingly is asked on step 2 (get help today: Gateshead Health NHS
FT, NICE CKS), and step 3's line asks about an arm or a hand (see a doctor: the main source). An older wording
kept as edited in admin would ask a leg at the lower level (symptom_checker/wording.py)."""

from django.db import migrations

from backspasm_site.symptom_checker.wording import LEGS_APART_FROM_ARMS, reword_to_the_table


def reword(apps, schema_editor):
    reword_to_the_table(apps.get_model("symptom_checker", "QuestionText"), codes=LEGS_APART_FROM_ARMS)


class Migration(migrations.Migration):
    dependencies = [("symptom_checker", "0008_pregnancy_bleeding")]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
