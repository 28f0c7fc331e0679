from django.core.management.base import BaseCommand

from backspasm_site.moved_pages import links
from backspasm_site.moved_pages.models import BrokenLink, Problem


class Command(BaseCommand):
    help = "Recheck the links in every article (and change waiting for review) to pages of this site."

    def handle(self, *args, **options):
        links.check_all()
        for link in BrokenLink.objects.select_related("article"):
            style = self.style.WARNING if link.problem == Problem.REDIRECT else self.style.ERROR
            where = " (in the change waiting for review)" if link.in_pending_change else ""
            self.stdout.write(
                style(f"{link.article.slug}{where}: “{link.text}” ({link.target}) {link.detail}")
            )
        nowhere = BrokenLink.objects.filter(problem=Problem.NOWHERE).count()
        redirected = BrokenLink.objects.filter(problem=Problem.REDIRECT).count()
        self.stdout.write(f"Links: {nowhere} point nowhere, {redirected} go through a redirect.")
