"""The one markdown renderer cleans everything editors write (django-markdownx renders raw HTML)."""

from html.parser import HTMLParser

import pytest

from backspasm_site.core.markdown import plain_text, render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<iframe src="https://evil.example"></iframe>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](DATA:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox(1))",
    '<img src=x onerror="alert(1)">',
    '<a href="#" onclick="alert(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '![x" onerror="alert(1)](https://example.org/a.png)',
    '![x](https://example.org/a.png" onerror="alert(1))',
    '<svg><script>alert(1)</script></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    "<object data=javascript:alert(1)></object>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
]  # fmt: skip


SAFE_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "b", "i", "a", "blockquote",
             "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "img"}  # fmt: skip


class Elements(HTMLParser):
    """What a browser would build from the HTML: each element's tag and attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def assert_harmless(payload, html):
    """No element, attribute or link in `html` that could run script. Shared with the admin preview test."""
    parser = Elements()
    parser.feed(html)
    for tag, attrs in parser.elements:
        assert tag in SAFE_TAGS, (payload, tag)
        assert not [name for name in attrs if name.startswith("on") or name == "style"], (payload, attrs)
        for name in ("href", "src"):
            url = (attrs.get(name) or "").strip().lower()
            assert not url.startswith(("javascript:", "vbscript:", "data:")), (payload, attrs)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_markdown_renders_harmless(payload):
    assert_harmless(payload, render_markdown(payload))


def test_ordinary_markdown_keeps_its_structure():
    html = render_markdown("# Title\n\n## Part\n\n- **one**\n- [two](/articles/causes/)\n")
    assert "<h2>Title</h2>" in html and "<h1" not in html
    assert "<strong>one</strong>" in html
    assert '<a href="/articles/causes/" rel="noopener">two</a>' in html


def test_plain_text_strips_tags_and_entities():
    assert plain_text(render_markdown("Heat **and** rest & walking")) == "Heat and rest & walking"
