from django.core.management.base import BaseCommand

from backspasm_site.core import content_files


class Command(BaseCommand):
    help = "Write the database's articles, site text and checker wording back to content/."

    def handle(self, *args, **options):
        changed = content_files.export()
        self.stdout.write(f"Exported content: {len(changed)} file(s) changed.")
        for path in changed:
            self.stdout.write(f"  wrote {path}")
