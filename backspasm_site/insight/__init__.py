"""What readers look for and cannot find, how the checker is used, and the site's health in numbers: counted
per day, never kept per visit (README: Insight and metrics).

The other apps call only these hooks, one line each; a count that cannot be written is lost, never a page
(counting.py).
"""


def is_reader(request) -> bool:
    """Whether a request is a person's to count: a GET, not a robot's, a prefetch or another site's page."""
    from .readers import is_reader as _is_reader

    return _is_reader(request)


def count(topic: str, event: str, detail: str = "") -> None:
    """Add one to today's count of `event` (checker: "started", "reached-step-2", "reached-result")."""
    from .counting import count as _count

    _count(topic, event, detail)


def count_search(found) -> None:
    """Count one search by its normalised words: asked, found nothing, or found through a synonym or a
    spelling correction. Queries with digits or email shapes are not counted at all."""
    from .counting import count_search as _count_search

    _count_search(found)


def ops_add(name: str, amount: int = 1) -> None:
    """Add to an operators' running total (purges, publish_due runs), exposed at /metrics."""
    from .counting import ops_add as _ops_add

    _ops_add(name, amount)
