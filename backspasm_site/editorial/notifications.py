"""Email about changes to live pages: to the clinical reviewers when one waits, to its writers when it is sent
back or published.

services/ calls these, inside the action's transaction; each queues its mail with `on_commit`, so an action
that is rolled back sends nothing and each action sends once. A mail names the page, who did what, the reason
or comment, and the change's address in admin: never the page's text, and nothing any reader typed.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .roles import CLINICAL_REVIEWER


def absolute(path: str) -> str:
    """The address of a site path, from SITE_URL: never from the Host header of whoever made the request."""
    return settings.SITE_URL + path


def change_address(change) -> str:
    return absolute(reverse("admin:editorial_pendingchange_change", args=[change.pk]))


def addresses(users) -> list[str]:
    return sorted(set(users.filter(is_active=True).exclude(email="").values_list("email", flat=True)))


def reviewers():
    return get_user_model().objects.filter(groups__name=CLINICAL_REVIEWER)


def send_each(recipients: list[str], subject: str, template: str, context: dict) -> int:
    """One message per address (no one sees who else was told); returns how many were sent."""
    if not recipients:
        return 0
    body = render_to_string(f"editorial/email/{template}", {"site_name": settings.SITE_NAME, **context})
    subject = " ".join(f"[{settings.SITE_NAME}] {subject}".split())  # a line break in a title stops a mail
    messages = [EmailMessage(subject, body, to=[to]) for to in recipients]
    return get_connection().send_messages(messages) or 0


def _pk(user):
    return getattr(user, "pk", None)  # None: a scheduled publish whose reviewer's account was removed


def _reviewers_but(writer_ids: set[int], by):
    return reviewers().exclude(pk__in={*writer_ids, _pk(by)})


def _writers_but(writer_ids: set[int], by):
    return get_user_model().objects.filter(pk__in=writer_ids - {_pk(by)})


def _mail_after_commit(users, subject: str, template: str, change, by, *, later=dict, **context) -> None:
    """Mail `users` (a queryset, read when the mail is sent) about `change` once the action commits;
    `later()` adds what is read only then (anything it reads or raises stays out of the action)."""

    def send():
        context.update(change=change, by=by, address=change_address(change), **later())
        send_each(addresses(users), f"{subject}: {change.mail_name}", template, context)

    # robust: the action is saved whatever the mail server does; a failure is logged, not shown as an error.
    transaction.on_commit(send, robust=True)


def change_submitted(change, by, writer_ids: set[int]) -> None:
    """To every clinical reviewer with an address, except whoever wrote or submitted the change."""
    _mail_after_commit(_reviewers_but(writer_ids, by), "Waiting for review", "submitted.txt", change, by)


def change_sent_back(change, by, comment: str, writer_ids: set[int]) -> None:
    """To the change's writers, with the reviewer's comment."""
    users = _writers_but(writer_ids, by)
    _mail_after_commit(users, "Sent back", "sent_back.txt", change, by, comment=comment)


def change_closed(change, by, comment: str, writer_ids: set[int]) -> None:
    """To the change's writers: the page was taken down before their change went live."""
    users = _writers_but(writer_ids, by)
    _mail_after_commit(users, "Not published", "closed.txt", change, by, comment=comment)


def change_published(change, by, writer_ids: set[int]) -> None:
    """To the change's writers: their words are live."""

    def page() -> dict:  # the live page's address, read once the publish has committed
        target = change.target
        address = absolute(target.get_absolute_url()) if hasattr(target, "get_absolute_url") else ""
        return {"page_address": address}

    users = _writers_but(writer_ids, by)
    _mail_after_commit(users, "Published", "published.txt", change, by, later=page)


def change_scheduled(change, by, writer_ids: set[int], goes_live: str) -> None:
    """To the change's writers: it is approved and goes live at the time the reviewer chose."""
    users = _writers_but(writer_ids, by)
    _mail_after_commit(users, f"Goes live on {goes_live}", "scheduled.txt", change, by, goes_live=goes_live)


def change_reopened(change, by, writer_ids: set[int]) -> None:
    """To the clinical reviewers: a new page they may be reading changed, and waits to be submitted again."""
    _mail_after_commit(_reviewers_but(writer_ids, by), "Back to draft", "reopened.txt", change, by)
