"""docs/clinical-safety.md cannot go stale silently: every test and file it names must exist."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "docs" / "clinical-safety.md"
FIELDS = ("**Cause:**", "**Effect:**", "**Controls:**", "**Tests:**", "**Open:**")
# Whole-site suites are in tests/, unit tests beside their code (backspasm_site/<app>/tests/).
TEST_REF = re.compile(r"`((?:backspasm_site/\w+/)?tests/[\w/]+\.py)::(\w+)`")
FILE_REF = re.compile(r"`((?:backspasm_site|templates|static|content|tests|docs)/[\w./-]+|[\w-]+\.py)`")


def hazards() -> dict[str, str]:
    """{"H1. False reassurance from the checker": section text, ...}"""
    sections = re.split(r"^## ", LOG.read_text(encoding="utf-8"), flags=re.M)[1:]
    return {s.splitlines()[0]: s for s in sections if re.match(r"H\d+\. ", s)}


@cache
def defined_tests(path: Path) -> frozenset[str]:
    """Names pytest would collect as tests in a file: module-level and class-level test_* functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return frozenset(
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    )


def test_the_log_lists_the_hazards_the_issue_names():
    titles = " ".join(hazards()).lower()
    for hazard in ["false reassurance", "emergency sign missed", "stale content", "broken or injected",
                   "editor's mistake", "emergency number", "answers leak",
                   "exercise done by someone who should not", "picture misread"]:  # fmt: skip
        assert hazard in titles, hazard
    numbers = [int(re.match(r"H(\d+)", title).group(1)) for title in hazards()]
    assert numbers == list(range(1, len(numbers) + 1)), "hazards are numbered H1, H2, ... in order"


@pytest.mark.parametrize("title", list(hazards()))
def test_each_hazard_has_a_cause_an_effect_controls_and_tests(title):
    section = hazards()[title]
    positions = [section.find(field) for field in FIELDS]
    assert -1 not in positions, f"{title}: needs {FIELDS}"
    assert positions == sorted(positions), f"{title}: fields in the order {FIELDS}"
    controls = section[positions[2] : positions[3]]
    tests = section[positions[3] : positions[4]]
    assert FILE_REF.search(controls), f"{title}: a control names the file it is in"
    assert TEST_REF.search(tests), f"{title}: at least one test proves the controls"


def missing_tests(text: str) -> list[str]:
    return [
        f"{file}::{name}"
        for file, name in TEST_REF.findall(text)
        if not (ROOT / file).is_file() or name not in defined_tests(ROOT / file)
    ]


def test_every_test_named_in_the_log_exists():
    text = LOG.read_text(encoding="utf-8")
    assert len(TEST_REF.findall(text)) >= 20
    missing = missing_tests(text)
    assert not missing, f"named in docs/clinical-safety.md but not found: {missing}"


def test_every_file_named_in_the_log_exists():
    names = FILE_REF.findall(LOG.read_text(encoding="utf-8"))
    assert names
    assert not [name for name in names if not (ROOT / name).exists()]


RED_FLAGS = "backspasm_site/symptom_checker/tests/test_red_flags.py"


def test_the_check_reports_a_renamed_a_helper_or_a_missing_file():
    text = (
        f"`{RED_FLAGS}::test_scenario` `{RED_FLAGS}::test_scenario_renamed` `{RED_FLAGS}::answers` "
        "`tests/test_gone.py::test_x` `tests/test_clinical_safety_log.py::test_every_test_named_in_the_log_exists`"
    )
    assert missing_tests(text) == [
        f"{RED_FLAGS}::test_scenario_renamed",
        f"{RED_FLAGS}::answers",
        "tests/test_gone.py::test_x",
    ]
