"""Pages that move (backspasm_site/moved_pages): an article's old address answers 301 to where it went."""

import pytest

from backspasm_site.articles.models import Article, Status
from backspasm_site.editorial import services
from backspasm_site.moved_pages import moves
from backspasm_site.moved_pages.models import MovedPage, Reason
from tests.admin_forms import form_fields, with_changes

pytestmark = pytest.mark.django_db

CAUSES = "/articles/causes/"


def rename(slug: str, new_slug: str) -> Article:
    article = Article.objects.get(slug=slug)
    article.slug = new_slug
    article.save()
    return article


def rename_in_admin(client, reviewer, second_reviewer, slug: str, new_slug: str) -> None:
    """As editors do it: the live page's form saved as a change, submitted, published by a second person."""
    from urllib.parse import urlencode

    article = Article.objects.get(slug=slug)
    url = f"/admin/articles/article/{article.pk}/change/"
    client.force_login(reviewer)
    fields = with_changes(
        form_fields(client.get(url).text, "article_form"), slug=new_slug, change_reason="Clearer"
    )
    data = urlencode([*fields, ("_submit_for_review", "1")])
    assert client.post(url, data, content_type="application/x-www-form-urlencoded").status_code == 302
    client.force_login(second_reviewer)
    review = f"/admin/editorial/pendingchange/{services.open_change(article).pk}/change/"
    assert client.post(review, {"_publish": "Publish this change"}).status_code == 302
    client.logout()


def assert_moved(client, old: str, new: str) -> None:
    response = client.get(old)
    assert response.status_code == 301, response.status_code
    assert response["Location"] == new


def test_a_renamed_article_published_through_review_redirects_from_its_old_address(
    client, site_content, reviewer, second_reviewer
):
    rename_in_admin(client, reviewer, second_reviewer, "causes", "triggers")
    assert client.get("/articles/triggers/").status_code == 200
    assert_moved(client, CAUSES, "/articles/triggers/")
    moved = MovedPage.objects.get(old_path=CAUSES)
    assert moved.reason == Reason.RENAMED and moved.article.slug == "triggers"


def test_the_query_string_is_kept_and_a_post_is_not_redirected(site_content, client):
    rename("causes", "triggers")
    assert_moved(client, CAUSES + "?utm_source=newsletter", "/articles/triggers/?utm_source=newsletter")
    assert client.post(CAUSES).status_code in (404, 405)


def test_chains_collapse_so_every_old_address_leads_straight_to_the_page(site_content, client):
    rename("causes", "triggers")
    rename("triggers", "what-sets-it-off")
    assert_moved(client, CAUSES, "/articles/what-sets-it-off/")
    assert_moved(client, "/articles/triggers/", "/articles/what-sets-it-off/")
    # Renamed back: the page is at its first address again, and no redirect loops.
    rename("what-sets-it-off", "causes")
    assert client.get(CAUSES).status_code == 200
    assert not MovedPage.objects.filter(old_path=CAUSES).exists()
    assert_moved(client, "/articles/triggers/", CAUSES)


def test_a_new_article_at_an_old_address_takes_it_back(site_content, client):
    rename("causes", "triggers")
    new = Article.objects.get(slug="triggers")
    new.pk, new.slug, new.title = None, "causes", "Causes, rewritten"
    new.save()
    assert client.get(CAUSES).status_code == 200
    assert not MovedPage.objects.filter(old_path=CAUSES).exists()
    assert "Causes, rewritten" in client.get(CAUSES).text


def test_a_draft_renamed_while_hidden_leads_its_old_address_to_it_once_published(site_content, client):
    article = Article.objects.get(slug="causes")
    article.status = Status.DRAFT
    article.save()
    assert_moved(client, CAUSES, "/articles/topic/understanding/")  # unpublished: its topic's list
    article.slug = "triggers"
    article.save()
    assert_moved(client, CAUSES, "/articles/topic/understanding/")  # not live at the new address yet
    article.status = Status.PUBLISHED
    article.save()
    assert_moved(client, CAUSES, "/articles/triggers/")


