"""Search across published articles: ranked, forgiving of misspellings, with the matching words marked.

The query is hostile input. It is cleaned to a short list of plain words before it reaches any search
syntax: words are only ever passed as quoted phrases (SQLite FTS5) or through PostgreSQL's own phrase
parser (phraseto_tsquery), always as query parameters, and snippets are escaped here, with only our own
<mark> tags added.

The index is stored and kept current on save (index.py, models.py), so a search reads only the index:
PostgreSQL ranks the generated, weighted tsvector (GIN index, ts_rank); SQLite ranks its FTS5 table (Porter
stemming, bm25). The same weights apply on both: title, then summary, then body. Snippets (ts_headline,
snippet()) are made only for the results shown, never for every match.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from backspasm_site.articles.models import Article

from . import spelling
from .synonyms import LAY_TERMS
from .warning_signs import is_about_a_warning_sign
from .words import STOP_WORDS, words_in

MAX_QUERY_CHARS = 200  # the search box's maxlength; anything longer is cut, not rejected
MAX_WORDS = 12
MAX_RESULTS = 20
# Private-use characters mark matches inside snippets until they are turned into <mark> after escaping.
START, STOP = "\ue000", "\ue001"
SNIPPET_WORDS = 30
SHOWN_FIELDS = ("title", "slug", "summary", "status")  # what a result shows: never the whole body
FIELD_WEIGHTS = (10.0, 5.0, 1.0)  # SQLite bm25: title, summary, body (PostgreSQL: weights A, B, C)
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=12, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)


@dataclass(frozen=True)
class Result:
    article: Article
    snippet: SafeString


@dataclass(frozen=True)
class Found:
    """What a search found. `corrected` is the words searched for instead, when some were misspelt.
    `warning_sign`: the words as typed, or as corrected, name a warning sign (the page shows the emergency
    card first)."""

    query: str
    results: list[Result] = field(default_factory=list)
    corrected: str = ""
    warning_sign: bool = False


def clean_query(raw: str) -> str:
    """What the person typed, made safe to show and to search: no control characters, bounded length."""
    text = unicodedata.normalize("NFKC", (raw or "")[: MAX_QUERY_CHARS * 4])
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    return " ".join(text.split())[:MAX_QUERY_CHARS].strip()


def query_words(query: str) -> list[str]:
    return words_in(query)[:MAX_WORDS]


def lay_terms_in(words: list[str]) -> list[str]:
    """The lay phrases (synonyms.py) the words contain, as whole words."""
    joined = " " + " ".join(words) + " "
    return [lay for lay in LAY_TERMS if f" {lay} " in joined]


def phrases_for(words: list[str]) -> list[str]:
    """The phrases to look for: the whole query, lay-term translations, and the query's own words."""
    phrases = []
    if len(words) > 1 and not STOP_WORDS.issuperset(words):
        phrases.append(" ".join(words))
    for lay in lay_terms_in(words):
        phrases.extend(LAY_TERMS[lay])
    phrases.extend(w for w in words if w not in STOP_WORDS)
    return list(dict.fromkeys(phrases))  # unique, in order


def search_phrases(query: str) -> list[str]:
    return phrases_for(query_words(query))


def search(raw_query: str, exact: bool = False) -> Found:
    """Search for what was typed; misspelt words are corrected first unless `exact` (the "Search instead
    for" link). The correction counts for the emergency card even then: "hart attack" as typed still shows
    it."""
    query = clean_query(raw_query)
    words = query_words(query)
    backend = _Postgres if connection.vendor == "postgresql" else _Fts5
    corrections, could_be_a_sign = spelling.corrected(words, found_as_typed=backend.finds)
    warning_sign = could_be_a_sign or is_about_a_warning_sign(query)
    fixed = words if exact else corrections
    phrases = phrases_for(fixed)
    if not phrases:
        return Found(query, warning_sign=warning_sign)
    ranked = backend.ranked(phrases)
    shown = Article.objects.published().only(*SHOWN_FIELDS).order_by()
    articles = shown.in_bulk([pk for pk, _ in ranked])
    results = [Result(articles[pk], marked(snippet)) for pk, snippet in ranked if pk in articles]
    if "easy read" not in " ".join(fixed):
        # An Easy Read version is shorter, so it outranks its standard page; most readers want the standard
        # one first, and each links the other at its top.
        results.sort(key=lambda result: result.article.is_easy_read)  # stable: keeps the ranking otherwise
    return Found(query, results, " ".join(fixed) if fixed != words else "", warning_sign)


