"""Hostile input: generated submissions to every form and query string, and malformed raw requests to a real
gunicorn. Never a 5xx, never a traceback, never a "home care" answer the answers do not earn.

To fuzz a new form or query string, add one line to TARGETS.
"""

import functools
import re
import socket
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from hypothesis import given, settings
from hypothesis import strategies as st

from backspasm_site.feedback import guards
from backspasm_site.symptom_checker.forms import FIELD_NAMES, GROUP_CODES, CheckerStepForm
from backspasm_site.symptom_checker.red_flags import (
    GROUP_MEMBERS,
    QUESTIONS_BY_CODE,
    STEPS,
    answers_from_form_data,
    evaluate,
)

from .checker_steps import answer_checker
from .public_pages import STATIC_PAGES
from .servers import gunicorn, prepared_database

EXAMPLES_PER_TARGET = 300

NASTY = [
    "", " ", "\x00", "%00", "a\x00b", "yes\x00", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --", "../../../../etc/passwd", "..%2f..%2fsettings.py", "{{ 7*7 }}", "{% debug %}", "${jndi:x}",
    "\u202eevil", "\ufeff", "\ud7ff", "𝕪𝕖𝕤", "YES", "yes ", "no\r\nSet-Cookie: x=1", "A" * 5000, "9" * 400,
]  # fmt: skip
hostile_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=300))
answer = st.one_of(
    st.sampled_from(["yes", "no", "not-sure", "mild", "severe", "under-2-weeks"]), hostile_text
)


@st.composite
def checker_answers(draw):
    """Some questions answered (validly or not), some missing, plus stray fields."""
    fields = {}
    for name in FIELD_NAMES:
        if name in GROUP_CODES:
            tick = st.one_of(st.sampled_from([*GROUP_MEMBERS[name], "none", "not-sure"]), answer)
            choice = draw(st.one_of(st.none(), st.lists(tick, max_size=4), answer))
        else:
            valid = [v for v, _ in QUESTIONS_BY_CODE[name].choices]
            choice = draw(st.one_of(st.none(), st.sampled_from(valid), answer))
        if choice is not None:
            fields[name] = choice
    fields.update(draw(st.dictionaries(st.text(min_size=1, max_size=30), hostile_text, max_size=5)))
    return fields


query_strings = st.dictionaries(st.one_of(st.sampled_from(["q", "page", "next", "format"]), st.text(max_size=30)),
                                hostile_text, max_size=6)  # fmt: skip


def fresh_comment_token() -> str:
    """A real token for the comment form (as the thank-you page after a "No" gives one)."""
    from backspasm_site.articles.models import Article
    from backspasm_site.feedback.forms import comment_token
    from backspasm_site.feedback.models import Feedback

    return comment_token(Feedback.objects.create(article=Article.objects.published().first(), helpful=False))


slug = st.one_of(st.sampled_from(["symptoms", "causes", "no-such-page"]), hostile_text)
yes_no = st.one_of(st.sampled_from(["yes", "no"]), hostile_text)
token = st.one_of(st.builds(fresh_comment_token), hostile_text)


@dataclass(frozen=True)
class Target:
    method: str
    paths: tuple[str, ...]  # each generated submission goes to one of these
    data: st.SearchStrategy


# One line per form or query string of the site; EXAMPLES_PER_TARGET submissions each. No page reads a
# query string yet, so one line sends them to every GET page. Another branch adds, for example:
#   Target("GET", ("/search/",), st.fixed_dictionaries({"q": hostile_text}, optional={"page": hostile_text})),
TARGETS = [
    Target("POST", ("every step of /symptom-checker/",), checker_answers()),
    Target("GET", (*STATIC_PAGES, "/articles/symptoms/", "/symptom-checker/reminder.ics"), query_strings),
    Target("POST", ("/feedback/",), st.fixed_dictionaries({}, optional={"article": slug, "helpful": yes_no})),
    Target(
        "POST",
        ("/feedback/comment/",),
        st.fixed_dictionaries({"comment": hostile_text}, optional={"token": token}),
    ),
]


def earned_self_care(fields) -> bool:
    if not all(CheckerStepForm(fields, step=step).is_valid() for step in STEPS):
        return False
    return evaluate(answers=answers_from_form_data(fields)).disposition == "self-care"


