"""Read an HTML form's fields as a browser would submit them, to post admin forms as an editor does."""

from html.parser import HTMLParser

from django.urls import reverse


class _FormParser(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_form = a.get("id") == self.form_id
        if not self.in_form or "name" not in a and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image") or (
                kind in ("checkbox", "radio") and "checked" not in a
            ):
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.in_form = False


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    parser = _FormParser(form_id)
    parser.feed(html)
    assert parser.fields, f"no form #{form_id} in the page"
    return parser.fields


def with_changes(fields: list[tuple[str, str]], **changes) -> list[tuple[str, str]]:
    return [(name, changes.get(name, value)) for name, value in fields]


def change_article_in_admin(client, slug: str, **changes) -> None:
    """A change to a live article as editors make one: its admin form saved with every field as the form
    holds it but `changes` and submitted for review, then published by a second person (the writer of a
    change to clinical content cannot publish it: editorial/services/)."""
    from urllib.parse import urlencode

    from django.contrib.auth import get_user_model
    from django.test import Client

    from backspasm_site.articles.models import Article
    from backspasm_site.editorial import services

    article = Article.objects.get(slug=slug)
    change_url = f"/admin/articles/article/{article.pk}/change/"
    fields = form_fields(client.get(change_url).content.decode(), "article_form")
    fields = [*with_changes(fields, change_reason="A test change", **changes), ("_submit_for_review", "1")]
    response = client.post(change_url, urlencode(fields), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302, response.content.decode()[:3000]
    second = Client()
    second.force_login(
        get_user_model().objects.create_superuser("second-reviewer", "second@example.org", None)
    )
    review_url = f"/admin/editorial/pendingchange/{services.open_change(article).pk}/change/"
    assert second.post(review_url, {"_publish": "Publish this change"}).status_code == 302


def article_form_data(article, **changes) -> dict:
    """What an article's change form posts (its editable fields), with `changes` applied."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "topic": article.topic,
        "order": article.order,
        "body": article.body,
        "sources": article.sources,
        "next_review_due": article.next_review_due.isoformat(),
        "related": [str(pk) for pk in article.related.values_list("pk", flat=True)],
    }
    data.update(changes)
    return data


def change_url(item) -> str:
    """The admin change page of any item."""
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
