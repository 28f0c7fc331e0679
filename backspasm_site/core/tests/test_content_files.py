import shutil

import pytest
from django.core.management import CommandError, call_command

from backspasm_site.articles.models import Article, Status
from backspasm_site.core import content_files
from backspasm_site.core.models import SiteText
from backspasm_site.symptom_checker import wording
from backspasm_site.symptom_checker.models import Advice, QuestionText
from backspasm_site.symptom_checker.red_flags import GROUP_MEMBERS, QUESTION_CODES, Urgency

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model.__name__: sorted(
            (str(row.pk), repr(row.content_fields()), str(getattr(row, "updated_at", "")))
            for row in model.objects.all()
        )
        for model in (Article, SiteText, QuestionText, Advice)
    }


def test_load_creates_every_item_in_content():
    report = content_files.load()
    assert len(report.created) == len(list(content_files.content_dir().rglob("*.md")))
    assert Article.objects.published().count() == len(
        list((content_files.content_dir() / "articles").glob("*.md"))
    )
    # One wording per question, per line of a list to tick, and per list.
    assert set(QuestionText.objects.values_list("code", flat=True)) == set(QUESTION_CODES) | set(
        GROUP_MEMBERS
    )
    assert set(Advice.objects.values_list("disposition", flat=True)) == {u.disposition for u in Urgency}
    assert SiteText.objects.filter(key="disclaimer").exists()
    assert SiteText.objects.filter(key="accessibility-statement").exists()


def test_loading_twice_changes_nothing():
    content_files.load()
    before = snapshot()
    report = content_files.load()
    assert report.created == report.updated == report.kept == []
    assert snapshot() == before


def test_an_editors_change_survives_a_reload_and_is_reported(capsys):
    content_files.load()
    article = Article.objects.get(slug="symptoms")
    article.body += "\n\nAn editor added this line."
    article.save()
    call_command("load_content")
    output = capsys.readouterr().out
    assert "kept articles/02-symptoms.md" in output
    assert "An editor added this line." in Article.objects.get(slug="symptoms").body


def test_force_overwrites_an_editors_change():
    content_files.load()
    Article.objects.filter(slug="symptoms").update(title="Changed by an editor")
    call_command("load_content", force=True, verbosity=0)
    assert Article.objects.get(slug="symptoms").title != "Changed by an editor"


