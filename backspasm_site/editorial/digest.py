"""The clinical reviewers' weekly digest (`manage.py send_review_digest`): published pages overdue for review
and due soon, by the same queryset methods and window as the admin home page (Article.objects.review_overdue,
review_due_soon, REVIEW_SOON_DAYS), the changes waiting for review, oldest first, and from the last
DIGEST_DAYS the searches that found nothing and the pages most often marked "not helpful" (insight/report.py,
as the insight page shows them: a search's words only once 3 searches asked them)."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from backspasm_site.articles.models import REVIEW_SOON_DAYS, Article
from backspasm_site.insight import report

from . import notifications, services


@dataclass
class Digest:
    overdue: list[Article]
    soon: list[Article]
    waiting: list  # PendingChange, oldest first
    failed_searches: list = field(default_factory=list)  # insight.report.SearchRow, most often failed first
    not_helpful: list = field(default_factory=list)  # (Article, how many "not helpful"), most first

    def is_empty(self) -> bool:
        return not (self.overdue or self.soon or self.waiting or self.failed_searches or self.not_helpful)


DIGEST_DAYS = 7
DIGEST_ROWS = 5


def gather() -> Digest:
    today = timezone.localdate()
    published = Article.objects.published().order_by("next_review_due", "pk")
    for_review = services.waiting_for_review().order_by("submitted_at", "pk")
    week = today - datetime.timedelta(days=DIGEST_DAYS - 1)
    return Digest(
        list(published.review_overdue(today)),
        list(published.review_due_soon(today)),
        list(for_review),
        failed_searches=report.searches(week, failed_only=True, limit=DIGEST_ROWS),
        not_helpful=report.most_not_helpful(week, limit=DIGEST_ROWS),
    )


def _admin_address(article) -> str:
    return notifications.absolute(reverse("admin:articles_article_change", args=[article.pk]))


def _waited(change) -> str:
    # timesince joins its words with no-break spaces, for web pages: plain spaces in plain text.
    return timesince(change.submitted_at).replace("\xa0", " ")


def send_review_digest(digest: Digest) -> int:
    """One mail to each clinical reviewer with an address; how many were sent (none for an empty digest)."""
    if digest.is_empty():
        return 0
    context = {
        "overdue": [(a, _admin_address(a)) for a in digest.overdue],
        "soon": [(a, _admin_address(a)) for a in digest.soon],
        "waiting": [(c, notifications.change_address(c), _waited(c)) for c in digest.waiting],
        "days": REVIEW_SOON_DAYS,
        "failed_searches": digest.failed_searches,
        "not_helpful": [(a, _admin_address(a), n) for a, n in digest.not_helpful],
        "digest_days": DIGEST_DAYS,
        "insight": notifications.absolute(reverse("admin:insight_dailycount_changelist")),
        "home": notifications.absolute(reverse("admin:index")),
    }
    to = notifications.addresses(notifications.reviewers())
    return notifications.send_each(to, "Pages and changes for clinical review", "digest.txt", context)
