"""The render process: renders again the pages that committed changes touched (page_cache/warm.py).

gunicorn's master starts one beside its workers (gunicorn.conf.py) and it stops with the master. Run it
yourself (`python manage.py render_pages`) as a service of its own when the site is served another way;
with several instances, each may run one: two only repeat some work.
"""

import logging
import os
import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from backspasm_site.page_cache import warm

logger = logging.getLogger("backspasm_site.page_cache.warm")

LONGEST_WAIT_AFTER_AN_ERROR = 30  # seconds; the wait doubles from `--every` after each failed pass


class Command(BaseCommand):
    help = "Render again the pages that committed content changes touched, as they come (or once: --once)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Render what waits now, then stop.")
        parser.add_argument(
            "--every", type=float, default=0.25, metavar="SECONDS", help="How often to look for changes."
        )
        parser.add_argument(
            "--exit-with", type=int, metavar="PID", help="Stop when this process (gunicorn's master) is gone."
        )

    def handle(self, *args, once=False, every=0.25, exit_with=None, **options):
        pause, take_up = every, True
        while exit_with is None or os.getppid() == exit_with:
            close_old_connections()  # a connection the database dropped while this waited
            try:
                if take_up:  # what an earlier process, or a failed pass, had taken and not rendered
                    warm.take_up_unfinished()
                    take_up = False
                began = time.perf_counter()
                rendered = warm.render_waiting()
            except DatabaseError as error:
                if once:
                    raise
                pause, take_up = min(pause * 2, LONGEST_WAIT_AFTER_AN_ERROR), True
                logger.warning("Render process: no database (%s); trying again in %.0f s", error, pause)
                time.sleep(pause)
                continue
            pause = every
            if rendered is None:  # nothing waits
                if once:
                    return
                time.sleep(every)
            elif rendered:
                took = (time.perf_counter() - began) * 1000
                logger.info("Rendered %d pages again after content changes (%.0f ms)", len(rendered), took)
