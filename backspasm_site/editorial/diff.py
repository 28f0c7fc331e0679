"""A readable diff of a pending change against the live page: the words as a reader sees them.

Markdown fields are compared as rendered text (headings and list items on lines of their own, no markup),
word by word, with what goes shown in <del> and what comes in <ins>; every word is escaped.
"""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdownx.models import MarkdownxField

from backspasm_site.core.markdown import plain_text, render_markdown

from .services import live_values

BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|tr|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)
TOKENS = re.compile(r"\n|[^\S\n]+|[^\s]+")


@dataclass
class FieldDiff:
    label: str
    html: SafeString


def readable_text(field, value) -> str:
    """What a reader sees of a field's value, as lines of plain text."""
    if value in (None, ""):
        return ""
    if field.many_to_many:
        names = field.related_model._default_manager.filter(pk__in=value)
        return "\n".join(sorted(str(item) for item in names))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, MarkdownxField):
        html = BLOCK_END.sub("\n", render_markdown(value))
        lines = (plain_text(line) for line in html.split("\n"))
        return "\n".join(line for line in lines if line)
    return str(value)


def inline_diff(old: str, new: str) -> SafeString:
    """Word by word: removed words in <del>, added words in <ins>, line breaks kept."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    out = []

    def words(tokens, tag=None):
        text = "".join("<br>" if t == "\n" else escape(t) for t in tokens)
        return f"<{tag}>{text}</{tag}>" if tag and text.strip() else text

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(words(a[i1:i2]))
        if op in ("delete", "replace"):
            out.append(words(a[i1:i2], "del"))
        if op in ("insert", "replace"):
            out.append(words(b[j1:j2], "ins"))
    return mark_safe("".join(out))  # noqa: S308  # nosec: every word is escaped above


def field_diffs(change) -> list[FieldDiff]:
    """One entry per field the change makes different from the live page, in the model's field order."""
    model = change.model
    target = change.target
    live = live_values(target, change.fields) if target is not None else {}
    diffs = []
    for field in [*model._meta.fields, *model._meta.many_to_many]:
        if field.name not in change.fields or change.fields[field.name] == live.get(field.name):
            continue
        old = readable_text(field, live.get(field.name))
        new = readable_text(field, change.fields[field.name])
        if old != new:
            diffs.append(FieldDiff(str(field.verbose_name).capitalize(), inline_diff(old, new)))
    return diffs


def live_changed_since_written(change) -> list[str]:
    """The fields whose live value changed after the change was first written (its writer did not see it)."""
    if change.target is None:
        return []
    live = live_values(change.target, change.live_when_written)
    model = change.model
    return [
        str(model._meta.get_field(name).verbose_name)
        for name, value in change.live_when_written.items()
        if live.get(name) != value
    ]
