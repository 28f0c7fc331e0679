"""Words people type when they may have an emergency: a search with them shows the short emergency card.

A search is about a warning sign when it has every part of one row below, in any order: "numb bum", "my
bum is numb" and "numbness around my bottom" all have a word of NUMB and a word of SADDLE_AREA. A term of
several words ("wet myself") must be typed as it is written here. Queries and terms are split into words as
the search splits them (words.py), with apostrophes dropped, so "can't", "can’t" and "cant" are one word,
and hyphens read as spaces. A typed word counts as a term's word when it is that word with an ending added
("bottoms", "numbed", "difficulties": see forms()), as the index reads them alike; never the other way, so
"leg" is not "legs" (both legs are a sign, one leg is not).

Add rows freely: a row only shows the card (call the emergency number if you have these signs), it never
changes what a page says or finds. Be generous: a person in pain types few, plain words. Keep out words of
ordinary searches ("stretches", "heat", "how long", "leg", "numb" alone), so the card keeps meaning
something. Families beyond back pain (stroke, sepsis, heart attack) are here too: the card's number is the
one to call for them. Every word here is one that spelling.py never corrects away, and corrects to.
"""

import unicodedata

from .words import COMMON_WORDS, words_in

Row = tuple[tuple[str, ...], ...]  # every part must be there; a part is any one of its terms


def one_of(*terms: str) -> tuple[str, ...]:
    return terms


def together(*parts: tuple[str, ...]) -> Row:
    return parts


CANT = one_of("cant", "cannot", "can not", "unable to", "not able to", "hard to", "struggling to", "trouble")
NUMB = one_of(
    "numb", "numbness", "tingling", "tingly", "tingle", "pins and needles", "no feeling", "lost feeling",
    "loss of feeling", "cant feel", "cannot feel", "can not feel", "dont feel", "less feeling",
)  # fmt: skip
WEAK = one_of(
    "weak", "weakness", "gave way", "give way", "giving way", "gives way", "wobbly", "unsteady", "heavy",
    "useless", "collapsing", "cant move", "cannot move", "can not move", "cant walk", "cannot walk",
    "can not walk", "paralysed",
)  # fmt: skip
PAIN = one_of("pain", "painful", "sore", "hurt", "hurts", "hurting", "ache", "aching", "swollen", "swelling")
SADDLE_AREA = one_of(
    "bum", "bottom", "buttock", "buttocks", "bum cheeks", "butt", "backside", "arse", "ass", "genitals",
    "genital", "groin", "privates", "private parts", "down there", "crotch", "anus", "back passage", "vagina",
    "vaginal", "penis", "saddle", "perineum", "inner thigh", "inner thighs", "toilet paper", "wipe", "wiping",
    "sex",
)  # fmt: skip
LEGS = one_of("legs", "both legs", "my legs", "both my legs", "feet", "both feet", "my feet", "both my feet")
BLOOD = one_of("blood", "bloody", "bleeding", "bleed")
PREGNANT = one_of("pregnant", "pregnancy", "expecting a baby")
BLADDER_OR_BOWELS = one_of(
    "bladder", "bowel", "bowels", "incontinence", "incontinent", "pee", "peeing", "peed", "wee", "weeing",
    "urine", "urinate", "urinating", "urination", "piss", "pissing", "poo", "pooing", "pooed", "poop",
    "pooping", "pooped", "faeces", "feces", "wet myself", "wet yourself", "wet themselves", "wetting myself",
    "wetting yourself", "wetting themselves", "wet the bed", "bed wetting", "soiled", "soiling", "leaking",
    "catheter", "retention",
)  # fmt: skip

