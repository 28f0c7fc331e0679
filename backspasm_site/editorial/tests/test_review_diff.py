"""The review page shows every difference a reader would meet (editorial/diff.py): the words, and the
links, images and headings the words alone hide; "nothing changes" only when nothing does."""

import html

import pytest
from django.urls import reverse

from backspasm_site.articles.models import Article
from backspasm_site.editorial import diff, services
from backspasm_site.symptom_checker.models import Advice

pytestmark = pytest.mark.django_db

LINK = "Read [how to look after your back](/articles/home-treatment/) first."
BAD_LINK = "Read [how to look after your back](https://example.com/miracle-back-cure) first."


@pytest.fixture
def article(site_content, editor):
    article = Article.objects.get(slug="causes")
    article.body += f"\n\n## Looking after yourself\n\n{LINK}\n"
    article.save()
    return article


def review(article, editor, body):
    change = services.save_change(
        obj=article, values={"body": body}, user=editor, reason="Tidy wording", submit=True
    )
    return {item.label: str(item.html) for item in diff.field_diffs(change)}, change


def test_a_link_pointed_elsewhere_shows_old_and_new_address_and_that_it_leaves_the_site(article, editor):
    diffs, _ = review(article, editor, article.body.replace(LINK, BAD_LINK))
    assert list(diffs) == ["Links in body"]  # the words a reader sees are the same
    shown = diffs["Links in body"]
    assert "<del>/articles/home-treatment/</del>" in shown
    assert "<ins>https://example.com/miracle-back-cure" in shown and "(leaves the site)</ins>" in shown


def test_an_added_image_shows_with_its_alt_text(article, editor):
    body = article.body + "\n\n![A person stretching their back](/media/markdownx/stretch.png)\n"
    diffs, _ = review(article, editor, body)
    assert list(diffs) == ["Images in body"]
    assert "/media/markdownx/stretch.png" in diffs["Images in body"]
    assert "alt text: A person stretching their back" in diffs["Images in body"]


def test_a_removed_image_and_an_image_without_alt_text_show(article, editor):
    article.body += "\n\n![Old picture](/media/markdownx/old.png)\n"
    article.save()
    diffs, _ = review(article, editor, article.body.replace("![Old picture]", "![]"))
    shown = diffs["Images in body"]
    assert "<del>Old</del>" in shown and "not described" in shown


def test_a_heading_level_change_shows(article, editor):
    diffs, _ = review(article, editor, article.body.replace("## Looking after", "### Looking after"))
    assert "Headings in body" in diffs and "level" in diffs["Headings in body"]


def test_markdown_that_changes_no_word_link_image_or_heading_still_shows(article, editor):
    diffs, _ = review(article, editor, article.body.replace(LINK, LINK.replace("first", "*first*")))
    assert list(diffs) == ["Body (markdown)"] and "*first*" in diffs["Body (markdown)"]


def test_the_review_page_says_nothing_changes_only_when_nothing_does(client, article, editor, reviewer):
    _, change = review(article, editor, article.body.replace(LINK, BAD_LINK))
    client.force_login(reviewer)
    page = client.get(reverse("admin:editorial_pendingchange_change", args=[change.pk])).text
    assert "Nothing: this change is the same as the live page" not in page
    assert "https://example.com/miracle-back-cure (leaves the site)" in page
    same = services.save_change(
        obj=article, values={"body": article.body}, user=editor, reason="Tidy wording"
    )
    page = client.get(reverse("admin:editorial_pendingchange_change", args=[same.pk])).text
    assert "Nothing: this change is the same as the live page" in page


def test_title_summary_slug_and_review_date_changes_show(article, editor, reviewer):
    values = {"title": "Why backs spasm", "summary": "A new summary.", "slug": "why-backs-spasm"}
    change = services.save_change(obj=article, values=values, user=editor, reason="Tidy wording")
    labels = [item.label for item in diff.field_diffs(change)]
    assert labels == ["Title", "Slug", "Summary"]


def test_block_starts_keep_words_apart():
    text = diff.readable_text_of_markdown("## Causes\nWhat causes it")
    assert text.split("\n") == ["Causes", "What causes it"]


def test_a_checker_question_change_has_a_preview_link_and_shows_its_wording(
    client, site_content, editor, reviewer
):
    from backspasm_site.symptom_checker.models import QuestionText

    question = QuestionText.objects.first()
    change = services.save_change(
        obj=question, values={"text": "A new wording?"}, user=editor, reason="Plainer", submit=True
    )
    client.force_login(reviewer)
    page = client.get(reverse("admin:editorial_pendingchange_change", args=[change.pk])).text
    assert 'href="/symptom-checker/preview-changes/"' in page and "<ins>" in page


