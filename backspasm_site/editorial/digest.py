"""The clinical reviewers' weekly digest (`manage.py send_review_digest`): published pages overdue for review
and due soon, by the same queryset methods and window as the admin home page (Article.objects.review_overdue,
review_due_soon, REVIEW_SOON_DAYS), and the changes waiting for review, oldest first."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from backspasm_site.articles.models import REVIEW_SOON_DAYS, Article

from . import notifications, services


@dataclass
class Digest:
    overdue: list[Article]
    soon: list[Article]
    waiting: list  # PendingChange, oldest first

    def is_empty(self) -> bool:
        return not (self.overdue or self.soon or self.waiting)


def gather(today=None) -> Digest:
    today = today or timezone.localdate()
    published = Article.objects.published().order_by("next_review_due", "pk")
    for_review = services.waiting_for_review().order_by("submitted_at", "pk")
    return Digest(
        list(published.review_overdue(today)), list(published.review_due_soon(today)), list(for_review)
    )


def _with_address(articles):
    return [
        (article, notifications.absolute(reverse("admin:articles_article_change", args=[article.pk])))
        for article in articles
    ]


def _waited(change) -> str:
    # timesince joins its words with no-break spaces, for web pages: plain spaces in plain text.
    return timesince(change.submitted_at).replace("\xa0", " ")


def send_review_digest(digest: Digest) -> int:
    """One mail to each clinical reviewer with an address; how many were sent (none for an empty digest)."""
    if digest.is_empty():
        return 0
    context = {
        "overdue": _with_address(digest.overdue),
        "soon": _with_address(digest.soon),
        "waiting": [(c, notifications.change_address(c), _waited(c)) for c in digest.waiting],
        "days": REVIEW_SOON_DAYS,
        "home": notifications.absolute(reverse("admin:index")),
    }
    to = notifications.addresses(notifications.reviewers())
    return notifications.send_each(to, "Pages and changes for clinical review", "digest.txt", context)
