"""The checker's rules for clinicians: every question as worded now, the answer that triggers each rule, its
level and its source, made from the rule table (red_flags.py) so a clinical safety officer can sign the rules
off without reading Python. `manage.py checker_rules` writes it to docs/checker-rules.md; clinical reviewers
see it in admin (admin.py)."""

from dataclasses import dataclass

from .red_flags import GROUPS_BY_CODE, MAIN_SOURCE, QUESTIONS_BY_CODE, RULES, Urgency

LEVEL_NAMES = {
    Urgency.EMERGENCY: "Emergency: call the emergency number or go to A&E",
    Urgency.URGENT: "Urgent: get help today (urgent GP appointment or the urgent-care line)",
    Urgency.SEE_DOCTOR: "See a doctor: book an appointment",
}
_BY_LEVEL = sorted(RULES, key=lambda r: -r.urgency)  # most urgent first


@dataclass(frozen=True)
class Row:
    rule: str
    level: str
    when: tuple[str, ...]  # "question as worded" → "answer", one a condition
    source: str
    beyond_main_source: bool


def _answer_label(question_code: str, values: frozenset[str]) -> str:
    question = QUESTIONS_BY_CODE[question_code]
    labels = [label for value, label in question.choices if value in values]
    if not question.group:
        return " or ".join(f"“{label}”" for label in labels)
    if len(labels) == 1:
        return {"Yes": "ticked", "Not sure": "“Not sure” ticked"}.get(labels[0], labels[0])
    return ", ".join(labels)


def rows(wording: dict[str, str] | None = None, rules=_BY_LEVEL) -> list[Row]:
    """The rules, most urgent first, with each question in `wording` (code → text) or its default."""
    wording = wording or {}

    def asked(code: str) -> str:
        question = QUESTIONS_BY_CODE[code]
        text = wording.get(code, question.default_text)
        if question.group:
            group = wording.get(question.group, GROUPS_BY_CODE[question.group].default_text)
            return f"{group} → “{text}”"
        return text

    return [
        Row(
            rule.code,
            LEVEL_NAMES[rule.urgency],
            tuple(f"{asked(q)}: {_answer_label(q, values)}" for q, values in rule.when),
            rule.source,
            rule.beyond_main_source,
        )
        for rule in rules
    ]


def rules_for(code: str, wording: dict[str, str] | None = None) -> list[Row]:
    """The rules a question (or a list of signs, by its group code) takes part in, as `rows` words them:
    what a change to its wording changes the meaning of, for the reviewer of that change."""
    codes = {code} | {q.code for q in QUESTIONS_BY_CODE.values() if q.group == code}
    return rows(wording, [rule for rule in _BY_LEVEL if codes & set(rule.questions)])


def rules_leading_to(disposition: str, wording: dict[str, str] | None = None) -> list[Row]:
    """The rules whose level is the result `disposition` (its advice is what a person meeting any of them
    reads), as `rows` words them; none for home care, which is the result when no rule applies."""
    return rows(wording, [rule for rule in _BY_LEVEL if rule.urgency.disposition == disposition])


def markdown(wording: dict[str, str] | None = None) -> str:
    lines = [
        "# The symptom checker's rules",
        "",
        "Generated from `backspasm_site/symptom_checker/red_flags.py` and the questions' wording by",
        "`manage.py checker_rules`: do not edit by hand. The verdict is the most urgent level of the rules",
        "that apply; with no rule, home care. An unanswered question counts as “Not sure”. In a list to",
        "tick, a sign not ticked is “No” once anything is ticked, and “Not sure” when “Not sure” is ticked.",
        "",
        "Rules marked “beyond the main source” come from the cited guidance; the others from the",
        f"{MAIN_SOURCE.lower()}.",
        "",
        "| rule | level | applies when | source |",
        "| --- | --- | --- | --- |",
    ]
    for row in rows(wording):
        when = " and ".join(part.replace("|", "\\|") for part in row.when)
        source = row.source.replace("; ", "<br>") + (
            " (beyond the main source)" if row.beyond_main_source else ""
        )
        lines.append(f"| `{row.rule}` | {row.level} | {when} | {source} |")
    return "\n".join(lines) + "\n"
