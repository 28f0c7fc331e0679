"""The README's map of a request names files that exist, as the hazard log's check does for its own."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def map_section() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("### Where a page comes from")
    return readme[start : readme.index("\n- **Content** lives in", start)]


def test_every_file_the_request_map_names_exists():
    named = set(
        re.findall(
            r"`((?:backspasm_site|templates|deploy|tests)/[\w/.-]+|gunicorn\.conf\.py)`", map_section()
        )
    )
    assert len(named) >= 20, named  # the map names a file for each step
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"README's request map names files that do not exist: {missing}"


def test_the_functions_the_map_names_are_where_it_says():
    for path, function in [
        ("backspasm_site/articles/views.py", "article_detail"),
        ("backspasm_site/symptom_checker/views.py", "step"),
        ("backspasm_site/symptom_checker/red_flags.py", "evaluate"),
        ("backspasm_site/core/views.py", "csrf_failure"),
        ("backspasm_site/page_cache/edge.py", "content_changed"),
        ("backspasm_site/editorial/services/changes.py", "publish"),
    ]:
        assert f"`{function}`" in map_section()
        assert re.search(rf"^def {function}\(", (ROOT / path).read_text(), re.M), (path, function)


def test_a_newcomers_three_questions_each_need_at_most_four_files():
    answers = re.findall(r"^- \*\*(.+?\?)\*\*(.*?)(?=^- \*\*|^\*\*GET)", map_section(), re.M | re.S)
    assert [question for question, _ in answers] == [
        "Where does a page come from?",
        "What does Publish do?",
        "How does an edit reach Varnish?",
    ]
    for question, answer in answers:
        files = set(re.findall(r"`((?:backspasm_site|templates|deploy)/[\w/.-]+\.\w+)`", answer))
        assert 1 <= len(files) <= 4, (question, sorted(files))
        assert all((ROOT / path).exists() for path in files), (question, sorted(files))
