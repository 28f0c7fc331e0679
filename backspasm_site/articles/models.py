import datetime

from django.db import models
from django.urls import reverse
from django.utils import timezone
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from backspasm_site.core.markdown import plain_text, render_body

from . import readability

# An Easy Read version of a page has the page's slug and this ending, and the two list each other as related
# pages: the link between them then comes and goes with what each page shows (page_cache/edge.py).
EASY_READ_SUFFIX = "-easy-read"

# "Soon" on the review list: enough notice to book a clinician's time.
REVIEW_SOON_DAYS = 60


def a_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + datetime.timedelta(days=365)


# Derived or bookkeeping fields: recomputed on save, so history keeps only what an editor wrote.
HISTORY_EXCLUDED = ["body_html", "reading_grade", "seed_fingerprint", "updated_at"]

# The order pages are listed in, everywhere; the id last, so pages of a long list never swap rows.
LIST_ORDER = ["order", "title", "pk"]


class Topic(models.TextChoices):
    UNDERSTANDING = "understanding", "Understanding back spasms"
    TREATMENT = "treatment", "Treatment"
    LIVING_WITH = "living-with", "Recovery, prevention and long-term pain"
    GETTING_HELP = "getting-help", "Getting help"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft (only editors can see it)"
    PUBLISHED = "published", "Published (everyone can see it)"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one way public pages get articles: drafts never leak."""
        return self.filter(status=Status.PUBLISHED)

    def review_overdue(self, today):
        return self.filter(next_review_due__lt=today)

    def review_due_soon(self, today):
        """Not overdue yet, but due within REVIEW_SOON_DAYS."""
        return self.filter(next_review_due__range=(today, today + datetime.timedelta(days=REVIEW_SOON_DAYS)))


class Article(models.Model):
    title = models.CharField(max_length=120, help_text="The page heading. Ask a question or name the topic.")
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text=(
            "The last part of the web address, e.g. 'symptoms'. Changing it moves the page: the old address "
            "then leads to the new one (Moved pages)."
        ),
    )
    summary = models.CharField(
        max_length=200,
        help_text="One plain sentence that says what the page is about. Shown in lists and search results.",
    )
    topic = models.CharField(
        max_length=20, choices=Topic.choices, help_text="The group this page is listed under."
    )
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Pages are listed from the smallest number to the largest."
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=(
            "Drafts are hidden from the public. A clinical reviewer publishes or unpublishes a page with "
            "the buttons under the form, after checking it."
        ),
    )
    body = MarkdownxField(
        help_text="The page text in markdown. Start sections with '## '. Short sentences, everyday words."
    )
    body_html = models.TextField(editable=False, default="")
    # Worked out from the text on every save, so the admin list never runs textstat per row.
    reading_grade = models.FloatField(
        editable=False, default=0.0, help_text="Flesch-Kincaid grade of the page text, worked out on save."
    )
    sources = models.TextField(
        blank=True,
        help_text="Where the medical statements come from, one source per line.",
    )
    related = models.ManyToManyField(
        "self", symmetrical=False, blank=True, help_text="Other pages to suggest at the end of this one."
    )
    # Set only by a clinical reviewer's sign-off ("Mark reviewed"): a page no clinician has checked says so.
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text=(
            "The date a clinician last checked this page. Set by “Mark reviewed” only, empty until then."
        ),
    )
    next_review_due = models.DateField(
        blank=True,
        help_text=(
            "When the page must be checked again. Left empty, it is a year after review, "
            "or today if the page was never reviewed."
        ),
    )
    # Set by a clinical reviewer ("Take down at", editorial/services.schedule_take_down); `manage.py
    # publish_due` unpublishes the page then, and clears it.
    take_down_at = models.DateTimeField(
        "take down at",
        null=True,
        blank=True,
        help_text="When the page comes down (back to a draft, hidden from the public). Empty: it stays up.",
    )
    # What load_content last wrote, to tell an editor's change from an unchanged seed.
    seed_fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What the lists show of it and order it by: a save that changes one of these changes the lists (the
    # page caches then forget them: page_cache/edge.py); any other field, only the pages that show it.
    LISTED_BY = ("status", "topic", "order", "title", "slug", "summary")

    objects = ArticleQuerySet.as_manager()
    # Every save and delete (admin, load_content, restores) is kept with who, when and what.
    history = HistoricalRecords(excluded_fields=HISTORY_EXCLUDED, m2m_fields=["related"])

    class Meta:
        ordering = ["order", "title"]
        # What the public lists and the admin list filter and sort by (articles/listing.py, admin.py).
        indexes = [
            models.Index(fields=["status", "topic", "order", "title"], name="article_listed"),
            models.Index(fields=["topic", "order", "title"], name="article_by_topic"),
            models.Index(fields=["order", "title"], name="article_ordered"),
            models.Index(fields=["next_review_due"], name="article_review_due"),
        ]
        permissions = [
            ("publish_article", "Can publish and unpublish articles"),
            ("review_article", "Can mark articles as clinically reviewed"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        render_body(self)
        self.reading_grade = readability.flesch_kincaid_grade(self.body_text())
        if not self.next_review_due:
            # Never reviewed: due now, so it heads the reviewers' list.
            self.next_review_due = (
                a_year_after(self.last_reviewed) if self.last_reviewed else timezone.localdate()
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def get_topic_url(self):
        return reverse("articles:topic", kwargs={"topic": self.topic})

    @property
    def is_easy_read(self) -> bool:
        return self.slug.endswith(EASY_READ_SUFFIX)

    @property
    def prints_as_plan(self) -> bool:
        """An illustrated standard page prints as a one-page plan: small type in columns (site.css)."""
        return not self.is_easy_read and "<img" in self.body_html

    def other_version_slug(self) -> str:
        """The slug of the Easy Read version of this page, or of the standard page if this is Easy Read."""
        return self.slug.removesuffix(EASY_READ_SUFFIX) if self.is_easy_read else self.slug + EASY_READ_SUFFIX

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def source_list(self) -> list[str]:
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    def mark_reviewed(self, today=None) -> None:
        """A clinician checked the page today: the next check is due a year later."""
        self.last_reviewed = today or timezone.localdate()
        self.next_review_due = a_year_after(self.last_reviewed)

    def body_text(self) -> str:
        return plain_text(self.body_html)

    def content_fields(self) -> dict:
        """The fields that come from content/ files, in a stable form for fingerprints and export."""
        return {
            "title": self.title,
            "slug": self.slug,
            "summary": self.summary,
            "topic": self.topic,
            "order": self.order,
            "status": self.status,
            "last_reviewed": self.last_reviewed,
            "next_review_due": self.next_review_due,
            "sources": self.source_list,
            "related": sorted(self.related.values_list("slug", flat=True)) if self.pk else [],
            "body": self.body,
        }
