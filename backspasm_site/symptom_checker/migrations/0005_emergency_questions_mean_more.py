"""The widened emergency questions get the wording their rules need (symptom_checker/wording.py). An editor
can reword them again in admin; the change is recorded there."""

from django.db import migrations

from backspasm_site.symptom_checker.wording import reword_to_the_table


def reword(apps, schema_editor):
    reword_to_the_table(apps.get_model("symptom_checker", "QuestionText"))


class Migration(migrations.Migration):
    dependencies = [("symptom_checker", "0004_leg_weakness")]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
