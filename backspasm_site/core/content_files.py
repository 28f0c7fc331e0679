"""Content in the repository (content/*.md with YAML front matter) <-> content in the database.

`load_content` reads the files into the database and `export_content` writes the database back out in
exactly the same format, so that export after load changes no file. An item an editor has changed in
admin since it was loaded is never overwritten unless asked (--force): each row keeps a fingerprint of
what the loader last wrote, and a row whose current content no longer matches it was edited.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from django.db import models, transaction

from backspasm_site.articles.models import Article
from backspasm_site.core.models import SiteText
from backspasm_site.page_cache import edge
from backspasm_site.symptom_checker.models import Advice, QuestionText

FENCE = "---\n"
LOAD_REASON = "Loaded from content/ by load_content"


@dataclass(frozen=True)
class ContentKind:
    folder: str  # below content/
    model: type[models.Model]
    key: str  # the field that names an item
    body_field: str | None = "body"  # the field kept below the front matter

    def filename(self, fields: dict) -> str:
        if self.model is Article:
            return f"{fields['order']:02d}-{fields['slug']}.md"
        return f"{fields[self.key]}.md"


KINDS = (
    ContentKind("articles", Article, "slug"),
    ContentKind("site-text", SiteText, "key"),
    ContentKind("checker/questions", QuestionText, "code", body_field=None),
    ContentKind("checker/advice", Advice, "disposition"),
)


class ContentFileError(ValueError):
    pass


def fingerprint(fields: dict) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def parse(text: str, kind: ContentKind, path: Path) -> dict:
    end = text.find("\n" + FENCE, len(FENCE) - 1)
    if not text.startswith(FENCE) or end == -1:
        raise ContentFileError(f"{path}: must start with front matter between '---' lines")
    meta = yaml.safe_load(text[len(FENCE) : end + 1]) or {}
    if not isinstance(meta, dict):
        raise ContentFileError(f"{path}: front matter must be a mapping")
    if kind.body_field:
        meta[kind.body_field] = text[end + 1 + len(FENCE) :].rstrip("\n")
    expected = set(kind.model().content_fields())
    if set(meta) != expected:
        raise ContentFileError(f"{path}: fields must be exactly {sorted(expected)}, not {sorted(meta)}")
    if "related" in meta:
        meta["related"] = sorted(meta["related"] or [])
    return meta


def dump(fields: dict, kind: ContentKind) -> str:
    meta = {name: value for name, value in fields.items() if name != kind.body_field}
    text = FENCE + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000) + FENCE
    if kind.body_field:
        text += fields[kind.body_field].replace("\r\n", "\n").rstrip("\n") + "\n"
    return text


def content_dir() -> Path:
    return Path(settings.CONTENT_DIR)


def read_kind(kind: ContentKind, root: Path) -> list[tuple[Path, dict]]:
    paths = sorted((root / kind.folder).glob("*.md"))
    return [(path, parse(path.read_text(encoding="utf-8"), kind, path)) for path in paths]


def _apply(instance: models.Model, fields: dict) -> None:
    for name, value in fields.items():
        if name == "related":
            continue
        if isinstance(value, list):
            value = "\n".join(str(item) for item in value)
        setattr(instance, name, instance._meta.get_field(name).to_python(value))


@dataclass
class LoadReport:
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    kept: list[str]  # edited in admin since the last load; left as the editor made them


@transaction.atomic
def load(*, force: bool = False, root: Path | None = None) -> LoadReport:
    report = LoadReport([], [], [], [])
    root = root or content_dir()
    related_to_set: list[tuple[models.Model, list[str]]] = []
    for kind in KINDS:
        for path, fields in read_kind(kind, root):
            instance, outcome = _load_one(kind, fields, report, force=force)
            outcome.append(f"{kind.folder}/{path.name}")
            if instance is not None and "related" in fields:
                related_to_set.append((instance, fields["related"] or []))
    # Links between items are set last, once every article they may point to exists.
    for instance, slugs in related_to_set:
        instance.related.set(Article.objects.filter(slug__in=slugs))
    if report.created or report.updated:  # loaded content may show on any page
        edge.content_changed(keys=[edge.SITE_KEY])
    return report


def _load_one(kind, fields: dict, report: LoadReport, *, force: bool) -> tuple[models.Model | None, list]:
    """Write one file's item to the database unless it is unchanged or an editor changed it since the last
    load (then it is kept, unless `force`). Returns the item written (or None) and its list in the report."""
    wanted = fingerprint(fields)
    instance = kind.model.objects.filter(**{kind.key: fields[kind.key]}).first()
    if instance is None:
        instance, outcome = kind.model(), report.created
    else:
        current = fingerprint(instance.content_fields())
        if current == wanted:
            if instance.seed_fingerprint != wanted:
                kind.model.objects.filter(pk=instance.pk).update(seed_fingerprint=wanted)
            return None, report.unchanged
        if current != instance.seed_fingerprint and not force:
            return None, report.kept
        outcome = report.updated
    _apply(instance, fields)
    instance.seed_fingerprint = wanted
    instance._change_reason = LOAD_REASON  # shown in the admin history
    instance.save()
    return instance, outcome


def export(*, root: Path | None = None) -> list[Path]:
    """Write every item in the database to content/; returns the files whose text changed."""
    root = root or content_dir()
    changed = []
    for kind in KINDS:
        existing = {fields[kind.key]: path for path, fields in read_kind(kind, root)}
        (root / kind.folder).mkdir(parents=True, exist_ok=True)
        for instance in kind.model.objects.all():
            fields = instance.content_fields()
            path = existing.get(fields[kind.key]) or root / kind.folder / kind.filename(fields)
            text = dump(fields, kind)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                changed.append(path)
    return changed
