"""Email each clinical reviewer what needs them: run weekly (cron, or a container scheduler; README).
What goes in it: editorial/digest.py (with the week's failed searches and "not helpful" pages: insight)."""

from django.core.management.base import BaseCommand

from backspasm_site.articles.models import REVIEW_SOON_DAYS
from backspasm_site.editorial import digest


class Command(BaseCommand):
    help = "Email each clinical reviewer the pages overdue or due soon for review and the changes waiting."

    def handle(self, *args, **options):
        found = digest.gather()
        if found.is_empty():
            self.stdout.write("Nothing overdue, due soon or waiting for review: no digest sent.")
            return
        sent = digest.send_review_digest(found)
        counts = (
            f"{len(found.overdue)} overdue, {len(found.soon)} due in the next {REVIEW_SOON_DAYS} days, "
            f"{len(found.waiting)} waiting for review"
        )
        if found.failed_searches or found.not_helpful:
            counts += (
                f"; {len(found.failed_searches)} searches that found nothing, "
                f"{len(found.not_helpful)} pages marked not helpful"
            )
        self.stdout.write(f"Sent the review digest to {sent} clinical reviewer(s): {counts}.")
