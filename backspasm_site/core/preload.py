"""What the process that loads the site builds before it serves: with gunicorn, the master, once, before it
forks its workers (wsgi.py, loaded there: preload_app).

Django builds some of what every request needs lazily, on a process's first requests: it imports the URL conf
and fills its lookup tables, sets up the template engine and its tag libraries, and compiles each template
(kept by the cached loader). In a freshly forked worker, its threads all do that at once, queued on
Python's import locks: for about a second after a worker starts (and after each recycling, max_requests),
its readers waited up to 1.2 s (`make bench`, first round). Built here, in the master, every worker is forked
with them ready and shares their memory pages (gc.freeze, in pre_fork). Nothing here touches the database.
"""

from pathlib import Path

from django.db import connection
from django.template import engines
from django.urls import get_resolver


def build_lazy_parts() -> None:
    get_resolver().reverse_dict  # noqa: B018 - imports the URL conf and fills the lookup tables
    connection.ops.compiler("SQLCompiler")  # imports the SQL compiler (no connection is opened)
    django_templates = engines["django"]
    for folder in map(Path, django_templates.dirs):
        for template in sorted(folder.rglob("*.html")):
            django_templates.get_template(str(template.relative_to(folder)))
