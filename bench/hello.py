"""The limit: a bare WSGI hello-world, served by the same gunicorn settings as the site."""

BODY = b"Hello, world!\n"


def application(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(BODY)))])
    return [BODY]