WARNING_SIGNS: dict[str, tuple[Row, ...]] = {
    "bladder or bowels": (
        together(BLADDER_OR_BOWELS),
        together(
            CANT, one_of("go to the toilet", "use the toilet", "go toilet", "go to the loo", "use the loo")
        ),
    ),
    "numb around the genitals, bottom or buttocks": (
        together(NUMB, SADDLE_AREA),
        together(one_of("saddle anaesthesia", "saddle anesthesia", "cauda", "equina", "cauda equina")),
    ),
    "both legs, or legs that give way": (
        together(
            one_of(
                "both legs", "both feet", "paralysed", "paralyzed", "paralysis", "cant walk", "cannot walk"
            )
        ),
        together(one_of("unable to walk", "can not walk", "unsteady", "keep tripping", "foot drop")),
        together(one_of("lose my balance", "losing my balance", "lost my balance", "lose balance")),
        together(one_of("losing balance", "lost balance", "legs gave way", "legs giving way")),
        together(LEGS, NUMB),
        together(LEGS, WEAK),
        together(LEGS, PAIN),  # pain in both legs: the checker's both-legs line asks about it too
    ),
    "sex and feeling in the genitals": (
        together(one_of("erection", "erections", "erectile", "impotence", "impotent")),
    ),
    "fever": (
        together(one_of("fever", "fevers", "feverish", "temperature", "high temperature", "high temp")),
        together(one_of("shivering", "shivery", "shivers", "chills", "the chills", "hot and cold")),
    ),
    "chest pain or a heart attack": (
        together(one_of("chest", "chest pain", "tight chest", "heart", "heart attack", "cardiac", "angina")),
    ),
    "stroke": (
        together(one_of("stroke", "strokes", "mini stroke", "tia", "slurred", "slurring", "slurred speech")),
        together(one_of("face drooping", "drooping face", "droopy face", "face droop", "drooping", "droopy")),
        together(CANT, one_of("speak", "talk", "lift my arm", "lift arm", "raise my arm", "raise arm")),
        together(one_of("numb", "numbness", "weak", "weakness"), one_of("one side", "face", "arm", "arms")),
    ),
    "sepsis or meningitis": (
        together(one_of("sepsis", "septic", "septicaemia", "septicemia", "meningitis", "blotchy", "mottled")),
        together(one_of("confused", "confusion", "rash that does not fade", "rash that doesnt fade")),
        together(one_of("going to die", "might die", "feel like dying", "im dying", "i am dying")),
        together(one_of("pale", "grey", "gray", "blue"), one_of("skin", "lips", "tongue")),
    ),
    "a leg or foot suddenly cold, pale or blue": (
        together(
            one_of("cold", "icy", "pale", "white", "blue"), one_of("leg", "legs", "foot", "feet", "toes")
        ),
    ),
    "breathing": (
        together(CANT, one_of("breathe", "breath", "catch my breath", "get my breath")),
        together(one_of("breathless", "breathlessness", "short of breath", "shortness of breath")),
        together(one_of("difficulty breathing", "trouble breathing", "breathing difficulty", "gasping")),
        together(one_of("choking", "not breathing", "stopped breathing")),
    ),
    "coughing or being sick with blood": (
        together(BLOOD, one_of("cough", "coughing", "coughed", "vomit", "vomiting", "vomited", "sick")),
        together(BLOOD, one_of("spit", "spitting", "throwing up", "threw up", "mucus", "phlegm")),
    ),
    "fainting": (
        together(one_of("faint", "fainted", "fainting", "passed out", "pass out", "passing out")),
        together(one_of("collapse", "collapsed", "blacked out", "black out", "blackout", "unconscious")),
    ),
    "tearing pain": (
        together(one_of("tearing", "ripping"), one_of("pain", "feeling", "sensation", "back", "chest")),
        together(one_of("aneurysm", "aortic", "aorta", "dissection", "worst pain")),
        together(
            one_of("sudden", "suddenly"), one_of("tummy", "belly", "stomach", "abdomen", "abdominal"), PAIN
        ),
    ),
    "testicle pain": (
        together(one_of("testicle", "testicles", "testicular", "testes", "scrotum", "scrotal", "torsion")),
        together(one_of("balls", "nuts"), PAIN),
    ),
    "bleeding in pregnancy": (
        together(PREGNANT, BLOOD),
        together(PREGNANT, one_of("waters", "contractions", "leaking fluid")),
        together(
            one_of("baby", "babys", "babies"),
            one_of(
                "moving less",
                "moved less",
                "not moving",
                "not moved",
                "hardly moving",
                "hardly moved",
                "kicking less",
                "less movement",
                "fewer movements",
                "reduced movements",
                "reduced movement",
            ),
        ),
        together(one_of("reduced fetal movements", "reduced fetal movement")),
        together(one_of("pre eclampsia", "preeclampsia", "eclampsia")),
        together(one_of("miscarriage", "miscarrying", "ectopic", "vaginal bleeding")),
    ),
    "a serious accident or a fall": (
        together(
            one_of("accident", "car crash", "crash", "crashed", "fell", "fallen", "a fall", "fall from")
        ),
        together(one_of("knocked down", "hit by a car", "hit by car", "run over", "knocked out")),
    ),
    "an emergency": (together(one_of("emergency", "ambulance")),),
}


