"""Requests through the site's whole WSGI application, as gunicorn calls it (`backspasm_site.wsgi.application`:
Django, timed for /metrics), with the bytes and headers gunicorn would send. Every call goes through
wsgiref's validator, so the application is also held to the WSGI rules (PEP 3333).
"""

import contextlib
from dataclasses import dataclass
from wsgiref.validate import validator

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.utils.datastructures import CaseInsensitiveMapping


@dataclass
class Answer:
    status: int
    headers: CaseInsensitiveMapping
    body: bytes

    def __getitem__(self, name: str) -> str:
        return self.headers[name]

    def __contains__(self, name: str) -> bool:
        return name in self.headers

    def get(self, name: str, default=None):
        return self.headers.get(name, default)


@contextlib.contextmanager
def test_database_kept_open():
    # As Django's test client does: a real request's start and end close "old" database connections, which
    # would end the transaction a test runs in.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def environ_for(path: str, method: str = "GET", headers: dict | None = None, **extra) -> dict:
    """A WSGI environ for `path` (with any query string), as RequestFactory builds it."""
    return RequestFactory().generic(method, path, headers=headers, **extra).environ


def call(application, environ: dict) -> Answer:
    kept = {}

    def start_response(status, headers, exc_info=None):
        kept.update(status=int(status.split()[0]), headers=CaseInsensitiveMapping(dict(headers)))
        return lambda data: None

    with test_database_kept_open():
        result = validator(application)(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()
    return Answer(kept["status"], kept["headers"], body)


class Site:
    """The site's WSGI application, called like a browser or load balancer would call it."""

    def __init__(self, application):
        self.application = application

    def get(self, path: str, headers: dict | None = None, **extra) -> Answer:
        return call(self.application, environ_for(path, "GET", headers, **extra))

    def head(self, path: str, headers: dict | None = None, **extra) -> Answer:
        return call(self.application, environ_for(path, "HEAD", headers, **extra))
