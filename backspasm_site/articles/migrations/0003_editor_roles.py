"""Create the "Editor" and "Clinical reviewer" groups (see backspasm_site/editorial/roles.py (now))."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# A frozen copy: a migration must keep meaning the same thing when roles.py changes later.
ROLES = {
    "Editor": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "core.view_sitetext",
        "symptom_checker.view_questiontext",
        "symptom_checker.view_advice",
    ],
    "Clinical reviewer": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "core.view_sitetext",
        "symptom_checker.view_questiontext",
        "symptom_checker.view_advice",
        "articles.delete_article",
        "articles.publish_article",
        "articles.review_article",
        "core.change_sitetext",
        "symptom_checker.change_questiontext",
        "symptom_checker.change_advice",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now so the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    create_groups(apps)


def create_groups(apps):
    """Safe to run again (tests do, after a flush has emptied the tables)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_history_and_publish_permissions"),
        ("core", "0002_historicalsitetext"),
        ("symptom_checker", "0002_history"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
