"""The site as `make run` serves it (gunicorn, DEBUG off, content loaded), on a free port, for measuring.

BACKSPASM_VERDICT_PREVIEW=1 adds a GET page per checker verdict (symptom_checker/preview.py), since
Lighthouse can only load pages by GET; SITE_URL is the server's own address so canonical links match.
"""

import contextlib
import tempfile
from pathlib import Path

from tests.servers import Server, base_env, free_port, manage, prepared_database

PAGES = {
    "home": "/",
    "article": "/articles/home-treatment/",
    "guide": "/articles/first-days/",
    "easy-read": "/articles/first-days-easy-read/",
    "checker": "/symptom-checker/",
    "verdict-emergency": "/symptom-checker/preview/emergency/",
    "verdict-see-doctor": "/symptom-checker/preview/see-doctor/",
    "verdict-self-care": "/symptom-checker/preview/self-care/",
}


@contextlib.contextmanager
def measured_site():
    with tempfile.TemporaryDirectory() as tmp:
        manage("collectstatic", "--noinput", "--verbosity", "0", env=base_env())
        port = free_port()
        env = base_env(
            DATABASE_URL=prepared_database(Path(tmp)),
            BACKSPASM_VERDICT_PREVIEW="1",
            SITE_URL=f"http://127.0.0.1:{port}",
        )
        server = Server(env, port, workers=2)
        server.env = env  # for commands against the same database (make screenshots adds an editor)
        try:
            server.wait_until_ready()
            yield server
        finally:
            server.stop()
