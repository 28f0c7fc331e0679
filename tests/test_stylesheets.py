"""Every stylesheet the site serves is CSS a browser can read whole. A browser drops a rule or a declaration
it cannot parse without a word (an unclosed brace can take the rest of the file with it), and nothing else
checks the CSS: the pages inline site.css by its hash (core/inline_style.py) whatever it says."""

from pathlib import Path

import pytest
import tinycss2

STYLESHEETS = sorted((Path(__file__).resolve().parent.parent / "static").rglob("*.css"))


RULES_INSIDE = {
    "media",
    "supports",
    "layer",
    "container",
}  # at-rules that hold rules; others (@page) declarations


def parse_errors(rules, where="") -> list[str]:
    """Each part of these rules a browser would drop, named with its line and what went wrong."""
    errors = []
    for rule in rules:
        if rule.type == "error":
            errors.append(f"{where}line {rule.source_line}: {rule.message}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in RULES_INSIDE and rule.content is not None:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            errors += parse_errors(inner, where=f"@{rule.lower_at_keyword} ")
        elif rule.content is not None:
            # A stray "}" or ";" before a selector makes the selector, and so the rule, one a browser drops.
            stray = [token for token in rule.prelude if token.type == "error" or token == ";"]
            errors += [
                f"{where}line {token.source_line}: a stray {tinycss2.serialize([token])!r}" for token in stray
            ]
            declarations = tinycss2.parse_blocks_contents(
                rule.content, skip_comments=True, skip_whitespace=True
            )
            errors += [
                f"{where}line {item.source_line}: {item.message}"
                for item in declarations
                if item.type == "error"
            ]
    return errors


def test_there_are_stylesheets_to_check():
    assert {path.name for path in STYLESHEETS} >= {"site.css", "admin-content.css"}


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_each_stylesheet_parses_with_nothing_a_browser_would_drop(path):
    rules = tinycss2.parse_stylesheet(path.read_text(), skip_comments=True, skip_whitespace=True)
    assert parse_errors(rules) == []


@pytest.mark.parametrize(
    "broken",
    [
        "p { color: red; } } a { color: blue; }",  # a stray closing brace
        "p; a { color: blue; }",  # a stray semicolon before a selector
        "p { color red; }",  # a declaration without its colon
        "@media (min-width: 40em) { p { margin 0; } }",  # inside a media query
    ],
)
def test_the_check_finds_what_a_browser_would_drop(broken):
    rules = tinycss2.parse_stylesheet(broken, skip_comments=True, skip_whitespace=True)
    assert parse_errors(rules)
