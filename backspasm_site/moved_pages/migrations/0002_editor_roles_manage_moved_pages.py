"""Editors and clinical reviewers manage moved pages and see the links that point nowhere: the groups are
brought in line with backspasm_site/editorial/roles.py, which lists those permissions."""

from django.db import migrations


def bring_groups_in_line(apps, schema_editor):
    from backspasm_site.editorial.roles import bring_groups_in_line

    bring_groups_in_line(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("moved_pages", "0001_initial"),
        ("editorial", "0002_bring_groups_in_line"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(bring_groups_in_line, migrations.RunPython.noop)]