def test_any_two_versions_in_the_history_compare_as_a_review_does(client, article, editor, reviewer):
    article.body = article.body.replace("/articles/home-treatment/", "https://example.com/miracle-back-cure")
    article.save()
    versions = list(article.history.order_by("history_date", "history_id"))
    client.force_login(reviewer)
    history = client.get(reverse("admin:articles_article_history", args=[article.pk])).text
    assert 'id="compare-versions"' in history
    compare = reverse("admin:articles_article_compare", args=[article.pk])
    page = client.get(compare, {"from": versions[-1].history_id, "to": versions[-2].history_id}).text
    assert "Links in body" in page and "https://example.com/miracle-back-cure (leaves the site)" in page
    same = client.get(compare, {"from": versions[-1].history_id, "to": versions[-1].history_id}).text
    assert "Nothing: the two versions read the same." in same
    assert client.get(compare, {"from": "x", "to": "1"}).status_code == 404


def test_a_checker_question_change_shows_the_rules_its_words_lead_to(client, site_content, editor, reviewer):
    from backspasm_site.symptom_checker.models import QuestionText

    question = QuestionText.objects.get(code="saddle_numbness")
    change = services.save_change(
        obj=question, values={"text": "Numb between the legs?"}, user=editor, reason="Plainer", submit=True
    )
    client.force_login(reviewer)
    page = client.get(reverse("admin:editorial_pendingchange_change", args=[change.pk])).text
    triggers = page[
        page.index('id="change-triggers"') : page.index("</table>", page.index('id="change-triggers"'))
    ]
    assert "Emergency" in triggers and "Numb between the legs?" in triggers


def test_an_advice_change_shows_its_words_and_the_rules_whose_result_shows_it(
    client, site_content, editor, reviewer
):
    from backspasm_site.symptom_checker.models import Advice, QuestionText

    emergency = Advice.objects.get(disposition="emergency")
    change = services.save_change(
        obj=emergency, values={"title": "Phone for help now"}, user=editor, reason="Plainer", submit=True
    )
    client.force_login(reviewer)
    page = client.get(reverse("admin:editorial_pendingchange_change", args=[change.pk])).text
    diff_table = page[page.index('id="change-diff"') : page.index("</table>", page.index('id="change-diff"'))]
    assert "Title" in diff_table and "<del>emergency_number</del><ins>help</ins>" in diff_table  # its words
    triggers = page[
        page.index('id="change-triggers"') : page.index("</table>", page.index('id="change-triggers"'))
    ]
    numb = QuestionText.objects.get(code="saddle_numbness").text
    assert "Emergency" in triggers and numb in triggers
    assert "See a doctor" not in triggers and "Urgent:" not in triggers

    home = Advice.objects.get(disposition="self-care")
    change = services.save_change(
        obj=home, values={"title": "Rest and keep moving"}, user=editor, reason="Plainer", submit=True
    )
    page = client.get(reverse("admin:editorial_pendingchange_change", args=[change.pk])).text
    assert 'id="change-triggers"' not in page
    assert "Shown when none of the checker's rules applies" in html.unescape(page)


def twin_of(page, slug):
    """Another page with the same title as `page`: an old copy, an Easy Read draft, a page of another topic."""
    twin = Article.objects.get(slug=page.slug)
    twin.pk, twin.id, twin.slug = None, None, slug
    twin.save()
    return twin


def test_a_related_page_swapped_for_another_with_the_same_title_shows(client, article, editor, reviewer):
    listed = article.related.order_by("pk").first()
    twin = twin_of(listed, "old-copy")
    ids = sorted({*article.related.values_list("pk", flat=True)} - {listed.pk} | {twin.pk})
    change = services.save_change(
        obj=article, values={"related": ids}, user=editor, reason="Swap", submit=True
    )
    diffs = {item.label: str(item.html) for item in diff.field_diffs(change)}
    assert list(diffs) == ["Related"]
    swapped = f"<del>({listed.get_absolute_url()})</del><ins>({twin.get_absolute_url()})</ins>"
    assert f"{listed.title} {swapped}" in diffs["Related"]
    client.force_login(reviewer)
    page = client.get(reverse("admin:editorial_pendingchange_change", args=[change.pk])).text
    assert "Nothing: this change is the same as the live page" not in page


def test_the_results_related_articles_swapped_for_one_with_the_same_title_show(site_content, editor):
    advice = Advice.objects.filter(related__isnull=False).first()
    listed = advice.related.order_by("pk").first()
    twin = twin_of(listed, "old-copy")
    ids = sorted({*advice.related.values_list("pk", flat=True)} - {listed.pk} | {twin.pk})
    change = services.save_change(obj=advice, values={"related": ids}, user=editor, reason="Swap")
    shown = {item.label: str(item.html) for item in diff.field_diffs(change)}
    assert twin.get_absolute_url() in shown["Related"]
