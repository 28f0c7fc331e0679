"""Editors may now change live pages (as pending changes) and clinical reviewers publish those changes:
the groups are brought in line with backspasm_site/editorial/roles.py."""

from django.db import migrations


def bring_groups_in_line(apps, schema_editor):
    from backspasm_site.editorial.roles import bring_groups_in_line

    bring_groups_in_line(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("articles", "0005_last_reviewed_only_by_sign_off"),
        ("core", "0002_historicalsitetext"),
        ("symptom_checker", "0005_emergency_questions_mean_more"),
        ("feedback", "0002_editor_roles_read_feedback"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    # Going back leaves the groups as they are: the earlier migrations' lists are a subset's shape only.
    operations = [migrations.RunPython(bring_groups_in_line, migrations.RunPython.noop)]
