from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from backspasm_site.symptom_checker.models import QuestionText
from backspasm_site.symptom_checker.rule_sheet import markdown

DOCS_FILE = Path(settings.BASE_DIR) / "docs" / "checker-rules.md"


class Command(BaseCommand):
    help = (
        "Write the checker's rules, with the questions as worded in the database, to docs/checker-rules.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail if the file is out of date; write nothing."
        )

    def handle(self, *args, check=False, **options):
        sheet = markdown(dict(QuestionText.objects.values_list("code", "text")))
        if check:
            if not DOCS_FILE.exists() or DOCS_FILE.read_text() != sheet:
                raise SystemExit(f"{DOCS_FILE} is out of date: run manage.py checker_rules")
            self.stdout.write(f"{DOCS_FILE} is up to date.")
            return
        DOCS_FILE.write_text(sheet)
        self.stdout.write(f"Wrote the checker's rules to {DOCS_FILE}.")
