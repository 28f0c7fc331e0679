"""Editors and clinical reviewers see the insight page: the groups are brought in line with
backspasm_site/editorial/roles.py, which lists that permission."""

from django.db import migrations


def bring_groups_in_line(apps, schema_editor):
    from backspasm_site.editorial.roles import bring_groups_in_line

    bring_groups_in_line(apps)


class Migration(migrations.Migration):
    # Every app whose permissions the groups hold, at its latest: the groups get exactly the listed ones.
    dependencies = [
        ("insight", "0001_initial"),
        ("articles", "0007_slug_help_text_moved_pages"),
        ("core", "0002_historicalsitetext"),
        ("symptom_checker", "0006_checklists"),
        ("feedback", "0002_editor_roles_read_feedback"),
        ("editorial", "0003_scheduled_publishing"),
        ("moved_pages", "0002_editor_roles_manage_moved_pages"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(bring_groups_in_line, migrations.RunPython.noop)]
