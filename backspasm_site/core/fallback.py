"""Reading content that the checker must do without when the database cannot be read (hazard H2).

The checker's wording, its advice and the footer's disclaimer come from the database; if it cannot be read
(the SQLite file gone, the server down) the checker still asks and answers, from the rule table's own
wording. Nothing is kept between requests: the next request reads the database again, so the editors'
wording is back as soon as the database is.
"""

import contextvars
import logging
import os
from collections.abc import Callable
from typing import TypeVar

from django.core.signals import request_started
from django.db import DatabaseError, connection
from django.dispatch import receiver

logger = logging.getLogger(__name__)
T = TypeVar("T")
_warned: set[str] = set()
# Whether this request's page holds built-in wording: no cache may keep it (the edge would serve it for a day
# after the database is back). Each gunicorn thread runs one request at a time in its own context.
_fell_back = contextvars.ContextVar("fell_back", default=False)


def fell_back() -> bool:
    return _fell_back.get()


@receiver(request_started)
def _new_request(**kwargs) -> None:
    _fell_back.set(False)


def read_or_fall_back(*, name: str, read: Callable[[], T], fallback: Callable[[], T]) -> T:
    """`read()`, or `fallback()` when the database cannot be read (one warning per process and name)."""
    if database_file_missing():  # connecting would make an empty database in its place
        why = "the database file is missing"
    else:
        try:
            return read()
        except DatabaseError as error:
            why = f"{type(error).__name__}: {error}"
    if name not in _warned:  # once per process and name, not once a request
        _warned.add(name)
        logger.warning("%s: the database cannot be read (%s); using the built-in wording", name, why)
    _fell_back.set(True)
    return fallback()


def sqlite_file(db=connection) -> str | None:
    """The SQLite database's file, or None for another database or one in memory (the tests')."""
    name = str(db.settings_dict["NAME"])
    if db.vendor != "sqlite" or name == ":memory:" or "mode=memory" in name:
        return None
    return name


def database_file_missing() -> bool:
    """True when the database is an SQLite file that is not there (moved, deleted, its disk unmounted)."""
    name = sqlite_file()
    return name is not None and not os.path.exists(name)
