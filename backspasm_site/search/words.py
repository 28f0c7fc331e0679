"""How search splits text into words: the same rule for queries, the vocabulary and lay terms."""

import re

WORD = re.compile(r"\w+(?:[-']\w+)*")
_STOP = "a an and are as at be by can do does for from how i if in is it me my of on or so the to what when"
STOP_WORDS = frozenset(_STOP.split() + ["where", "which", "who", "why", "with", "you", "your"])
# Little words no search is about: a misspelling is never corrected to one of them.
_COMMON = (
    "about after also been before both could each even every had has have into just like made many may more "
    "most much must not only other over same should some such than that their them then there these they "
    "this those too very was were will would"
)
COMMON_WORDS = STOP_WORDS | frozenset(_COMMON.split())
LONGEST_WORD = 40  # SearchWord.word's max_length: longer "words" are codes or noise, never corrected


def words_in(text: str) -> list[str]:
    """The words of a text, lower case, in order (underscores alone are not words)."""
    return [word for word in WORD.findall(text.lower()) if word.strip("_")]


def vocabulary_of(*texts: str) -> set[str]:
    """The words worth correcting a misspelling to: 3 letters or more, not numbers, not too long."""
    return {
        word
        for text in texts
        for word in words_in(text)
        if 3 <= len(word) <= LONGEST_WORD and not word.isdigit()
    }
