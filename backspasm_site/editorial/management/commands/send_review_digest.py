"""Email each clinical reviewer what needs them: run weekly (cron, or a container scheduler; README).
What goes in it: editorial/digest.py."""

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
        self.stdout.write(f"Sent the review digest to {sent} clinical reviewer(s): {counts}.")
