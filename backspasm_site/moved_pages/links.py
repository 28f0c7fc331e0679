"""Links in article bodies to pages of this site that are not there, found on every save.

A link is to this site when it has no scheme and no host: `/articles/causes/`, or relative to the page,
`causes/` or `../causes/`. (Links to other sites are not checked: this runs on every save and must not
wait on anyone's server.) Each one is followed as the site would answer it:
- to a published article, a list or any other page of the site: fine;
- to an address a redirect covers (moves.py): it works, through a redirect: "update the link";
- to a draft, an unknown article or topic, or no page at all: it points nowhere.

What is found is stored per article (BrokenLink) for the "Links that point nowhere" list, and refreshed
when the article is saved, when a change to it is saved for review, and when an article it may link to
is published, renamed, unpublished or deleted, or a redirect changes. `manage.py check_links` rechecks all.
"""

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve

from backspasm_site.articles.models import Article, Status, Topic
from backspasm_site.core.markdown import HtmlParts, render_markdown

from . import moves
from .models import BrokenLink, Problem

NOT_PAGES = ("/static/", "/media/")  # files, not pages: markdownx's uploads and the site's own files


@dataclass(frozen=True)
class LinkProblem:
    text: str
    target: str
    problem: str  # Problem.NOWHERE or Problem.REDIRECT
    detail: str

    def message(self) -> str:
        return f"The link “{self.text}” ({self.target}) {self.detail}"


SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # Django's slug converter


def _own_hosts() -> set[str]:
    """This site's own host names: a full address to one of them is a link within the site."""
    return {h for h in (urlsplit(settings.SITE_URL).hostname, *settings.ALLOWED_HOSTS) if h and h != "*"}


def site_path(href: str, page_path: str) -> str | None:
    """The path a link leads to on this site, or None for another site, an email address or a phone.
    Raises ValueError for an address no browser can follow (e.g. "//[abc")."""
    if not href or href.startswith("#"):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        own = parts.scheme in ("http", "https", "") and (parts.hostname or "") in _own_hosts()
        return (parts.path or "/") if own else None
    return urlsplit(urljoin(page_path, href)).path


def _article_address(slug: str) -> str:
    """The page's own address, for relative links; the article list while a slug being typed is not one."""
    return moves.address_of(slug) if slug and SLUG.fullmatch(slug) else "/articles/"


def last_part(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def _page_at(path: str):
    """The URL pattern a visitor reaches at `path` (None if none; a topic must be one of the site's)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if "topic" in match.kwargs and match.kwargs["topic"] not in Topic.values:
        return None
    return match


def _article_status(match) -> str | None:
    """The status of the article at an article's address (None: no such article, or not an article's)."""
    if match is None:
        return None
    return Article.objects.filter(slug=match.kwargs["slug"]).values_list("status", flat=True).first()


def what_is_wrong(path: str) -> tuple[str, str] | None:
    """(problem, what to do) for a path on this site, or None if a visitor reaches a page there."""
    if path.startswith((*NOT_PAGES, settings.STATIC_URL)):
        return None
    if not path.endswith("/"):
        path += "/"  # the site adds the slash itself (APPEND_SLASH)
    match = _page_at(path)
    if match is not None and match.view_name != "articles:detail":
        return None
    status = _article_status(match)
    if status == Status.PUBLISHED:
        return None
    if new_path := moves.destination_of(path):
        return Problem.REDIRECT, f"goes through a redirect to {new_path}: update the link to point there."
    if status is not None:
        return Problem.NOWHERE, "points to a draft, which the public cannot see: link to a published page."
    if match is not None:
        return Problem.NOWHERE, "points to no page: there is no article at that address."
    return Problem.NOWHERE, "points to no page of this site."


def problems_in(body: str, slug: str) -> list[LinkProblem]:
    """What is wrong with the links of a markdown body, for the page at /articles/<slug>/."""
    page_path = _article_address(slug)
    found = []
    for text, href in HtmlParts(render_markdown(body)).links:
        try:
            path = site_path(href, page_path)
        except ValueError:
            wrong = (Problem.NOWHERE, "is not a web address a browser can follow: check how it is typed.")
        else:
            wrong = what_is_wrong(path) if path is not None else None
        if wrong:
            found.append(LinkProblem(text or "(no link text)", href, *wrong))
    return found


def _store(article: Article, problems: list[LinkProblem], *, pending: bool) -> None:
    with transaction.atomic():
        BrokenLink.objects.filter(article=article, in_pending_change=pending).delete()
        BrokenLink.objects.bulk_create(
            BrokenLink(
                article=article,
                text=p.text[:300],
                target=p.target[:500],
                problem=p.problem,
                detail=p.detail[:300],
                in_pending_change=pending,
            )
            for p in problems
        )


def refresh(article: Article) -> None:
    _store(article, problems_in(article.body, article.slug), pending=False)


def refresh_pending(change) -> None:
    """A change to an article waiting for review: its links, while it is open; none once it is done."""
    article = Article.objects.filter(pk=change.object_id).first()
    if article is None:
        return
    fields = change.fields if change.is_open else {}
    problems = problems_in(fields["body"], fields.get("slug") or article.slug) if "body" in fields else []
    _store(article, problems, pending=True)


def refresh_linking_to(slugs: set[str]) -> None:
    """Recheck the articles whose text may link to these addresses (it names them)."""
    for slug in {slug for slug in slugs if slug}:
        for article in Article.objects.filter(body__contains=slug).only("pk", "slug", "body"):
            refresh(article)


def check_all() -> None:
    """Recheck every article (and every change waiting for review)."""
    from backspasm_site.editorial.models import OPEN_STATES, PendingChange

    for article in Article.objects.only("pk", "slug", "body").iterator():
        refresh(article)
    for change in PendingChange.objects.filter(
        state__in=OPEN_STATES, content_type__app_label="articles", content_type__model="article"
    ):
        refresh_pending(change)
