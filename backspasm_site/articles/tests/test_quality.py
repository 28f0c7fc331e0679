"""Warnings about an article's text (articles/quality.py): while writing, and after a save, never a block."""

import pytest

from backspasm_site.articles import quality
from backspasm_site.articles.models import Article, Status
from tests.admin_forms import article_form_data

CHECK_URL = "/editors/article-check/"
PLAIN = "## Rest a little\n\nWalk a bit each day. Keep warm. It gets better."
HARD = (
    "Musculoskeletal paraspinal hypertonicity, characteristically precipitated by biomechanical "
    "overexertion, frequently necessitates multidisciplinary pharmacological and physiotherapeutic management."
)


def warnings(body: str) -> list[str]:
    return quality.check(body)["warnings"]


def test_plain_text_gets_its_grade_and_no_warning():
    found = quality.check(PLAIN)
    assert found["warnings"] == []
    assert found["grade"] <= 7
    assert found["grade_line"] == f"Reading grade: {found['grade']:.1f} (the site aims at 7 or lower)"


def test_a_grade_above_the_aim_is_named():
    (warning,) = warnings(HARD)
    assert warning.startswith("The reading grade is ") and "above the site's aim of 7" in warning


def test_an_image_without_alt_text_is_named():
    (warning,) = warnings(PLAIN + "\n\n![](stretch.png)")
    assert "The image stretch.png has no description (alt text)" in warning
    assert warnings(PLAIN + "\n\n![A person stretching](stretch.png)") == []


@pytest.mark.parametrize(
    "body, expected",
    [
        ("## Rest\n\nText.\n\n#### Details\n\nText.", "The heading “Details” jumps from level 2 to level 4"),
        ("### First\n\nText.", "The heading “First” jumps from level 1 to level 3"),
        ("# Back spasms\n\nText.", "The heading “Back spasms” starts with a single #"),
        # A link in a heading hid the heading from this check (each check had its own HTML reader).
        (
            "## [Causes](/articles/causes/)\n\n#### Details\n\nText.",
            "The heading “Details” jumps from level 2",
        ),
    ],
)
def test_headings_out_of_order_are_named(body, expected):
    (warning,) = warnings(body)
    assert warning.startswith(expected)


def test_headings_in_order_are_fine():
    assert warnings("## One\n\nText.\n\n### Two\n\nText.\n\n## Three\n\nText.") == []


@pytest.mark.parametrize("text", ["click here", "Here", "read more", "this link", "Read more…"])
def test_link_text_that_says_nothing_is_named(text):
    (warning,) = warnings(f"{PLAIN} See [{text}](/articles/causes/).")
    assert f"The link “{text}” (/articles/causes/) does not say where it goes" in warning


def test_link_text_that_names_the_page_is_fine():
    assert warnings(f"{PLAIN} Read about [what causes a spasm](/articles/causes/).") == []


# --- after a save in admin: the warnings show, and the page is saved anyway ---

PROBLEMS = {
    "grade": (HARD, "above the site&#x27;s aim of 7"),
    "image": (PLAIN + "\n\n![](stretch.png)", "has no description (alt text)"),
    "headings": (PLAIN + "\n\n#### Details\n\nText.", "jumps from level 2 to level 4"),
    "h1": ("# Big title\n\n" + PLAIN, "starts with a single #"),
    "link text": (PLAIN + " See [click here](/articles/causes/).", "does not say where it goes"),
    "broken link": (PLAIN + " See [the old page](/articles/no-such-page/).", "points to no page"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("problem", PROBLEMS)
def test_a_draft_saved_with_a_problem_shows_the_warning_and_is_saved(client, editor, site_content, problem):
    body, expected = PROBLEMS[problem]
    article = Article.objects.get(slug="prevention")
    article.status = Status.DRAFT
    article.save()
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    response = client.post(url, article_form_data(article, body=body, change_reason="Test"), follow=True)
    assert response.status_code == 200
    assert expected in response.text
    assert 'class="warning"' in response.text  # shown as a warning, not an error
    article.refresh_from_db()
    assert article.body == body


@pytest.mark.django_db
def test_a_change_to_a_live_page_saved_with_a_problem_shows_the_warning_and_is_kept(
    client, editor, site_content
):
    article = Article.objects.get(slug="prevention")
    client.force_login(editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    body = PLAIN + "\n\n![](stretch.png)"
    response = client.post(url, article_form_data(article, body=body, change_reason="Test"), follow=True)
    assert "has no description (alt text)" in response.text
    from backspasm_site.editorial import services

    assert services.open_change(article).fields["body"] == body


# --- the live check's endpoint ---


@pytest.mark.django_db
def test_the_check_answers_staff_with_the_grade_and_the_warnings(client, editor, site_content):
    client.force_login(editor)
    response = client.post(CHECK_URL, {"body": PLAIN + " [here](/articles/nowhere/)", "slug": "prevention"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["grade_line"].startswith("Reading grade: ")
    assert any("does not say where it goes" in w for w in answer["warnings"])
    assert any("points to no page" in w for w in answer["warnings"])
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_check_refuses_anyone_but_staff(client, django_user_model):
    assert client.post(CHECK_URL, {"body": PLAIN}).status_code == 403
    client.force_login(django_user_model.objects.create_user("reader", "r@example.org", "pw"))
    assert client.post(CHECK_URL, {"body": PLAIN}).status_code == 403
    assert client.get(CHECK_URL).status_code in (403, 405)


@pytest.mark.parametrize("slug", ["back pain", "é", "a/b", ""])
def test_the_check_answers_while_the_address_is_half_typed(client, editor, site_content, slug):
    """The editor's script posts the slug field as it stands: a value that is not a slug yet is no 500."""
    client.force_login(editor)
    response = client.post(CHECK_URL, {"body": PLAIN + " [causes](../causes/)", "slug": slug})
    assert response.status_code == 200 and response.json()["grade_line"].startswith("Reading grade: ")
