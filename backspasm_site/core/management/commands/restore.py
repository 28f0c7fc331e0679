import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from backspasm_site.core import backups

REFUSED = (
    "The database already holds data, and restoring would replace all of it. Run `make restore FORCE=1` "
    "(or `manage.py restore --force`) to overwrite it; a run without a terminal never asks, it refuses."
)


def database_has_data() -> bool:
    """True when the live database has any table: a restore would overwrite something."""
    connection = connections["default"]
    if connection.vendor == "sqlite":
        name = Path(str(connection.settings_dict["NAME"]))
        if not name.exists() or name.stat().st_size == 0:
            return False
    with connection.cursor() as cursor:
        return bool(connection.introspection.table_names(cursor))


class Command(BaseCommand):
    help = "Restore the database and media folder from a backup folder (the newest in var/backups/ if none)."

    def add_arguments(self, parser):
        parser.add_argument("folder", nargs="?", type=Path, help="A folder that `manage.py backup` wrote.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite a database that holds data, without asking."
        )

    def handle(self, *args, folder=None, force=False, **options):
        folder = folder or backups.newest()
        if not force and database_has_data():
            if not sys.stdin.isatty():
                raise CommandError(REFUSED)
            answer = input(f"Replace the whole database and media/ with the backup in {folder}? Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        backups.restore(folder)
        self.stdout.write(f"Restored from {folder}")
