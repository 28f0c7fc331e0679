from django.core.management.base import BaseCommand, CommandError

from backspasm_site.core import content_files


class Command(BaseCommand):
    help = "Load articles, site text and checker wording from content/ (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Overwrite items that an editor changed in admin."
        )

    def handle(self, *args, force=False, **options):
        try:
            report = content_files.load(force=force)
        except content_files.ContentFileError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Content: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.kept)} kept as edited in admin."
        )
        for label in report.created:
            self.stdout.write(f"  added {label} to the database")
        for label in report.updated:
            self.stdout.write(f"  updated the database from {label}")
        for label in report.kept:
            self.stdout.write(
                self.style.WARNING(
                    f"  kept {label}: changed in admin since it was loaded (--force overwrites)"
                )
            )