def marked(snippet: str) -> SafeString:
    """Escape a snippet and turn the match markers into <mark> tags (the only HTML it can contain)."""
    parts = re.split(f"({START}|{STOP})", " ".join((snippet or "").split()))
    html, inside = [], False
    for part in parts:
        if part == (STOP if inside else START):  # a stray marker (a second START, a lone STOP) is dropped
            html.append("</mark>" if inside else "<mark>")
            inside = not inside
        elif part not in (START, STOP):
            html.append(escape(part))
    if inside:
        html.append("</mark>")
    return mark_safe("".join(html))  # noqa: S308 - every part above is escaped  # nosec


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _Fts5:
    """SQLite: the FTS5 table search_fts (migration 0001)."""

    @staticmethod
    def match(phrases: list[str]) -> str:
        return " OR ".join('"' + phrase.replace('"', '""') + '"' for phrase in phrases)

    @classmethod
    def finds(cls, word: str) -> bool:
        return bool(_rows("SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT 1", [cls.match([word])]))

    @classmethod
    def ranked(cls, phrases: list[str]) -> list[tuple[int, str]]:
        """[(article id, snippet)], best first. The snippets are made for the top rows only."""
        match = cls.match(phrases)
        return _rows(
            "WITH top AS ("
            "  SELECT rowid AS id, bm25(search_fts, %s, %s, %s) AS score FROM search_fts"
            "  WHERE search_fts MATCH %s ORDER BY score, rowid LIMIT %s"
            ") SELECT top.id, snippet(search_fts, 2, %s, %s, ' … ', %s)"
            " FROM top JOIN search_fts ON search_fts.rowid = top.id"
            " WHERE search_fts MATCH %s ORDER BY top.score, top.id",
            [*FIELD_WEIGHTS, match, MAX_RESULTS, START, STOP, SNIPPET_WORDS, match],
        )


class _Postgres:
    """PostgreSQL: search_searchentry's generated `document` column and its GIN index (migration 0001)."""

    @classmethod
    def finds(cls, word: str) -> bool:
        """Whether any entry has the word (or a word of the same stem); a word PostgreSQL drops as a stop
        word ("yourself") is not a misspelling either.

        The GIN index answers that in a millisecond, but the planner, guessing how common an unknown word
        is, would rather read every row (25 ms at 10,000 articles): for this one query it may not.
        """
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(
                "SELECT numnode(phraseto_tsquery('english', %s)) = 0 OR EXISTS ("
                "  SELECT 1 FROM search_searchentry WHERE document @@ phraseto_tsquery('english', %s))",
                [word, word],
            )
            found = cursor.fetchone()[0]
            cursor.execute("SET LOCAL enable_seqscan = DEFAULT")  # inside a caller's transaction too
        return found

    @classmethod
    def ranked(cls, phrases: list[str]) -> list[tuple[int, str]]:
        """[(article id, headline)], best first. ts_headline runs for the top rows only."""
        # Only placeholders are joined in: the phrases themselves are parameters.
        tsquery = " || ".join(["phraseto_tsquery('english', %s)"] * len(phrases))
        return _rows(
            f"WITH query AS (SELECT {tsquery} AS q),"  # noqa: S608  # nosec
            " top AS MATERIALIZED ("
            "  SELECT entry.article_id, ts_rank(entry.document, query.q) AS score"
            "  FROM search_searchentry entry, query WHERE entry.document @@ query.q"
            "  ORDER BY score DESC, entry.article_id LIMIT %s"
            ") SELECT top.article_id, ts_headline('english', entry.body, query.q, %s)"
            " FROM top JOIN search_searchentry entry ON entry.article_id = top.article_id, query"
            " ORDER BY top.score DESC, top.article_id",
            [*phrases, MAX_RESULTS, HEADLINE_OPTIONS],
        )
