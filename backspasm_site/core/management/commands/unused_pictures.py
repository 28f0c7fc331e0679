from django.conf import settings
from django.core.management.base import BaseCommand

from backspasm_site.core.image_uploads import unused_pictures


class Command(BaseCommand):
    help = "List uploaded pictures no page, draft or waiting change uses (to remove by hand, after a backup)."

    def handle(self, *args, **options):
        names = unused_pictures()
        folder = f"{settings.MEDIA_ROOT}/{settings.MARKDOWNX_MEDIA_PATH}"
        for name in names:
            self.stdout.write(f"{folder}{name}")
        if not names:
            self.stdout.write("Every uploaded picture is used.")
