"""Old addresses that lead somewhere else (moves.py keeps them), and links in article bodies that point
nowhere (links.py finds them). Neither is content the page caches keep: redirects are never cached
(middleware.py), and the link list is for editors only."""

from django.db import models

from backspasm_site.articles.models import Article


class Reason(models.TextChoices):
    RENAMED = "renamed", "The page's address changed"
    REMOVED = "removed", "The page was deleted"
    UNPUBLISHED = "unpublished", "The page was unpublished"
    BY_HAND = "by-hand", "Added by an editor"


class MovedPage(models.Model):
    old_path = models.CharField(
        "old address",
        max_length=200,
        unique=True,
        help_text="The address that no longer has a page, e.g. /articles/old-name/.",
    )
    new_path = models.CharField(
        "new address",
        max_length=200,
        help_text="Where visitors go instead: another page of this site, e.g. /articles/new-name/ or /.",
    )
    reason = models.CharField("why", max_length=12, choices=Reason.choices, default=Reason.BY_HAND)
    note = models.CharField(max_length=200, blank=True, help_text="Anything editors should know about it.")
    # The article that used to be at the old address: if it is published again, its old addresses lead
    # to it again (moves.page_is_live).
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField("since", auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = "moved page"
        verbose_name_plural = "moved pages"
        indexes = [models.Index(fields=["new_path"], name="moved_page_new_path")]

    def __str__(self):
        return f"{self.old_path} → {self.new_path}"


class Problem(models.TextChoices):
    NOWHERE = "nowhere", "Points nowhere"
    REDIRECT = "redirect", "Goes through a redirect"


class BrokenLink(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    text = models.CharField("link text", max_length=300)
    target = models.CharField("links to", max_length=500)
    problem = models.CharField(max_length=10, choices=Problem.choices)
    detail = models.CharField("what to do", max_length=300)
    # Found in the change waiting for review, not in the saved page.
    in_pending_change = models.BooleanField("in a change waiting for review", default=False)
    checked_at = models.DateTimeField("checked", auto_now=True)

    class Meta:
        ordering = ["problem", "article__title", "pk"]
        verbose_name = "link that points nowhere"
        verbose_name_plural = "links that point nowhere"

    def __str__(self):
        return f"{self.article}: {self.text} → {self.target}"
