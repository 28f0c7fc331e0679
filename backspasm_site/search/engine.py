"""Search across published articles: ranked, with the matching words marked.

The query is hostile input. It is cleaned to a short list of plain words before it reaches any search
syntax: words are only ever passed as quoted phrases (SQLite FTS5) or through PostgreSQL's own phrase
parser, and snippets are escaped here, with only our own <mark> tags added.

PostgreSQL uses its full-text search (SearchVector, SearchQuery, SearchRank, SearchHeadline). SQLite uses
an FTS5 index (Porter stemming, bm25 ranking, snippet()) built in memory from the published articles,
which are few; the same weights apply: title, then summary, then body.
"""

import re
import sqlite3
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Func, TextField, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from backspasm_site.articles.models import Article

from .synonyms import LAY_TERMS

MAX_QUERY_CHARS = 200  # the search box's maxlength; anything longer is cut, not rejected
MAX_WORDS = 12
MAX_RESULTS = 20
# Private-use characters mark matches inside snippets until they are turned into <mark> after escaping.
START, STOP = "\ue000", "\ue001"
_STOP = "a an and are as at be by can do does for from how i if in is it me my of on or so the to what when"
STOP_WORDS = frozenset(_STOP.split() + ["where", "which", "who", "why", "with", "you", "your"])
WORD = re.compile(r"\w+(?:[-']\w+)*")


@dataclass(frozen=True)
class Result:
    article: Article
    snippet: SafeString


def clean_query(raw: str) -> str:
    """What the person typed, made safe to show and to search: no control characters, bounded length."""
    text = unicodedata.normalize("NFKC", (raw or "")[: MAX_QUERY_CHARS * 4])
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


def search_phrases(query: str) -> list[str]:
    """The phrases to look for: the query's own words, the whole query, and lay-term translations."""
    words = [w for w in WORD.findall(query.lower()) if w.strip("_")][:MAX_WORDS]
    joined = " " + " ".join(words) + " "
    phrases = []
    if len(words) > 1 and not STOP_WORDS.issuperset(words):
        phrases.append(" ".join(words))
    for lay, article_words in LAY_TERMS.items():
        if f" {lay} " in joined:
            phrases.extend(article_words)
    phrases.extend(w for w in words if w not in STOP_WORDS)
    return list(dict.fromkeys(phrases))  # unique, in order


def search(raw_query: str) -> list[Result]:
    phrases = search_phrases(clean_query(raw_query))
    if not phrases:
        return []
    if connection.vendor == "postgresql":
        return _search_postgres(phrases)
    return _search_fts5(phrases)


def marked(snippet: str) -> SafeString:
    """Escape a snippet and turn the match markers into <mark> tags (the only HTML it can contain)."""
    parts = re.split(f"({START}|{STOP})", snippet)
    html, inside = [], False
    for part in parts:
        if part == START and not inside:
            html.append("<mark>")
            inside = True
        elif part == STOP and inside:
            html.append("</mark>")
            inside = False
        elif part not in (START, STOP):
            html.append(escape(part))
    if inside:
        html.append("</mark>")
    return mark_safe("".join(html))  # noqa: S308 - every part above is escaped  # nosec


def _body_text():
    """An article's body as plain text, in SQL: the stored HTML without its tags."""
    tags, space, every = Value("<[^>]*>"), Value(" "), Value("g")
    return Func(F("body_html"), tags, space, every, function="regexp_replace", output_field=TextField())


def _search_postgres(phrases: list[str]) -> list[Result]:
    import html

    query = SearchQuery(phrases[0], search_type="phrase", config="english")
    for phrase in phrases[1:]:
        query |= SearchQuery(phrase, search_type="phrase", config="english")
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector(_body_text(), weight="C", config="english")
    )
    articles = (
        Article.objects.published()
        .annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .annotate(
            headline=SearchHeadline(
                _body_text(),
                query,
                config="english",
                start_sel=START,
                stop_sel=STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
        .order_by("-rank", "order", "title")[:MAX_RESULTS]
    )
    # The headline comes from HTML source text: undo its entities before escaping it once, here.
    return [Result(a, marked(html.unescape(" ".join(a.headline.split())))) for a in articles]


def _search_fts5(phrases: list[str]) -> list[Result]:
    articles = {a.pk: a for a in Article.objects.published()}
    match = " OR ".join('"' + phrase.replace('"', '""') + '"' for phrase in phrases)
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE doc USING fts5(title, summary, body, tokenize='porter unicode61')")
        db.executemany(
            "INSERT INTO doc (rowid, title, summary, body) VALUES (?, ?, ?, ?)",
            [(a.pk, a.title, a.summary, a.body_text()) for a in articles.values()],
        )
        rows = db.execute(
            "SELECT rowid, snippet(doc, 2, ?, ?, ' … ', 30) FROM doc WHERE doc MATCH ? "
            "ORDER BY bm25(doc, 10.0, 5.0, 1.0) LIMIT ?",
            (START, STOP, match, MAX_RESULTS),
        ).fetchall()
    finally:
        db.close()
    return [Result(articles[pk], marked(snippet)) for pk, snippet in rows]
