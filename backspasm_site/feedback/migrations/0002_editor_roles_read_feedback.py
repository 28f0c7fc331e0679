"""Editors and clinical reviewers read feedback; reviewers may delete an abusive comment.

The groups come from articles/0003_editor_roles; backspasm_site/editorial/roles.py (now) lists the same
permissions.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# A frozen copy, as in articles/0003_editor_roles.
GRANTS = {
    "Editor": ["view_feedback"],
    "Clinical reviewer": ["view_feedback", "delete_feedback"],
}


def add_permissions(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make this app's now so groups can hold them.
    app_config = apps.get_app_config("feedback")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    grant(apps)


def grant(apps):
    """Safe to run again (the editor_roles test fixture does, after a flush has emptied the tables)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for codename in codenames:
            group.permissions.add(
                Permission.objects.get(content_type__app_label="feedback", codename=codename)
            )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(
        content_type__app_label="feedback", codename__in=GRANTS["Clinical reviewer"]
    )
    for group in Group.objects.filter(name__in=GRANTS):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("articles", "0003_editor_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