def test_a_changed_file_updates_an_unedited_article(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(content_files.content_dir(), root)
    content_files.load(root=root)
    path = root / "articles" / "02-symptoms.md"
    path.write_text(path.read_text().replace("status: published", "status: draft"))
    report = content_files.load(root=root)
    assert report.updated == ["articles/02-symptoms.md"]
    assert Article.objects.get(slug="symptoms").status == Status.DRAFT


def test_export_after_load_leaves_content_byte_for_byte_unchanged(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(content_files.content_dir(), root)
    before = {path: path.read_bytes() for path in root.rglob("*.md")}
    content_files.load(root=root)
    assert content_files.export(root=root) == []
    assert {path: path.read_bytes() for path in root.rglob("*.md")} == before


def test_export_writes_an_editors_change_back_in_the_same_format(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(content_files.content_dir(), root)
    content_files.load(root=root)
    article = Article.objects.get(slug="prevention")
    article.body = article.body + "\r\n\r\nA new paragraph from admin."
    article.save()
    changed = content_files.export(root=root)
    assert [path.name for path in changed] == ["10-prevention.md"]
    text = changed[0].read_text()
    assert "\r" not in text and text.endswith("A new paragraph from admin.\n")
    Article.objects.all().delete()
    content_files.load(root=root)
    assert Article.objects.get(slug="prevention").body.endswith("A new paragraph from admin.")


def test_a_malformed_file_is_a_clear_error(tmp_path, settings):
    root = tmp_path / "content"
    shutil.copytree(content_files.content_dir(), root)
    (root / "articles" / "99-broken.md").write_text("no front matter here\n")
    settings.CONTENT_DIR = root
    with pytest.raises(CommandError, match="99-broken.md: must start with front matter"):
        call_command("load_content")
    assert not Article.objects.exists()  # all or nothing


def test_the_widened_emergency_questions_are_reworded_even_where_an_editor_changed_them(site_content):
    """Migrations 0005 and 0006 run this: an editor's old "numb" wording would not ask about tingling, and an
    old question where the page now shows a line to tick would not read as one (hazard H2)."""
    QuestionText.objects.filter(code="saddle_numbness").update(text="Is the skin around your genitals numb?")
    QuestionText.objects.create(code="accident", text="A question no longer asked")
    wording.reword_to_the_table(QuestionText)
    assert "pins and needles" in QuestionText.objects.get(code="saddle_numbness").text
    assert not QuestionText.objects.filter(code="accident").exists()
    for code, (text, _) in wording.table_wording().items():
        seed = content_files.parse(
            (content_files.content_dir() / "checker" / "questions" / f"{code}.md").read_text(),
            content_files.KINDS[2],
            f"{code}.md",
        )
        assert seed["text"] == text, f"the rule table and content/ disagree on {code}"


def test_the_lines_widened_on_review_are_reworded_and_other_edits_kept(site_content):
    """Migration 0007: pain in both legs, pale skin, steroids taken now, a cold leg, not feeling the need to
    poo: an old wording would under-ask (H2)."""
    QuestionText.objects.filter(code="both_legs").update(text="Numbness, tingling or weakness in both legs")
    QuestionText.objects.filter(code="fever").update(text="An editor's own words for fever")
    wording.reword_to_the_table(QuestionText, codes=wording.WIDENED_ON_REVIEW)
    assert QuestionText.objects.get(code="both_legs").text.startswith("Pain, numbness, tingling or weakness")
    assert QuestionText.objects.get(code="fever").text == "An editor's own words for fever"


def test_a_leg_is_asked_apart_from_an_arm_whatever_an_editor_left(site_content):
    """Migration 0009: step 3's old "an arm or a leg" line would ask a numb leg at "see a doctor" below step
    2's "get help today" (H1)."""
    QuestionText.objects.filter(code="limb_weakness").update(text="An arm or a leg feels weak or numb")
    QuestionText.objects.filter(code="leg_weakness").update(text="A leg or foot has become weak")
    QuestionText.objects.filter(code="sleep").update(text="An editor's own words for sleep")
    wording.reword_to_the_table(QuestionText, codes=wording.LEGS_APART_FROM_ARMS)
    assert QuestionText.objects.get(code="limb_weakness").text == "An arm or a hand feels weak or numb"
    assert "numb or tingly" in QuestionText.objects.get(code="leg_weakness").text
    assert QuestionText.objects.get(code="sleep").text == "An editor's own words for sleep"


def test_step_one_asks_about_today_and_the_history_says_why(site_content):
    """Migration 0010: a face that drooped and recovered went unticked under "now" (H2); each line a migration
    rewords gets a history record, as an edit in admin would."""
    QuestionText.objects.filter(code="emergency_signs").update(text="Do you have any of these now?")
    QuestionText.objects.filter(code="pregnancy").update(text="You are pregnant and are bleeding")
    before = QuestionText.history.filter(code="emergency_signs").count()
    wording.reword_to_the_table(QuestionText, codes=wording.TODAY_AND_WATERS_BROKEN)
    assert "today, even if they stopped" in QuestionText.objects.get(code="emergency_signs").text
    assert "waters have broken" in QuestionText.objects.get(code="pregnancy").text
    records = QuestionText.history.filter(code="emergency_signs")
    assert records.count() == before + 1
    assert records.latest().history_change_reason.startswith("Reworded to the rule table by a migration")
    assert "today, even if they stopped" in records.latest().text
    wording.reword_to_the_table(QuestionText, codes=wording.TODAY_AND_WATERS_BROKEN)
    assert records.count() == before + 1  # nothing to reword: no record


def test_lines_people_did_not_recognise_are_reworded_whatever_an_editor_left(site_content):
    """Migration 0011: a stream hard to stop, wiping that feels different, constant pain in pregnancy and a
    baby moving less are asked on a running site too (H2)."""
    for code in ("passing_urine", "saddle_numbness", "pregnancy_bleeding", "pregnancy", "fever"):
        QuestionText.objects.filter(code=code).update(text=f"An editor's own words for {code}")
    wording.reword_to_the_table(QuestionText, codes=wording.AS_PEOPLE_TELL_IT)
    for code in ("passing_urine", "saddle_numbness", "pregnancy_bleeding", "pregnancy"):
        assert QuestionText.objects.get(code=code).text == wording.table_wording()[code][0], code
    assert QuestionText.objects.get(code="fever").text == "An editor's own words for fever"


def test_the_chest_pain_line_asks_about_mild_pain_like_indigestion_whatever_an_editor_left(site_content):
    """Migration 0012 (H2): the NHS says a heart attack's pain can be minor, "similar to indigestion"."""
    QuestionText.objects.filter(code="chest_pain").update(text="Chest pain")
    records = QuestionText.history.filter(code="chest_pain")
    before = records.count()
    wording.reword_to_the_table(QuestionText, codes=wording.MILD_CHEST_PAIN)
    text = QuestionText.objects.get(code="chest_pain").text
    assert text == wording.table_wording()["chest_pain"][0] and "feels like indigestion" in text
    assert records.count() == before + 1
