"""Write deploy/varnish/backspasm.vcl with its placeholders filled in (page_cache/vcl.py says with what).

`make edge`, the tests and the benchmarks start Varnish from its output; production renders it the same way
at deploy time: `EDGE_PURGE_TOKEN=... python manage.py render_vcl --backend 10.0.0.7:8000 --output
/etc/varnish/backspasm.vcl`. The file holds the purge token, so it is made readable by its owner only.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from backspasm_site.core.private import private_file
from backspasm_site.page_cache import vcl


class Command(BaseCommand):
    help = "Write the Varnish VCL with the backend, purge rules, emergency wording and security headers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend", default="127.0.0.1:8000", metavar="HOST:PORT", help="gunicorn's address"
        )
        parser.add_argument("--output", required=True, type=Path, help="where to write the VCL")

    def handle(self, *args, backend, output, **options):
        host, _, port = backend.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"--backend must be HOST:PORT, not {backend!r}")
        try:
            text = vcl.render(host, int(port))
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        output.parent.mkdir(parents=True, exist_ok=True)
        private_file(output).write_text(text)
