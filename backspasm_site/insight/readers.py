"""Who is counted: a person reading, not a machine fetching a page on its own or ahead of anyone opening it.

The three places that count (the page-view pixel, a search, the checker's steps and result) ask `is_reader`
first, so the same requests are left out of all of them."""

import re

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
