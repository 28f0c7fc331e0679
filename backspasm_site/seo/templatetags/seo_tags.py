import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from backspasm_site.seo import structured_data

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def json_ld(context, kind, article=None):
    """A <script type="application/ld+json"> data block (not code, so allowed by the coming CSP)."""
    request = context.get("request")
    data = (
        structured_data.medical_web_page(article, request) if kind == "article" else structured_data.website()
    )
    text = json.dumps(data, ensure_ascii=False, indent=None).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - <, > and & are escaped  # nosec
