"""The two editor roles, listed once, and the one function that makes the groups hold exactly these.

An Editor writes drafts and changes to live pages (articles, site text, checker questions and advice);
a change to a live page waits as a pending change (services/) until a Clinical reviewer publishes it.
A Clinical reviewer also publishes drafts, sends changes back, marks pages reviewed and deletes articles.
Nobody changes a live page directly in admin.

After changing these lists, add a migration that calls `bring_groups_in_line` (as
editorial/migrations/0002_bring_groups_in_line does), so every database follows.
"""

from django.apps import apps as installed_apps
from django.contrib.auth.management import create_permissions

EDITOR = "Editor"
CLINICAL_REVIEWER = "Clinical reviewer"

PUBLISH = "articles.publish_article"
REVIEW = "articles.review_article"
APPROVE = "editorial.approve_pendingchange"

EDITOR_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "core.change_sitetext",  # as a pending change
    "core.view_sitetext",
    "symptom_checker.change_questiontext",  # as a pending change
    "symptom_checker.view_questiontext",
    "symptom_checker.change_advice",  # as a pending change
    "symptom_checker.view_advice",
    "editorial.view_pendingchange",
    "feedback.view_feedback",  # readers' feedback and the totals per page
    # Where old addresses lead, and the links that point nowhere (moved_pages; its migration 0002).
    "moved_pages.add_movedpage",
    "moved_pages.change_movedpage",
    "moved_pages.delete_movedpage",
    "moved_pages.view_movedpage",
    "moved_pages.view_brokenlink",
    # The insight page: views, feedback rate, failed searches, the checker's funnel (insight; its 0002).
    "insight.view_dailycount",
]
CLINICAL_REVIEWER_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    "articles.delete_article",
    PUBLISH,
    REVIEW,
    APPROVE,
    "feedback.delete_feedback",  # to remove an abusive comment
]

GROUPS = {EDITOR: EDITOR_PERMISSIONS, CLINICAL_REVIEWER: CLINICAL_REVIEWER_PERMISSIONS}


def bring_groups_in_line(apps=installed_apps) -> None:
    """Make each group (creating it if needed) hold exactly its listed permissions. Safe to run again.

    `apps` is a migration's historical apps, or the installed ones (tests, after a flush).
    """
    for app_config in apps.get_app_configs():
        # Permissions are normally made after all migrations ran; a migration needs them now.
        had_models = getattr(app_config, "models_module", None)
        app_config.models_module = had_models or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had_models
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")  # "moved_pages.add_movedpage": the model is "movedpage"
            try:
                apps.get_model(app_label, codename.split("_", 1)[1])
            except LookupError:
                continue  # an app migrated after the calling migration: its own migration calls this again
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
