"""A readable diff of a pending change against the live page: everything a reader would meet.

Markdown fields are compared as rendered text (headings and list items on lines of their own, no markup),
word by word, with what goes shown in <del> and what comes in <ins>; every word is escaped. Beside the
words, each markdown field's links (text → address, and whether it leaves the site), images (address and
alt text) and headings (with their level) are compared as lists, since the words alone hide them. If a
field still differs in a way none of these shows (emphasis, say), its markdown is compared as it is:
"nothing changes" is said only when nothing does.
"""

import difflib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from markdownx.models import MarkdownxField

from backspasm_site.core.markdown import HtmlParts, plain_text, render_markdown

from .services import live_values
from .services.common import CONTENT_EXCLUDED

BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|tr|blockquote|pre)>|<br\s*/?>", re.IGNORECASE)
# Block starts too: "## Causes" then "What causes" must never read as "Causeswhat causes".
BLOCK_START = re.compile(r"<(?:p|h[1-6]|li|tr|blockquote|pre|td|th)\b[^>]*>", re.IGNORECASE)
TOKENS = re.compile(r"\n|[^\S\n]+|[^\s]+")


@dataclass
class FieldDiff:
    label: str
    html: SafeString


def _parts(value) -> dict[str, list[str]]:
    """The links, images and headings of a markdown field's value, as the review lists them."""
    parts = HtmlParts(render_markdown(value or ""), image_in_link_text=True)
    return {
        "links": [
            f"“{text}” → {href}{' (leaves the site)' if leaves_the_site(href) else ''}"
            for text, href in parts.links
        ],
        "images": [
            f"{src} (alt text: {alt or 'none: the picture is not described'})" for src, alt in parts.images
        ],
        "headings": [f"Heading (level {level}): {text}" for level, text in parts.headings],
    }


def leaves_the_site(href: str) -> bool:
    parts = urlsplit(href)
    host = (parts.hostname or "").lower()
    if parts.scheme in ("mailto", "tel") or not host:
        return False
    own = (urlsplit(settings.SITE_URL).hostname, *settings.ALLOWED_HOSTS)
    return host not in {h.lower() for h in own if h and not h.startswith(".")}


def readable_text(field, value) -> str:
    """What a reader sees of a field's value, as lines of plain text."""
    if value in (None, ""):
        return ""
    if field.many_to_many:
        items = field.related_model._default_manager.filter(pk__in=value)
        return "\n".join(sorted(linked_item(item) for item in items))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, MarkdownxField):
        html = BLOCK_END.sub("\n", BLOCK_START.sub("\n", render_markdown(value)))
        lines = (plain_text(line) for line in html.split("\n"))
        return "\n".join(line for line in lines if line)
    return str(value)


def linked_item(item) -> str:
    """A linked item (a related page) by its title and its address: two pages may share a title, and one
    swapped for the other must show."""
    address = item.get_absolute_url() if hasattr(item, "get_absolute_url") else f"#{item.pk}"
    return f"{item} ({address})"


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


def markdown_diffs(label: str, old: str, new: str) -> list[FieldDiff]:
    """A markdown field's words, links, images and headings; its markdown itself if none of them differs."""
    diffs = []
    old_text, new_text = readable_text_of_markdown(old), readable_text_of_markdown(new)
    if old_text != new_text:
        diffs.append(FieldDiff(label, inline_diff(old_text, new_text)))
    old_parts, new_parts = _parts(old), _parts(new)
    for kind, name in (("links", "Links"), ("images", "Images"), ("headings", "Headings")):
        before, after = old_parts[kind], new_parts[kind]
        if before != after:
            diffs.append(
                FieldDiff(f"{name} in {label.lower()}", inline_diff("\n".join(before), "\n".join(after)))
            )
    if not diffs and (old or "").replace("\r\n", "\n") != (new or "").replace("\r\n", "\n"):
        diffs.append(FieldDiff(f"{label} (markdown)", inline_diff(old or "", new or "")))
    return diffs


def readable_text_of_markdown(value) -> str:
    return readable_text(MarkdownxField(), value)


def values_diffs(model, old: dict, new: dict) -> list[FieldDiff]:
    """One entry (or several, for markdown) per field whose value differs between two sets of values."""
    diffs = []
    for field in [*model._meta.fields, *model._meta.many_to_many]:
        if field.name not in new or new[field.name] == old.get(field.name):
            continue
        label = str(field.verbose_name).capitalize()
        if isinstance(field, MarkdownxField):
            diffs.extend(markdown_diffs(label, old.get(field.name), new[field.name]))
            continue
        before = readable_text(field, old.get(field.name))
        after = readable_text(field, new[field.name])
        if before == after:
            continue  # the same to a reader (a list of ids in another order, say)
        diffs.append(FieldDiff(label, inline_diff(before or "(empty)", after or "(empty)")))
    return diffs


def shown(change) -> dict:
    """The words the review page shows: a new page's draft as it is, or the change's proposed values."""
    if change.new_page:
        target = change.target
        return live_values(target, page_fields(change.model)) if target is not None else {}
    return change.fields


def field_diffs(change) -> list[FieldDiff]:
    """Every difference the change makes to the live page, in the model's field order; for a new page,
    all of the draft, as new."""
    target = change.target
    live = live_values(target, change.fields) if target is not None and not change.new_page else {}
    return values_diffs(change.model, live, shown(change))


def page_fields(model) -> list[str]:
    """The fields an editor writes (not the status or review dates, which are decisions about the page)."""
    fields = [*model._meta.fields, *model._meta.many_to_many]
    return [f.name for f in fields if f.editable and not f.primary_key and f.name not in CONTENT_EXCLUDED]


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
