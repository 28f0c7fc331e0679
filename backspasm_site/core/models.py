from django.db import models
from markdownx.models import MarkdownxField
from simple_history.models import HistoricalRecords

from .markdown import render_body


class SiteText(models.Model):
    """A short piece of editable wording used across the site (home page intro, disclaimer, ...)."""

    key = models.SlugField(
        unique=True,
        help_text="Where the site uses this text. Set by developers; do not change it.",
    )
    title = models.CharField(max_length=200, help_text="A heading shown with the text, if the page uses one.")
    body = MarkdownxField(help_text="The wording, in markdown. Keep it short and plain.")
    body_html = models.TextField(editable=False, default="")
    seed_fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["body_html", "seed_fingerprint", "updated_at"])

    class Meta:
        ordering = ["key"]
        verbose_name = "site text"

    def __str__(self):
        return self.title or self.key

    def save(self, *args, **kwargs):
        render_body(self)
        super().save(*args, **kwargs)

    def content_fields(self) -> dict:
        return {"key": self.key, "title": self.title, "body": self.body}
