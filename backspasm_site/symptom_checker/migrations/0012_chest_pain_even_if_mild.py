"""The chest pain line asks about pain that is mild or feels like indigestion too (the NHS: a heart attack's pain
can be "minor ..., similar to indigestion"), on a running site too (symptom_checker/wording.py,
MILD_CHEST_PAIN)."""

from django.db import migrations

from backspasm_site.symptom_checker.wording import MILD_CHEST_PAIN, reword_to_the_table


def reword(apps, schema_editor):
    reword_to_the_table(apps.get_model("symptom_checker", "QuestionText"), codes=MILD_CHEST_PAIN)


class Migration(migrations.Migration):
    dependencies = [
        ("symptom_checker", "0011_new_signs_and_signs_as_people_tell_them"),
    ]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