def test_a_deleted_article_leads_to_the_page_the_editor_chose(admin_client, client, site_content):
    article = Article.objects.get(slug="causes")
    url = f"/admin/articles/article/{article.pk}/delete/"
    page = admin_client.get(url).text
    assert 'name="moved_to"' in page and 'value="/articles/symptoms/"' in page
    response = admin_client.post(url, {"post": "yes", "moved_to": "/articles/symptoms/"}, follow=True)
    assert "Its address now leads to /articles/symptoms/" in response.text
    assert_moved(client, CAUSES, "/articles/symptoms/")
    assert MovedPage.objects.get(old_path=CAUSES).reason == Reason.REMOVED


def unpublish_form(page: str) -> list:
    fields = with_changes(form_fields(page, "article_form"), change_reason="Out of date")
    return [*fields, ("_unpublish", "1")]


def test_unpublishing_from_the_form_leads_the_address_where_the_reviewer_chose(
    client, reviewer, site_content
):
    from urllib.parse import urlencode

    article = Article.objects.get(slug="causes")
    url = f"/admin/articles/article/{article.pk}/change/"
    client.force_login(reviewer)
    page = client.get(url).text
    assert 'name="moved_to"' in page and 'value="/articles/symptoms/"' in page
    fields = [*unpublish_form(page), ("moved_to", "/articles/symptoms/")]
    response = client.post(
        url, urlencode(fields), content_type="application/x-www-form-urlencoded", follow=True
    )
    assert "Its address now leads to /articles/symptoms/" in response.text
    client.logout()
    assert_moved(client, CAUSES, "/articles/symptoms/")
    assert MovedPage.objects.get(old_path=CAUSES).reason == Reason.UNPUBLISHED
    # A value that is not one of the choices offered leads to the topic's list, as with no choice.
    article.status = Status.PUBLISHED
    article.save()
    client.force_login(reviewer)
    fields = [*unpublish_form(client.get(url).text), ("moved_to", "//elsewhere.example")]
    client.post(url, urlencode(fields), content_type="application/x-www-form-urlencoded")
    client.logout()
    assert_moved(client, CAUSES, moves.default_destination(article))


def test_a_deleted_article_without_a_choice_leads_to_its_topic_list(admin_client, client, site_content):
    article = Article.objects.get(slug="causes")
    # A crafted choice that was not offered is ignored.
    admin_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes", "moved_to": "//evil"})
    assert_moved(client, CAUSES, "/articles/topic/understanding/")


def test_redirects_to_a_page_that_is_later_removed_follow_it(site_content, client):
    rename("causes", "triggers")
    Article.objects.get(slug="triggers").delete()
    assert_moved(client, CAUSES, "/articles/topic/understanding/")


def test_a_deleted_draft_leaves_no_redirect(site_content, client):
    article = Article.objects.create(
        title="New", slug="new-page", summary="s", topic="treatment", body="Text.", status=Status.DRAFT
    )
    article.delete()
    assert client.get("/articles/new-page/").status_code == 404
    assert not MovedPage.objects.exists()


def test_the_redirect_is_seen_at_once_through_the_page_cache(
    site_content, client, reviewer, second_reviewer, django_capture_on_commit_callbacks, page_cache
):
    from backspasm_site.wsgi import application
    from tests.wsgi_client import Site

    site = Site(application)
    assert site.get(CAUSES).status == 200  # now in Django's page cache
    with django_capture_on_commit_callbacks(execute=True):  # the publish commits: its pages are forgotten
        rename_in_admin(client, reviewer, second_reviewer, "causes", "triggers")
    for _ in range(2):
        answer = site.get(CAUSES)
        assert answer.status == 301 and answer["Location"] == "/articles/triggers/"
        assert "no-cache" in answer["Cache-Control"]  # never kept: by the page cache, the edge or a browser
    assert site.get("/articles/triggers/").status == 200