@pytest.mark.django_db
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: f"{t.method} {' '.join(t.paths)}")
def test_generated_submissions_never_break_the_site(client, site_content, target):
    count = 0

    @settings(max_examples=EXAMPLES_PER_TARGET, database=None)
    @given(path=st.sampled_from(target.paths), data=target.data)
    def submit(path, data):
        nonlocal count
        count += 1
        # A Yes or No is answered by a redirect to its thank-you page: followed, as a browser does.
        send = functools.partial(client.post, follow=True) if target.method == "POST" else client.get
        cache.clear()  # the feedback rate limit would otherwise answer 429 before the form is read
        guards.machine_counts().clear()
        # The checker's steps in turn, as a browser goes through them. An exception (a would-be 500) fails.
        response = answer_checker(client, data) if path.startswith("every step") else send(path, data)
        assert response.status_code < 500, (response.status_code, data)
        assert response.status_code in (200, 400, 404, 405, 409), (response.status_code, data)
        if 'data-disposition="self-care"' in response.content.decode() and target.method == "POST":
            assert earned_self_care(data), data

    submit()
    assert count >= EXAMPLES_PER_TARGET


# --- malformed requests to a real gunicorn ---


# A CSRF secret of our own, sent as cookie and header, so the body gets past CSRF and is really parsed.
CSRF = b"Cookie: csrftoken=" + b"k" * 32 + b"\r\nX-CSRFToken: " + b"k" * 32 + b"\r\n"


