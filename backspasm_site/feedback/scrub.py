"""What is taken out of a reader's comment before it is saved: email addresses and phone numbers.

Comments are anonymous; a reader who types contact details anyway must not have them kept. The patterns
err on the side of removing too much (a long date or reference number also goes): a lost number costs
an editor nothing, a kept one is personal data.
"""

import re
import unicodedata

MAX_COMMENT_LENGTH = 500
EMAIL_REMOVED = "[email removed]"
PHONE_REMOVED = "[phone removed]"

# name@domain.tld, including what people type to get past filters: "(at)", "[at]" or " at " for the @, and
# "(dot)", "[dot]", " . " or " dot " for a dot ("jo.bloggs at gmail dot com", "jo @ example . com"). The words
# count only in an address's shape: it ends in letters after a dot, or in a common ending after the word "dot"
# ("dot com", "dot uk"), and is not the name before another "at". So "at home. Then", "at 5.30" and "the dot
# on the map" are left alone.
_AT = r"\s*(?:@|[(\[]at[)\]])\s*|\s+at\s+"
_DOT_SIGN = r"\s+\.\s+|\s*[(\[]dot[)\]]\s*"  # "." itself is part of a name: a name has only these
_ENDING = rf"(?:\.|{_DOT_SIGN})[^\W\d_]{{2,}}|\s+dot\s+(?:com|net|org|uk|ie|co|info|io|me)"
EMAIL = re.compile(
    rf"[\w.+%-]++(?:(?:{_DOT_SIGN}|\s+dot\s+)[\w.+%-]++)*(?:{_AT})"
    rf"[\w-]++(?:(?:\.|{_DOT_SIGN}|\s+dot\s+)[\w-]++)*(?:{_ENDING})(?![\w-]|{_AT})",
    re.IGNORECASE,
)
# Whatever is left with an @ in it ("me@home", "@handle") is treated as contact details too.
AT_WORD = re.compile(r"\S*@\S*")
# A run of 7 or more digits, allowing the spaces, dots, dashes (any kind), slashes, brackets and leading + of
# written phone numbers ("+44 (0)20 7946 0958", "020-7946-0958", "07700 900 123").
PHONE = re.compile(r"\+?\(?\d(?:[\s.\-\u2010-\u2015\u2212/()]*\d){6,}\)?")
# Control characters other than newlines and tabs: they only hide text from the editors reading it.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def scrub_comment(text: str) -> str:
    """The comment with contact details removed, trimmed to MAX_COMMENT_LENGTH characters."""
    text = CONTROL.sub("", text.replace("\r\n", "\n"))
    # Invisible characters (zero-width spaces and joiners, direction marks: Unicode's "format" category) also
    # hide text, and split a number or an address so no pattern sees it ("07700\u200b900\u200b123").
    text = "".join(character for character in text if unicodedata.category(character) != "Cf")
    as_typed, as_read = _without_details(text), _without_details(unicodedata.normalize("NFKC", text))
    # Read as they look too (a full-width "＠" is "@", "０７７" is "077"): if that finds more, the comment
    # is kept in that form; otherwise with the characters the reader typed.
    return (as_read if _removed(as_read) > _removed(as_typed) else as_typed).strip()[:MAX_COMMENT_LENGTH]


def _without_details(text: str) -> str:
    text = EMAIL.sub(EMAIL_REMOVED, text)
    text = AT_WORD.sub(EMAIL_REMOVED, text)
    return PHONE.sub(PHONE_REMOVED, text)


def _removed(text: str) -> int:
    return text.count(EMAIL_REMOVED) + text.count(PHONE_REMOVED)


def details_were_removed(written: str, saved: str) -> bool:
    """True when scrubbing took something out, so the reader can be told."""
    return any(saved.count(marker) > written.count(marker) for marker in (EMAIL_REMOVED, PHONE_REMOVED))
