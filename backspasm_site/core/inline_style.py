"""The site's stylesheet, written into each page's <style> element so a page paints without a second trip.

On a slow connection (2 s latency) a stylesheet of its own cost a second round trip before first paint
(4.2 s against 2.1 s for the page itself, bench/first_paint.py). The collected css/site.css is read once, at
start-up (apps.py), its comments and runs of white space dropped, and the Content-Security-Policy allows
exactly that text by its SHA-256 hash (csp_middleware.py), never 'unsafe-inline'. The text is the same for
every page, so cached pages stay the same for everyone. A change to static/css/site.css shows after
collectstatic and a restart of the server (runserver too: it does not restart for a stylesheet).
"""

import base64
import functools
import hashlib
import re
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

STYLESHEET = "css/site.css"


@dataclass(frozen=True)
class InlineStyle:
    css: str
    csp_source: str  # "'sha256-...'" for style-src


def compact(css: str) -> str:
    """Comments out and white space squeezed; the rules themselves are untouched."""
    return re.sub(r"\s+", " ", re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)).strip()


@functools.cache
def site_style() -> InlineStyle:
    """The collected stylesheet (the source file before collectstatic has run, as under runserver)."""
    if staticfiles_storage.exists(STYLESHEET):
        with staticfiles_storage.open(STYLESHEET) as file:
            source = file.read().decode()
    else:
        with open(finders.find(STYLESHEET), encoding="utf-8") as file:
            source = file.read()
    css = compact(source)
    # "</" would end the <style> element early; quotes in strings ('"') are fine inside it.
    if "</" in css:
        raise ValueError(f"{STYLESHEET} contains '</', which cannot be inlined in a <style> element")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return InlineStyle(css=css, csp_source=f"'sha256-{digest}'")
