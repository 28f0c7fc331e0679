"""What readers look for and cannot find, how the checker is used, and the site's health in numbers: counted
per day, never kept per visit (README: Insight and metrics). The other apps call count, count_search and
ops_add, one line each, asking is_reader first where a person's visit is counted, so the same requests are
left out of every count. A database that is away, locked or refusing costs the count and one log line (never
the query, never the page), not the reader's page."""

import logging
import re
from contextlib import nullcontext

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from backspasm_site.core.fallback import database_file_missing
from backspasm_site.feedback.scrub import EMAIL
from backspasm_site.search.engine import lay_terms_in, query_words

from .models import (
    EVENTS,
    SEARCH,
    SEARCH_ASKED,
    SEARCH_BY_SPELLING,
    SEARCH_BY_SYNONYM,
    SEARCH_FOUND_NOTHING,
    DailyCount,
    OpsTotal,
)

logger = logging.getLogger(__name__)

# A User-Agent that names itself a bot, crawler or spider (Googlebot, bingbot, AhrefsBot, Baiduspider): the
# big ones say so; one that pretends to be a browser cannot be told from a reader by its headers anyway.
# "CUBOT" is a maker of phones.
ROBOT = re.compile(r"(?<!cu)bot\b|crawl|spider", re.IGNORECASE)
# Headers a browser sends when it fetches a page before (or without) anyone opening it: Sec-Purpose (Chrome's
# prefetch and prerender), Purpose (its older name), X-Moz (Firefox's link prefetch), X-Purpose (Safari's
# preview). https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/Sec-Purpose
SPECULATIVE = re.compile(r"prefetch|prerender|preview", re.IGNORECASE)
PURPOSE_HEADERS = ("Sec-Purpose", "Purpose", "X-Moz", "X-Purpose")


def is_reader(request) -> bool:
    """A GET from a person: not a HEAD, a robot, a prefetch or prerender, or another site's page fetching ours
    (its <img> of the pixel, a hidden frame). A reader who follows another site's link to a search or the
    checker is a top-level navigation (Sec-Fetch-Dest: document), and counts."""
    headers = request.headers
    if request.method != "GET" or ROBOT.search(headers.get("User-Agent", "")):
        return False
    if any(SPECULATIVE.search(headers.get(name, "")) for name in PURPOSE_HEADERS):
        return False
    return headers.get("Sec-Fetch-Site") != "cross-site" or headers.get("Sec-Fetch-Dest") == "document"


MAX_DETAIL = 200
# A query with any digit (a phone number, a date of birth, an NHS number), an email shape or a web address
# could identify someone: it is not counted at all.
IDENTIFYING = re.compile(r"\d|@|\bwww\.|://")


def identifying(query: str) -> bool:
    """Digits, an "@", a web address, or an email address as the feedback scrubber sees one (jo(at)x.org)."""
    return bool(IDENTIFYING.search(query) or EMAIL.search(query))


def count(topic: str, event: str, detail: str = "") -> None:
    try:
        if event not in EVENTS.get(topic, ()) or len(detail) > MAX_DETAIL:
            raise ValueError("not a count this site keeps")
        if database_file_missing():  # connecting would make an empty SQLite file in its place (hazard H2)
            raise FileNotFoundError("the database file is gone")
        day = timezone.localdate()
        _add(DailyCount, {"day": day, "topic": topic, "event": event, "detail": detail}, "n", 1)
    except Exception as error:  # a lost count, never a failed page
        logger.warning("Not counted (%s %s): %s", topic, event, type(error).__name__)


def _add(model, key: dict, total: str, amount: int, **also) -> None:
    """Add `amount` to the `total` field of the row `key` names (making it), and set `also` on it.

    Outside a transaction the UPDATE is a statement of its own, so SQLite holds its write lock only while it
    runs. In a transaction of ours the lock was held while Python ran between the statements, and with many
    readers at once (`make bench`) the checker's first step, which counts, waited seconds for it. Inside a
    caller's transaction it is a savepoint, so a failure here never spoils the caller's work."""
    added = {total: F(total) + amount, **also}
    with transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext():
        if model.objects.filter(**key).update(**added):
            return
        try:
            with transaction.atomic():
                model.objects.create(**key, **{total: amount}, **also)
        except IntegrityError:  # another worker made the row first
            model.objects.filter(**key).update(**added)


def normalised(query: str) -> str:
    """The words of a query, lower case, in order, without punctuation; "" when it must not be counted."""
    if identifying(query):
        return ""
    return " ".join(query_words(query))[:MAX_DETAIL].strip()


def count_search(found) -> None:
    words = normalised(found.query)
    if not words:
        return
    count(SEARCH, SEARCH_ASKED, words)
    if not found.results:
        count(SEARCH, SEARCH_FOUND_NOTHING, words)
        return
    if found.corrected:
        count(SEARCH, SEARCH_BY_SPELLING, words)
    if lay_terms_in((found.corrected or words).split()):
        count(SEARCH, SEARCH_BY_SYNONYM, words)


def ops_add(name: str, amount: int = 1) -> None:
    try:
        _add(OpsTotal, {"name": name}, "value", amount, last_changed=timezone.now())
    except Exception as error:
        logger.warning("Not counted (%s): %s", name, type(error).__name__)
