from django.core.management.base import BaseCommand

from backspasm_site.articles.models import Article
from backspasm_site.search import index


class Command(BaseCommand):
    help = (
        "Make the search index again from the published articles (safe to run again). Run it after "
        "changing articles without saving each one, e.g. a bulk import."
    )

    def handle(self, *args, **options):
        articles = Article.objects.published().only("title", "summary", "body_html").iterator(chunk_size=500)
        count = index.rebuild(articles)
        self.stdout.write(f"Search index: {count} published article{'s' if count != 1 else ''} indexed.")