def test_editors_add_a_redirect_by_hand_and_see_the_moved_pages(client, editor, site_content):
    client.force_login(editor)
    response = client.post(
        "/admin/moved_pages/movedpage/add/",
        {
            "old_path": "/back-pain-leaflet/",
            "new_path": "/articles/symptoms/",
            "note": "From the old leaflet",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    rename("symptoms", "signs")  # the hand-made redirect follows the page
    listing = client.get("/admin/moved_pages/movedpage/").text
    assert "/back-pain-leaflet/" in listing and "Added by an editor: From the old leaflet" in listing
    assert "/articles/symptoms/" in listing and "The page&#x27;s address changed" in listing
    client.logout()
    assert_moved(client, "/back-pain-leaflet/", "/articles/signs/")


def test_a_destination_an_editor_chose_stays_when_the_page_is_published_again(client, editor, site_content):
    causes = rename("causes", "triggers")  # /articles/causes/ → /articles/triggers/, the page's own
    client.force_login(editor)
    moved = MovedPage.objects.get(old_path=CAUSES)
    url = f"/admin/moved_pages/movedpage/{moved.pk}/change/"
    data = {"old_path": CAUSES, "new_path": "/articles/symptoms/", "note": "Old leaflets mean symptoms"}
    assert client.post(url, data).status_code == 302
    causes.status = Status.DRAFT
    causes.save()
    causes.status = Status.PUBLISHED
    causes.save()  # published again: its own old addresses follow it, but not the one the editor chose
    client.logout()
    assert_moved(client, CAUSES, "/articles/symptoms/")
    assert client.get("/articles/triggers/").status_code == 200


def test_the_moved_pages_form_refuses_a_live_address_and_a_page_that_does_not_exist(
    client, editor, site_content
):
    client.force_login(editor)
    response = client.post(
        "/admin/moved_pages/movedpage/add/", {"old_path": CAUSES, "new_path": "/articles/no-such-page/"}
    )
    assert response.status_code == 200
    assert "A published page is at this address" in response.text
    assert "there is no article at that address" in response.text
    assert not MovedPage.objects.exists()


@pytest.mark.parametrize(
    "elsewhere", ["//evil.example/", "/\\evil.example/", "https://evil.example/", "/a b/", "/\t/evil.example"]
)
def test_no_redirect_ever_leads_off_the_site(client, editor, site_content, elsewhere):
    """An open redirect would let a link that looks like this site's send a reader anywhere."""
    client.force_login(editor)
    response = client.post(
        "/admin/moved_pages/movedpage/add/", {"old_path": "/old-leaflet/", "new_path": elsewhere}
    )
    assert response.status_code == 200 and "Write a page of this site" in response.text
    assert not MovedPage.objects.exists()
    # And a row written some other way (a restore of the database, a script) is not followed either.
    MovedPage.objects.create(old_path="/old-leaflet/", new_path=elsewhere, reason=Reason.BY_HAND)
    client.logout()
    assert client.get("/old-leaflet/").status_code == 404


def test_publishing_a_pending_change_is_the_only_way_a_live_slug_changes(site_content, editor, reviewer):
    article = Article.objects.get(slug="causes")
    values = {"slug": "triggers", "body": article.body}
    change = services.save_change(
        obj=article, values=values, user=editor, reason="Clearer address", submit=True
    )
    assert not MovedPage.objects.exists()  # nothing public changed yet
    services.publish(change=change, user=reviewer)
    assert MovedPage.objects.get(old_path=CAUSES).new_path == "/articles/triggers/"


@pytest.mark.parametrize("path", ["/old%00page/", "/" + "a" * 300 + "/"])
def test_an_address_no_redirect_can_have_is_a_404_not_an_error(client, site_content, path):
    assert client.get(path).status_code == 404


def test_a_hand_made_redirect_that_would_loop_is_refused(client, editor, site_content):
    MovedPage.objects.create(old_path="/a/", new_path="/articles/symptoms/", reason=Reason.BY_HAND)
    MovedPage.objects.create(old_path="/articles/gone/", new_path="/a/", reason=Reason.BY_HAND)
    client.force_login(editor)
    response = client.post(
        "/admin/moved_pages/movedpage/add/", {"old_path": "/a/", "new_path": "/articles/gone/"}
    )
    assert response.status_code == 200 and "round in a circle" in response.text


def test_an_old_address_without_its_last_slash_takes_one_redirect(site_content, client):
    """It took two: Django's APPEND_SLASH to the slash form, then the moved page."""
    rename("what-is-a-back-spasm", "back-spasms-explained")
    assert_moved(client, "/articles/what-is-a-back-spasm", "/articles/back-spasms-explained/")
    assert_moved(
        client, "/articles/what-is-a-back-spasm?from=leaflet", "/articles/back-spasms-explained/?from=leaflet"
    )
    assert_moved(client, "/articles/causes", "/articles/causes/")  # a live page: Django adds the slash


def test_an_editors_redirect_answers_with_or_without_the_last_slash(site_content, client):
    MovedPage.objects.create(old_path="/old-page/", new_path="/articles/symptoms/", reason=Reason.BY_HAND)
    MovedPage.objects.create(old_path="/other-old", new_path="/articles/causes/", reason=Reason.BY_HAND)
    for old, new in [("/old-page/", "/articles/symptoms/"), ("/other-old", "/articles/causes/")]:
        assert_moved(client, old, new)
        assert_moved(client, old.rstrip("/") if old.endswith("/") else old + "/", new)
    # Written both ways, each its own: the one asked for exactly is the one used.
    MovedPage.objects.create(old_path="/other-old/", new_path="/articles/diagnosis/", reason=Reason.BY_HAND)
    assert_moved(client, "/other-old", "/articles/causes/")
    assert_moved(client, "/other-old/", "/articles/diagnosis/")


@pytest.mark.parametrize("first", ["when-to-get-help", "when-to-get-help-easy-read"])
def test_a_topic_with_no_pages_left_is_never_where_an_address_leads(site_content, client, first):
    """Its list is a 404 then: unpublished or deleted, the last pages of a topic lead to the list of all
    articles, and so do the addresses that led to the topic's list before."""
    assert Article.objects.published().filter(topic="getting-help").count() == 2
    for slug in (first, *({"when-to-get-help", "when-to-get-help-easy-read"} - {first})):
        article = Article.objects.get(slug=slug)
        article.status = Status.DRAFT
        article.save()
    assert client.get("/articles/topic/getting-help/").status_code == 404
    for slug in ("when-to-get-help", "when-to-get-help-easy-read"):
        assert_moved(client, f"/articles/{slug}/", "/articles/")
    assert MovedPage.objects.filter(new_path="/articles/topic/getting-help/").count() == 0


def test_deleting_a_topics_last_page_leads_to_the_list_of_all_articles(site_content, client):
    Article.objects.filter(slug="when-to-get-help-easy-read").delete()
    assert_moved(client, "/articles/when-to-get-help-easy-read/", "/articles/topic/getting-help/")
    Article.objects.filter(slug="when-to-get-help").delete()
    assert_moved(client, "/articles/when-to-get-help/", "/articles/")
    assert_moved(client, "/articles/when-to-get-help-easy-read/", "/articles/")
    assert [label for _, label in moves.destinations(Article(topic="getting-help"))][:2] == [
        "The list of all articles (the default)",
        "The home page",
    ]


def test_a_topic_left_empty_by_a_change_of_topic_is_never_where_an_address_leads(site_content, client):
    article = Article.objects.get(slug="when-to-get-help")
    article.status = Status.DRAFT
    article.save()
    assert_moved(client, "/articles/when-to-get-help/", "/articles/topic/getting-help/")
    moved = Article.objects.get(slug="when-to-get-help-easy-read")
    moved.topic = "treatment"
    moved.save()
    assert_moved(client, "/articles/when-to-get-help/", "/articles/")
