"""Real gunicorn servers on loopback for tests that need the site as it runs in production.

Each server gets its own settings through environment variables; `prepared_database` gives it a migrated,
content-loaded SQLite file (or fills a given PostgreSQL database) outside the test database that
pytest-django manages, since these servers run in other processes.
"""

import atexit
import contextlib
import hashlib
import os
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**changes) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PYTEST", "DATABASE_URL", "CACHE_URL"))
    }
    env.update({
        "DJANGO_SETTINGS_MODULE": "backspasm_site.settings",
        "GUNICORN_ACCESS_LOG": "",
        "EDGE_PURGE_TOKEN": PURGE_TOKEN,  # the token every Varnish of the tests is rendered with
        **changes,
    })  # fmt: skip
    return env


# Throwaway, for loopback Varnish only: what EDGE_PURGE_TOKEN is in production.
PURGE_TOKEN = "tests-only-purge-token-" + "0123456789abcdef" * 2


def manage(*args, env: dict, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=check,
    )


def prepared_database(tmp_path: Path, database_url: str | None = None) -> str:
    """A DATABASE_URL for a database with the schema and the content loaded (`database_url`: an empty one
    to fill, SQLite or PostgreSQL). It is a copy of one the test run made once with `migrate` and
    `load_content`, which take about 5 s (21 tests call this)."""
    url = database_url or f"sqlite:///{tmp_path / 'site.sqlite3'}"
    if url.startswith("sqlite:///"):
        with (
            contextlib.closing(sqlite3.connect(_template(url))) as template,
            contextlib.closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as copy,
        ):
            template.backup(copy)
    else:
        base, _, name = url.rpartition("/")
        new_postgres_database(base, name, template=_template(url))
    return url


def migrate_and_load(url: str) -> None:
    env = base_env(DATABASE_URL=url)
    manage("migrate", "--noinput", env=env)
    manage("load_content", env=env)


# The migrated, loaded databases this test process copies from: a SQLite file, a PostgreSQL database's name.
_templates: dict[str, str] = {}
# Where the test run keeps them: made once for all its processes (conftest.py sets it in the main process,
# the processes pytest-xdist starts inherit it, and the main process removes them at the end).
TEMPLATES_FOLDER = "BACKSPASM_TEST_TEMPLATES"


def _template(url: str) -> str:
    """The run's template for a database like `url` (SQLite, or PostgreSQL on that server): the first test
    process to need one makes it (about 5 s), under a lock, and the others wait for it and copy it."""
    from filelock import FileLock

    kind = "sqlite" if url.startswith("sqlite:") else "postgres"
    if kind not in _templates:
        folder = Path(os.environ.get(TEMPLATES_FOLDER) or _folder_of_this_process())
        with FileLock(folder / "templates.lock"):
            made = folder / f"{kind}.made"
            if kind == "sqlite":
                _templates[kind] = str(folder / "site.sqlite3")
                template_url = f"sqlite:///{_templates[kind]}"
            else:
                base = url.rpartition("/")[0]
                _templates[kind] = (
                    f"backspasm_template_{hashlib.sha256(str(folder).encode()).hexdigest()[:12]}"
                )
                template_url = f"{base}/{_templates[kind]}"
            if not made.exists():
                if kind == "postgres":
                    new_postgres_database(base, _templates[kind])
                migrate_and_load(template_url)
                made.write_text(template_url)
    return _templates[kind]


def _folder_of_this_process() -> str:
    """A templates folder for a process run without conftest.py (a script importing this module)."""
    folder = tempfile.mkdtemp(prefix="backspasm-templates-")
    os.environ[TEMPLATES_FOLDER] = folder
    atexit.register(remove_templates, folder)
    return folder


def remove_templates(folder: str) -> None:
    """Drops the run's PostgreSQL template, if one was made, and deletes the folder."""
    made = Path(folder) / "postgres.made"
    if made.exists():
        base, _, name = made.read_text().rpartition("/")
        with contextlib.suppress(Exception), postgres_server(base) as conn:  # a server gone is no matter
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(folder, ignore_errors=True)


