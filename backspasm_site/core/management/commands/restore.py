from pathlib import Path

from django.core.management.base import BaseCommand

from backspasm_site.core import backups


class Command(BaseCommand):
    help = "Restore the database and media folder from a backup folder (the newest in var/backups/ if none)."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", type=Path, help="A folder that `manage.py backup` wrote.")

    def handle(self, *args, folder=None, **options):
        folder = folder or backups.newest()
        backups.restore(folder)
        self.stdout.write(f"Restored from {folder}")
