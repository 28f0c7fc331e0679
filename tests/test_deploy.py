"""The production image's commands, run outside Docker (no Docker engine runs on these machines)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "x" * 60 + "-a-long-random-production-key-for-tests",
    "DJANGO_ALLOWED_HOSTS": "backspasm.example.org",
}


def run(args, env_changes, **kwargs):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_changes)
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, **kwargs)


def test_production_refuses_to_start_without_a_secret_key():
    result = run([sys.executable, "manage.py", "check"], {"DJANGO_ENV": "production"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_deploy_checklist_passes_under_production_settings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_accepts_its_configuration():
    result = run([str(Path(sys.executable).parent / "gunicorn"), "--check-config", "backspasm_site.wsgi"],
                 PRODUCTION_ENV)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_workers_follow_the_cores():
    result = run(
        [sys.executable, "-c", "import runpy; print(runpy.run_path('gunicorn.conf.py')['workers'])"], {}
    )
    assert int(result.stdout) == (os.cpu_count() or 1) * 2 + 1


def test_workers_are_forked_with_the_loaded_application_frozen_out_of_the_garbage_collector():
    """gunicorn.conf.py's pre_fork hook: the objects of the preloaded app are never walked by a worker's
    garbage collection (a full one over them took about 30 ms, a stalled request)."""
    check = (
        "import gc, runpy\n"
        "from backspasm_site.wsgi import application\n"  # what preload_app loads in the master
        "loaded = len(gc.get_objects())\n"
        "runpy.run_path('gunicorn.conf.py')['pre_fork'](None, None)\n"
        "print(gc.get_freeze_count() >= loaded, len(gc.get_objects()) < loaded // 100)\n"
    )
    result = run([sys.executable, "-c", check], {"DJANGO_SETTINGS_MODULE": "backspasm_site.settings"})
    assert result.stdout.split() == ["True", "True"], result.stdout + result.stderr


def test_the_loaded_application_has_its_url_conf_and_templates_built_without_the_database():
    """wsgi.py (core/preload.py): what Django builds lazily is built where the app is loaded, gunicorn's master,
    not by every new worker's first requests (its threads at once on the import locks: a new worker's
    readers waited up to 1.2 s). Loading opens no database connection (workers must not share the master's)."""
    check = (
        "from backspasm_site.wsgi import application\n"
        "from django.db import connections\n"
        "from django.template import engines\n"
        "from django.urls import get_resolver\n"
        "compiled = engines['django'].engine.template_loaders[0].get_template_cache\n"
        "print(get_resolver()._populated, 'articles/detail.html' in compiled, 'base.html' in compiled,\n"
        "      all(connection.connection is None for connection in connections.all()))\n"
    )
    result = run([sys.executable, "-c", check], {"DJANGO_SETTINGS_MODULE": "backspasm_site.settings"})
    assert result.stdout.split() == ["True", "True", "True", "True"], result.stdout + result.stderr


def test_the_local_site_address_follows_port_unless_site_url_is_set():
    import subprocess
    import sys

    from .servers import ROOT, base_env

    def site_url(**env):
        code = "from django.conf import settings; print(settings.SITE_URL)"
        return subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT, env=base_env(**env), capture_output=True, text=True, check=True, timeout=60,
        ).stdout.strip().splitlines()[-1]  # fmt: skip

    assert site_url(PORT="8621") == "http://127.0.0.1:8621"
    assert site_url(PORT="8621", SITE_URL="https://backspasm.example.org/") == "https://backspasm.example.org"


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"DJANGO_DEBUG": "1"}, "DJANGO_DEBUG"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 49}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_ALLOWED_HOSTS": "backspasm.example.org,*"}, "DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_unsafe_naming_the_variable(change, named):
    """A debug flag, a short secret key or a wildcard host stops start-up (gunicorn too), not a warning."""
    for command in ([sys.executable, "manage.py", "check"],
                    [str(Path(sys.executable).parent / "gunicorn"), "--check-config", "backspasm_site.wsgi"]):  # fmt: skip
        result = run(command, {**PRODUCTION_ENV, **change})
        assert result.returncode != 0, (command, result.stdout)
        assert named in result.stderr + result.stdout


def test_production_mail_links_to_the_sites_host_not_port_8000_when_site_url_is_unset():
    """publish_due runs from a scheduler, with no request and no PORT: its emails must still link to the
    site (issue 27)."""
    code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    env = {**PRODUCTION_ENV, "SITE_URL": "", "DJANGO_SETTINGS_MODULE": "backspasm_site.settings"}
    result = run([sys.executable, "-c", code], env)
    assert result.stdout.strip().splitlines()[-1] == "https://backspasm.example.org", result.stderr


IMPORT_WRITING_NOTHING = """
import builtins, os, pathlib

def refuse(*args, **kwargs):
    raise AssertionError(f"importing settings wrote to the disk: {args!r}")

for name in ("mkdir", "makedirs", "chmod", "rename", "replace", "remove"):
    setattr(os, name, refuse)
pathlib.Path.write_text = pathlib.Path.write_bytes = pathlib.Path.touch = refuse
pathlib.Path.mkdir = pathlib.Path.chmod = refuse
real_open = builtins.open

def reading_only(file, mode="r", *args, **kwargs):
    if any(letter in mode for letter in "wax+"):
        refuse(file, mode)
    return real_open(file, mode, *args, **kwargs)

builtins.open = reading_only
import backspasm_site.settings as settings
print(len(settings.SECRET_KEY) >= 50, settings.DATABASES["default"]["NAME"])
"""


@pytest.mark.parametrize("environment", ["local", "production"])
def test_importing_the_settings_writes_nothing(tmp_path, environment):
    """No secret key file, no var/ folder, no chmod at import (issue 28): `make run` makes them."""
    where = tmp_path / "not-made" / "db.sqlite3"
    changes = {"DATABASE_URL": f"sqlite:///{where}"}
    if environment == "production":
        changes.update(PRODUCTION_ENV)
    result = run([sys.executable, "-c", IMPORT_WRITING_NOTHING], changes)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["True", str(where)]
    assert not where.parent.exists()


def test_make_run_makes_the_local_key_and_var_before_migrating():
    rules = subprocess.run(
        ["make", "-pn", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    migrate = next(line for line in rules.splitlines() if line.startswith("migrate:"))
    assert ".local-secret-key" in migrate.split() and "var" in migrate.split()  # `make run` needs migrate
    steps = subprocess.run(["make", "-n", "-B", ".local-secret-key", "var"], cwd=ROOT, capture_output=True,
                           text=True, timeout=60).stdout  # fmt: skip
    assert "umask 077" in steps and "token_urlsafe(50)" in steps and "mkdir -p -m 700 var" in steps
