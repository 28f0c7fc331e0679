"""An item's field values as JSON (what a change holds), and the version a form was opened on: a save over
someone else's newer save is refused."""

import datetime
from dataclasses import dataclass

from backspasm_site.core.markdown import render_body

from ..models import Action, PendingChange
from .common import CONTENT_EXCLUDED, is_live, open_change


def to_json(field, value):
    if field.many_to_many:
        return sorted(item.pk for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace("\r\n", "\n")  # browsers post CRLF; the live rows hold LF (render_body)
    return value


def live_values(obj, names) -> dict:
    stored = type(obj)._default_manager.get(pk=obj.pk)
    fields = {name: stored._meta.get_field(name) for name in names}
    return {name: to_json(field, field.value_from_object(stored)) for name, field in fields.items()}


def _stored(obj) -> bool:
    return obj.pk is not None and type(obj)._default_manager.filter(pk=obj.pk).exists()


def values_from_form(form) -> dict:
    """The model fields a change form holds, as the writer left them."""
    opts = form._meta.model._meta
    fields = {f.name: f for f in opts.get_fields() if getattr(f, "editable", False) and not f.primary_key}
    return {name: to_json(fields[name], value) for name, value in form.cleaned_data.items() if name in fields}


def form_writes_content(form) -> bool:
    """Whether a posted form changes the words or links of its stored item (not only its review dates)."""
    instance = form.instance
    if not _stored(instance):  # new, or a deleted item being restored: every word is written now
        return True
    values = {k: v for k, v in values_from_form(form).items() if k not in CONTENT_EXCLUDED}
    return values != live_values(instance, values)


def apply_values(obj, values: dict) -> dict:
    """Set the plain fields of `values` on `obj` (unsaved); return the links, {field name: [ids]}."""
    links = {}
    for name, value in values.items():
        field = obj._meta.get_field(name)
        if field.many_to_many:
            links[name] = value
        elif field.is_relation:
            setattr(obj, field.attname, value)
        else:
            setattr(obj, name, field.to_python(value))
    return links


def preview(obj, change: PendingChange):
    """A copy of `obj` as the change would make it, never saved: for staff previews and diffs."""
    copy = type(obj)._default_manager.get(pk=obj.pk)
    links = apply_values(copy, change.fields)
    if hasattr(copy, "body_html"):
        render_body(copy)
    copy._pending_links = links
    return copy


@dataclass
class Version:
    """What an item's form shows now: the live row's last save and the words last written into its open
    change. `token` goes in the form as it opens; `by` and `at` say who saved last, and when."""

    token: str
    by: object = None
    at: datetime.datetime | None = None


def current_version(obj) -> Version:
    if obj is None or obj.pk is None:
        return Version("new")
    saved = obj.history.filter(id=obj.pk).order_by("-history_date", "-history_id").first()
    change = open_change(obj)
    wrote = change.events.filter(action=Action.WROTE).order_by("-at", "-pk").first() if change else None
    token = f"{saved.history_id if saved else 0}.{wrote.pk if wrote else 0}"
    saves = [(saved.history_date, saved.history_user)] if saved else []
    saves += [(wrote.at, wrote.user)] if wrote else []
    at, by = max(saves, key=lambda pair: pair[0], default=(None, None))
    return Version(token, by=by, at=at)


def values_now(obj, names) -> dict:
    """The values a form for `obj` opens with now: the live row's, with its open change's words on top (none
    if the row is gone: a deleted item being restored)."""
    if not _stored(obj):
        return {}
    values = live_values(obj, names)
    change = open_change(obj) if is_live(obj) else None
    if change is not None:
        values.update({name: value for name, value in change.fields.items() if name in values})
    return values