def new_postgres_database(base: str, name: str, template: str | None = None) -> None:
    """An empty database `name` (or a copy of `template`) on the PostgreSQL server at `base`, replacing any
    database of that name."""
    with postgres_server(base) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def postgres_server(base: str):
    """An autocommit connection to the PostgreSQL server at `base` (postgres://user@host:port), for
    creating and dropping databases."""
    import psycopg  # only for the tests that use PostgreSQL

    return psycopg.connect(f"{base}/postgres", autocommit=True)


class Server:
    def __init__(self, env: dict, port: int, workers: int, tls: tuple[Path, Path] | None = None):
        self.port = port
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        # gunicorn terminating TLS itself (a self-signed pair): certificate checks are off for our own calls.
        self.ssl_context = ssl._create_unverified_context() if tls else None  # noqa: S323
        tls_args = ["--certfile", str(tls[0]), "--keyfile", str(tls[1])] if tls else []
        self.log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"backspasm-gunicorn-{port}.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), *tls_args, "backspasm_site.wsgi:application"],
            cwd=ROOT,
            env={**env, "HOST": "127.0.0.1", "PORT": str(port), "WEB_CONCURRENCY": str(workers)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_path.read_text()[-2000:]}")
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(
                    self.url + "/healthz", timeout=2, context=self.ssl_context
                ) as response,
            ):
                if response.status == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in {timeout}s: {self.log_path.read_text()[-2000:]}")

    def signal(self, signum=signal.SIGHUP) -> None:
        self.process.send_signal(signum)

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@contextlib.contextmanager
def gunicorn(*, database_url: str, workers: int = 2, tls: tuple[Path, Path] | None = None, **env_changes):
    """A gunicorn serving the site, configured by gunicorn.conf.py as in production (plain HTTP, or HTTPS
    when given tls=(certificate, key))."""
    env = base_env(DATABASE_URL=database_url, **env_changes)
    server = Server(env, free_port(), workers, tls)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1, made with the openssl command line."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return cert, key


def scratch_database_url(tmp_path: Path, name: str) -> str:
    """An empty database of its own for a test that runs servers or commands in other processes.

    SQLite: a new file. When the suite runs on PostgreSQL (DATABASE_URL=postgres://.../<db>), a fresh
    database "<db>_<name>" on the same server, so parallel branches with their own <db> never collide.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp_path / (name + '.sqlite3')}"
    base, _, db = url.rpartition("/")
    scratch = f"{db.split('?')[0]}_{name}"
    new_postgres_database(base, scratch)
    return f"{base}/{scratch}"


VARNISHD_PARAMS = ROOT / "deploy" / "varnish" / "varnishd.params"


def varnishd_params() -> list[str]:
    """deploy/varnish/varnishd.params as arguments: what every Varnish of the project runs with."""
    lines = VARNISHD_PARAMS.read_text().splitlines()
    return [word for line in lines if not line.startswith("#") for word in line.split()]


def render_vcl(folder: Path, backend_port: int, **env_changes) -> Path:
    """deploy/varnish/backspasm.vcl filled in by `manage.py render_vcl`, as `make edge` fills it."""
    vcl = folder / "backspasm.vcl"
    manage("render_vcl", "--backend", f"127.0.0.1:{backend_port}", "--output", str(vcl),
           env=base_env(**env_changes))  # fmt: skip
    return vcl


@contextlib.contextmanager
def varnish(*, backend_port: int, folder: Path, address: str = "127.0.0.1", **env_changes):
    """Debian's varnishd with the project's VCL in front of a server on loopback, stopped afterwards.
    `env_changes` are the environment `render_vcl` sees (EMERGENCY_NUMBER, EDGE_PURGE_FROM, ...)."""
    import shutil

    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(varnishd).exists():
        raise RuntimeError("Debian's varnish is not installed: `make varnish` installs it.")
    port, workdir = free_port(), folder / "varnish"
    workdir.mkdir(exist_ok=True)
    log = folder / "varnishd.log"
    vcl = render_vcl(folder, backend_port, **env_changes)
    process = subprocess.Popen(
        [varnishd, "-F", "-n", str(workdir), "-a", f"{address}:{port}", "-f", str(vcl),
         "-s", "malloc,64m", "-T", "none", "-j", "none", *varnishd_params()],
        stdout=log.open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"varnishd exited: {log.read_text()[-2000:]}")
            with contextlib.suppress(OSError), socket.create_connection((address, port), timeout=1):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"varnishd did not listen in 30 s: {log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield f"http://{address}:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
