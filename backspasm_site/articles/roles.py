"""The two editor roles. The data migration 0003_editor_roles creates the groups with these permissions.

An Editor writes and previews drafts. A Clinical reviewer also publishes, marks pages reviewed, and
changes the wording that is live at once (site text, checker questions and advice). Changing a
published article is publishing, so editors see published articles read-only.
"""

EDITOR = "Editor"
CLINICAL_REVIEWER = "Clinical reviewer"

EDITOR_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "core.view_sitetext",
    "symptom_checker.view_questiontext",
    "symptom_checker.view_advice",
    "feedback.view_feedback",  # readers' feedback and the totals per page (feedback/0002)
]
CLINICAL_REVIEWER_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    "articles.delete_article",
    "articles.publish_article",
    "articles.review_article",
    "core.change_sitetext",
    "symptom_checker.change_questiontext",
    "symptom_checker.change_advice",
    "feedback.delete_feedback",  # to remove an abusive comment (feedback/0002)
]

PUBLISH = "articles.publish_article"
REVIEW = "articles.review_article"