def form_post(body: bytes, content_type=b"application/x-www-form-urlencoded", extra=b"") -> bytes:
    return (b"POST /symptom-checker/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" + CSRF + b"Content-Type: " + content_type +
            b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n" + extra + b"Connection: close\r\n\r\n" + body)  # fmt: skip


def get(path: bytes, headers: bytes = b"Host: 127.0.0.1\r\n") -> bytes:
    return b"GET " + path + b" HTTP/1.1\r\n" + headers + b"Connection: close\r\n\r\n"


BOUNDARY = b"----backspasm"
MALFORMED = {
    "huge body (3 MB form)": form_post(b"fever=" + b"y" * 3_000_000),
    "1,000 fields": form_post(b"&".join(b"f%d=no" % i for i in range(1000))),
    "broken UTF-8 in the body": form_post(b"fever=\xff\xfe\xc3&severity=\xe2\x28\xa1"),
    "broken UTF-8 in the path": get(b"/articles/\xff\xfe/"),
    "broken UTF-8 percent-encoded in the query": get(b"/articles/?q=%ff%fe%c3"),
    "broken multipart (no closing boundary)": form_post(
        b"--" + BOUNDARY + b'\r\nContent-Disposition: form-data; name="fever"\r\n\r\nyes',
        b"multipart/form-data; boundary=" + BOUNDARY,
    ),
    "broken multipart (no boundary given)": form_post(b"--x\r\n\r\nyes", b"multipart/form-data"),
    "broken multipart (garbage headers)": form_post(
        b"--" + BOUNDARY + b"\r\n\x00\xff: \x00\r\n\r\nx\r\n--" + BOUNDARY + b"--\r\n",
        b"multipart/form-data; boundary=" + BOUNDARY,
    ),
    "unknown charset": form_post(b"fever=yes", b"application/x-www-form-urlencoded; charset=x-no-such"),
    # Django cannot read these (BadRequest); its own 400 page read the post again for the CSRF check: a 500.
    "a form in Latin-1": form_post(b"emergency_signs=fever", b"application/x-www-form-urlencoded; charset=iso-8859-1"),
    "a form in UTF-16": form_post(b"emergency_signs=fever", b"application/x-www-form-urlencoded; charset=utf-16"),
    "NUL byte in the body": form_post(b"fever=\x00&sleep=%00"),
    "NUL byte in the path": get(b"/articles/%00/"),
    "raw NUL byte in the path": get(b"/articles/\x00/"),
    "NUL byte in a header": get(b"/", b"Host: 127.0.0.1\r\nX-Thing: a\x00b\r\n"),
    "unknown Host": get(b"/", b"Host: evil.example\r\n"),
    "Host with a bad port": get(b"/", b"Host: 127.0.0.1:notaport\r\n"),
    "no Host at all": b"GET / HTTP/1.0\r\n\r\n",
    "path traversal in static": get(b"/static/../backspasm_site/settings.py"),
    "encoded path traversal in static": get(b"/static/%2e%2e/%2e%2e/.local-secret-key"),
    "path traversal in media": get(b"/media/../../.local-secret-key"),
    "path traversal in an article": get(b"/articles/..%2f..%2fsettings/"),
    "oversized request line": get(b"/articles/?q=" + b"a" * 10_000),
    "oversized header": get(b"/", b"Host: 127.0.0.1\r\nX-Big: " + b"b" * 20_000 + b"\r\n"),
    "too many headers": get(b"/", b"Host: 127.0.0.1\r\n" + b"".join(b"X-H%d: 1\r\n" % i for i in range(200))),
    "Content-Length not a number": b"POST /symptom-checker/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n",
    "Content-Length negative": b"POST /symptom-checker/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n",
    "Content-Length longer than the body": form_post(b"fever=yes")[:-3] + b"",
    "broken chunked encoding": b"POST /symptom-checker/ HTTP/1.1\r\nHost: 127.0.0.1\r\n" + CSRF + b"Transfer-Encoding: chunked\r\n"
                               b"Connection: close\r\n\r\nzz\r\nfever=yes\r\n0\r\n\r\n",
    "unknown method": b"BREW /symptom-checker/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    "JSON sent to the checker": form_post(b'{"fever": "no"}', b"application/json"),
    "feedback: huge body": form_post(b"article=symptoms&helpful=" + b"n" * 3_000_000).replace(
        b"/symptom-checker/", b"/feedback/", 1),
    "feedback: broken multipart": form_post(b"--x\r\n\x00\r\n", b"multipart/form-data; boundary=x").replace(
        b"/symptom-checker/", b"/feedback/", 1),
    "feedback: broken UTF-8": form_post(b"article=\xff\xfe&helpful=\xc3").replace(
        b"/symptom-checker/", b"/feedback/", 1),
    "garbage instead of HTTP": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 64 + b"\r\n\r\n",
}  # fmt: skip
STATUS_LINE = re.compile(rb"^HTTP/1\.[01] (\d{3})")


def send_raw(port: int, request: bytes) -> tuple[int | None, bytes]:
    """Send bytes as they are; return the status (None if the server just closed) and what came back."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        try:
            sock.sendall(request)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server may answer and close before a huge body is all sent
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, TimeoutError):
            pass
    reply = b"".join(chunks)
    match = STATUS_LINE.match(reply)
    return (int(match.group(1)) if match else None), reply


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    with gunicorn(database_url=prepared_database(tmp_path_factory.mktemp("hostile")), workers=2) as server:
        yield server


@pytest.fixture(scope="module")
def edge_port(served_site, tmp_path_factory):
    """Varnish with the project's VCL in front of the same gunicorn, as production runs it."""
    from urllib.parse import urlsplit

    from .servers import varnish

    with varnish(backend_port=served_site.port, folder=tmp_path_factory.mktemp("hostile-edge")) as url:
        yield urlsplit(url).port


@pytest.mark.server
@pytest.mark.parametrize("through", ["gunicorn", "varnish"])
def test_malformed_requests_get_a_4xx_and_no_traceback(served_site, request, through):
    port = served_site.port if through == "gunicorn" else request.getfixturevalue("edge_port")
    answers = {}
    for name, raw in MALFORMED.items():
        answers[name] = send_raw(port, raw)
    print("\nMalformed request -> status")
    for name, (status, _) in answers.items():
        print(f"  {status or 'closed'}  {name}")
    server_errors = {name: status for name, (status, _) in answers.items() if status and status >= 500}
    assert not server_errors
    # The replies must not leak a file or the key, whatever came back.
    for name, (_, reply) in answers.items():
        assert b"SECRET_KEY" not in reply and b"Traceback" not in reply, name
        assert b'data-disposition="self-care"' not in reply, name  # never home care from a broken post
    assert all(status in (400, 403, 404, 405, 411, 413, 414, 431, 501, None) or status < 400
               for status, _ in answers.values())  # fmt: skip
    # The site still answers, and nothing in its log is a traceback or a server error.
    status, reply = send_raw(port, get(b"/articles/"))
    assert status == 200
    log = served_site.output()
    assert "Traceback" not in log and "Internal Server Error" not in log, log[-3000:]


def test_log_keeps_tracebacks_for_server_errors_and_drops_them_for_4xx():
    import logging
    import sys

    from backspasm_site.core.log import FourXXFormatter

    try:
        raise ValueError("boom")
    except ValueError:
        exc_info = sys.exc_info()
    make = lambda name, level: logging.LogRecord(name, level, __file__, 1, "msg", (), exc_info)  # noqa: E731
    formatter = FourXXFormatter()
    assert "Traceback" in formatter.format(make("django.request", logging.ERROR))
    assert "Traceback" not in formatter.format(make("django.request", logging.WARNING))
    assert "Traceback" not in formatter.format(make("django.security.DisallowedHost", logging.ERROR))
