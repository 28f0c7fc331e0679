from pathlib import Path

from django.core.management.base import BaseCommand

from backspasm_site.core import backups


class Command(BaseCommand):
    help = "Back up the database and media folder into var/backups/<timestamp>/."

    def add_arguments(self, parser):
        parser.add_argument("--into", type=Path, help="Folder to hold the timestamped backups.")

    def handle(self, *args, into=None, **options):
        folder = backups.backup(into)
        self.stdout.write(f"Backed up to {folder}")