def words_of(text: str) -> list[str]:
    """Words as the search reads them, apostrophes dropped ("can't" is "cant") and hyphens read as spaces."""
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'").replace("-", " ")
    return [word.replace("'", "") for word in words_in(text)]


# Endings taken off a typed word, and what goes back on: "difficulties" is "difficulty", "wiping" is "wipe".
ENDINGS = (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"))
SHORTEST_BASE = 3  # "weed" is not "wee", nor "bled" "ble"


def forms(word: str) -> frozenset[str]:
    """The word and the words it may be a form of: "bottoms" is "bottom", "numbed" "numb", and a doubled last
    letter counts once ("bowells" is "bowel", "stopped" is "stop"), as the index's Porter stemmer reads them.
    Some bases are not words ("wip" from "wiping"): they are only ever compared with the terms above."""
    bases = {word} | {
        word[: -len(ending)] + added
        for ending, added in ENDINGS
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_BASE
    }
    return frozenset(bases | {base[:-1] for base in bases if len(base) > SHORTEST_BASE and _doubled(base)})


def _doubled(word: str) -> bool:
    return word[-1] == word[-2] and word[-1] not in "aeiou"


# Each row with its terms split into words as a query is, once.
_ROWS = tuple(
    tuple(tuple(tuple(words_of(term)) for term in part) for part in row)
    for rows in WARNING_SIGNS.values()
    for row in rows
)


# Real words, never "corrected" to another word by spelling.py ("stroke" to "strong"), and what a misspelt
# one ("sepsys") is corrected to. Words written here without their apostrophe count as typed with it too, or
# "can't" would be "corrected" to "cant".
CONTRACTIONS = {"cant": "can't", "dont": "don't", "doesnt": "doesn't"}
_WORDS = {word for row in _ROWS for part in row for term in part for word in term}
WARNING_WORDS = frozenset(_WORDS | {CONTRACTIONS[word] for word in _WORDS & CONTRACTIONS.keys()})


def is_a_warning_word(word: str) -> bool:
    """Whether a word is, or is a form of, a word of a warning sign ("bladders", "numbed")."""
    return not forms(word).isdisjoint(WARNING_WORDS)


def has_term(typed: list[frozenset[str]], term: tuple[str, ...]) -> bool:
    """Whether the term's words are there one after another, each as typed or in a form of it."""
    return any(
        all(word in typed[start + place] for place, word in enumerate(term))
        for start in range(len(typed) - len(term) + 1)
    )


# Words that say nothing of a sign on their own: "the" of "the chills", "out" of "black out", "myself" of
# "wet myself" ("setting myself goals" is no misspelt "wetting myself").
SAYS_NOTHING = COMMON_WORDS | {"myself", "yourself", "themselves"}


def _phrases_with() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """For each word of a term of several words, the terms it is in and where, when another of the term's
    words says something ("attack" of "heart attack"): spelling.py may complete such a phrase."""
    phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for term in sorted({term for row in _ROWS for part in row for term in part if len(term) > 1}):
        for index, word in enumerate(term):
            others = term[:index] + term[index + 1 :]
            if any(len(other) >= 4 and other not in SAYS_NOTHING for other in others):
                phrases.setdefault(word, []).append((term, index))
    return phrases


PHRASES_WITH = _phrases_with()


def completes_a_phrase(words: list[str], place: int, word: str) -> bool:
    """Whether `word` in the place of words[place] makes a term of several words there, with the term's other
    words as typed ("hart attack": "heart" makes "heart attack"), and makes the search a warning sign."""
    typed = [forms(each) for each in words]
    typed[place] = frozenset({word})
    return any(
        has_term(typed[place - index : place - index + len(term)], term)
        for term, index in PHRASES_WITH.get(word, ())
        if place >= index
    ) and is_about_a_warning_sign(" ".join([*words[:place], word, *words[place + 1 :]]))


def is_about_a_warning_sign(query: str) -> bool:
    """Whether a search names a warning sign: then its page shows the emergency card first."""
    typed = [forms(word) for word in words_of(query)]
    return any(all(any(has_term(typed, term) for term in part) for part in row) for row in _ROWS)
