"""Links in article bodies to pages of this site that are not there (moved_pages/links.py)."""

import io

import pytest
from django.core.management import call_command

from backspasm_site.articles.models import Article, Status
from backspasm_site.editorial import services
from backspasm_site.moved_pages import links
from backspasm_site.moved_pages.models import BrokenLink, MovedPage, Problem

pytestmark = pytest.mark.django_db

# Link texts the tests add, so rows for links already in the seeded articles are told apart.
SEEDED = ["causes of back spasms"]


def with_links(slug: str, text: str) -> Article:
    article = Article.objects.get(slug=slug)
    article.body += "\n\n" + text
    article.save()
    return article


def found(article: Article, **filters) -> list[tuple[str, str, str]]:
    """What is stored for the article's links, leaving out those its seeded text has (to real pages)."""
    rows = BrokenLink.objects.filter(article=article, **filters).exclude(text__in=SEEDED)
    return sorted((row.text, row.target, row.problem) for row in rows)


def test_links_to_live_pages_lists_and_other_sites_are_fine(site_content):
    body = (
        "[causes](/articles/causes/), [relative](../causes/), [up](../../articles/symptoms/), [no slash](/articles/causes), "
        "[the list](/articles/), [a topic](/articles/topic/treatment/), [home](/), [checker](/symptom-checker/), "
        "[NHS](https://www.nhs.uk/), [mail](mailto:a@example.org), [top](#top)"
    )
    assert links.problems_in(body, "prevention") == []


@pytest.mark.parametrize(
    "href, detail",
    [
        ("/articles/no-such-page/", "there is no article at that address"),
        ("../no-such-page/", "there is no article at that address"),
        ("/articles/topic/nonsense/", "points to no page of this site"),
        ("/nowhere-at-all/", "points to no page of this site"),
    ],
)
def test_links_to_no_page_are_found(site_content, href, detail):
    (problem,) = links.problems_in(f"See [the page]({href}).", "prevention")
    assert problem.problem == Problem.NOWHERE and detail in problem.detail and problem.target == href


def test_full_addresses_of_this_site_are_checked_as_its_own_links(site_content, settings):
    settings.SITE_URL = "https://backspasm.example.org"
    body = (
        "[live](https://backspasm.example.org/articles/causes/), "
        "[gone](https://backspasm.example.org/articles/no-such-page/), "
        "[elsewhere](https://example.com/articles/no-such-page/)"
    )
    (problem,) = links.problems_in(body, "prevention")
    assert problem.target == "https://backspasm.example.org/articles/no-such-page/"
    assert problem.problem == Problem.NOWHERE


def test_a_save_stores_what_points_nowhere_and_the_next_save_clears_it(site_content):
    article = with_links("prevention", "See [an old page](/articles/no-such-page/).")
    assert found(article) == [("an old page", "/articles/no-such-page/", Problem.NOWHERE)]
    article.body = article.body.replace("/articles/no-such-page/", "/articles/causes/")
    article.save()
    assert found(article) == []


def test_a_link_to_a_draft_points_nowhere(site_content):
    draft = Article.objects.create(
        title="New", slug="new-page", summary="s", topic="treatment", body="Text.", status=Status.DRAFT
    )
    article = with_links("prevention", "See [the new page](/articles/new-page/).")
    (row,) = BrokenLink.objects.filter(article=article)
    assert row.problem == Problem.NOWHERE and "draft" in row.detail
    draft.status = Status.PUBLISHED
    draft.save()  # published: the link now works, and the list says so at once
    assert found(article) == []


def test_links_to_a_renamed_page_go_through_a_redirect_and_say_so(site_content):
    article = with_links("prevention", "See [causes](/articles/causes/).")
    causes = Article.objects.get(slug="causes")
    causes.slug = "triggers"
    causes.save()
    (row,) = BrokenLink.objects.filter(article=article, text="causes")
    assert row.problem == Problem.REDIRECT
    assert row.detail == "goes through a redirect to /articles/triggers/: update the link to point there."


def test_links_to_a_removed_page_without_a_redirect_point_nowhere(site_content):
    article = with_links("prevention", "See [causes](/articles/causes/).")
    Article.objects.get(slug="causes").delete()
    assert found(article) == [("causes", "/articles/causes/", Problem.REDIRECT)]  # to its topic's list
    MovedPage.objects.get(old_path="/articles/causes/").delete()  # an editor removes the redirect
    assert found(article) == [("causes", "/articles/causes/", Problem.NOWHERE)]


def test_a_change_waiting_for_review_has_its_links_checked_apart_from_the_page(
    site_content, editor, reviewer
):
    article = Article.objects.get(slug="prevention")
    body = article.body + "\n\nSee [gone](/articles/gone/)."
    change = services.save_change(
        obj=article, values={"body": body}, user=editor, reason="Adds a link", submit=True
    )
    assert found(article, in_pending_change=True) == [("gone", "/articles/gone/", Problem.NOWHERE)]
    assert found(article, in_pending_change=False) == []
    services.publish(change=change, user=reviewer)
    assert found(article, in_pending_change=True) == []
    assert found(article, in_pending_change=False) == [("gone", "/articles/gone/", Problem.NOWHERE)]


def test_check_links_rechecks_everything(site_content):
    article = Article.objects.get(slug="prevention")
    Article.objects.filter(pk=article.pk).update(
        body=article.body + "\n\n[gone](/articles/gone/)"
    )  # no signal
    assert not BrokenLink.objects.exists()
    out = io.StringIO()
    call_command("check_links", stdout=out)
    assert found(article) == [("gone", "/articles/gone/", Problem.NOWHERE)]
    assert "prevention: “gone” (/articles/gone/) points to no page" in out.getvalue()
    assert "Links: 1 point nowhere, 0 go through a redirect." in out.getvalue()


def test_editors_see_the_links_that_point_nowhere_in_admin(client, editor, site_content):
    with_links("prevention", "See [an old page](/articles/no-such-page/).")
    client.force_login(editor)
    listing = client.get("/admin/moved_pages/brokenlink/")
    assert listing.status_code == 200
    assert "Links that point nowhere" in listing.text
    assert "an old page" in listing.text and "/articles/no-such-page/" in listing.text
    assert "How to prevent back spasms" in listing.text


@pytest.mark.parametrize("href", ["//[abc", "//a]b/"])
def test_a_malformed_link_is_reported_and_the_save_goes_through(site_content, href):
    article = with_links("prevention", f"See [the page]({href}).")  # saved: no error from the check
    (problem,) = [p for p in links.problems_in(article.body, article.slug) if p.target == href]
    assert problem.problem == Problem.NOWHERE and "is not a web address" in problem.detail
    assert ("the page", href, Problem.NOWHERE) in found(article)
