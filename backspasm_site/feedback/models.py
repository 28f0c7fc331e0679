"""Anonymous answers to "Was this page helpful?". Nothing here can identify a reader: no address, no
cookie id, no time of day; a comment has contact details removed before it is saved (scrub.py)."""

from django.db import models
from django.utils import timezone

from backspasm_site.articles.models import Article

from .scrub import MAX_COMMENT_LENGTH


class Feedback(models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="feedback",
        help_text="The page the reader gave feedback on.",
    )
    helpful = models.BooleanField(help_text="Ticked if the reader said the page was helpful (Yes).")
    comment = models.TextField(
        max_length=MAX_COMMENT_LENGTH,
        blank=True,
        help_text="What the reader wrote after answering No, if anything. Email addresses and phone "
        "numbers were taken out before it was saved.",
    )
    created_on = models.DateField(
        default=timezone.localdate, help_text="The day the feedback was given. No time is kept."
    )

    class Meta:
        ordering = ["-created_on", "-id"]
        verbose_name = "feedback"
        verbose_name_plural = "feedback"

    def __str__(self):
        return f"{'Yes' if self.helpful else 'No'} on {self.article} ({self.created_on:%d %b %Y})"


class ArticleFeedback(Article):
    """Articles seen through their feedback: the per-page totals list in admin."""

    class Meta:
        proxy = True
        verbose_name = "feedback total per page"
        verbose_name_plural = "feedback totals per page"
