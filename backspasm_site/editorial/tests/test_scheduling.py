"""Publishing a change at a chosen time, taking an article down at a chosen time, and `manage.py publish_due`
that does both when the time comes (backspasm_site/editorial/services/scheduling.py)."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.urls import reverse
from django.utils import timezone

from backspasm_site.articles.models import Article, Status
from backspasm_site.editorial import services
from backspasm_site.editorial.models import Action, State
from backspasm_site.editorial.services import changes
from tests.wsgi_client import Site

pytestmark = pytest.mark.django_db

NEW_WORDS = "Walk a little every hour, even when it hurts a bit."
TEN = timezone.make_aware(datetime.datetime(2030, 6, 3, 10, 0))  # in the site's time zone
A_MINUTE_BEFORE = TEN - datetime.timedelta(minutes=1)


@pytest.fixture
def site():
    """Anonymous readers through the whole application, as gunicorn runs it."""
    return Site(get_wsgi_application())


@pytest.fixture
def live_article(site_content):
    return Article.objects.get(slug="home-treatment")


def submitted_change(article, user):
    body = article.body + "\n\n" + NEW_WORDS
    return services.save_change(
        obj=article, values={"body": body}, user=user, reason="Clearer advice on moving", submit=True
    )


def run_publish_due(at) -> str:
    """The command, run with the clock at `at`."""
    out = StringIO()
    with mock.patch("django.utils.timezone.now", return_value=at):
        call_command("publish_due", stdout=out)
    return out.getvalue()


def review_url(change):
    return reverse("admin:editorial_pendingchange_change", args=[change.pk])


# --- a change goes live at its time, once ---


def test_a_scheduled_change_goes_live_at_its_time_and_not_a_minute_before(
    site, editor, reviewer, live_article
):
    change = services.schedule_publish(change=submitted_change(live_article, editor), user=reviewer, at=TEN)
    assert change.state == State.SCHEDULED and change.publish_at == TEN
    url = live_article.get_absolute_url()
    site.get(url)
    assert NEW_WORDS not in site.get(url).body.decode()  # the second answer is the cached page

    assert run_publish_due(A_MINUTE_BEFORE).strip() == "Nothing due."
    assert NEW_WORDS not in site.get(url).body.decode()
    change.refresh_from_db()
    assert change.state == State.SCHEDULED

    out = run_publish_due(TEN)
    assert (
        out.strip()
        == f"Published as scheduled: Change to Treating a back spasm at home (change #{change.pk})"
    )
    assert NEW_WORDS in site.get(url).body.decode(), "the cached page was forgotten at once"
    change.refresh_from_db()
    assert change.state == State.PUBLISHED and change.published_by == reviewer
    live_article.refresh_from_db()
    assert live_article.history.first().history_user == reviewer
    assert live_article.history.first().history_change_reason.startswith(f"Change #{change.pk} by eddie")


def test_a_second_run_publishes_nothing_and_each_step_is_recorded_once(
    django_capture_on_commit_callbacks, mailoutbox, editor, reviewer, live_article
):
    change = services.schedule_publish(change=submitted_change(live_article, editor), user=reviewer, at=TEN)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.publish_due(now=TEN)
        again = services.publish_due(now=TEN + datetime.timedelta(minutes=1))
    assert [c.pk for c in first.published] == [change.pk]
    assert again.published == again.refused == again.taken_down == []
    assert list(change.events.filter(action=Action.PUBLISHED).values_list("user__username", flat=True)) == [
        "rita"
    ]
    assert [mail.to for mail in mailoutbox] == [["eddie@example.org"]]  # the writer, told once


def test_a_run_that_finds_a_change_published_by_another_run_since_it_looked_leaves_it(
    editor, reviewer, live_article
):
    """Two runs at once: both list the same changes as due. Here the other run starts while this one
    publishes the first change, and publishes the second; this run then reads the second again under its
    lock, finds it published, and leaves it."""
    first = services.schedule_publish(change=submitted_change(live_article, editor), user=reviewer, at=TEN)
    other_article = Article.objects.published().exclude(pk=live_article.pk).first()
    second = services.schedule_publish(change=submitted_change(other_article, editor), user=reviewer, at=TEN)
    real_apply = changes._apply
    applied = []

    def apply_then_let_the_other_run_in(change, user):
        applied.append(change.pk)
        target = real_apply(change, user)
        if len(applied) == 1:
            assert [c.pk for c in services.publish_due(now=TEN).published] == [second.pk]  # the other run
        return target

    with mock.patch.object(changes, "_apply", apply_then_let_the_other_run_in):
        this_run = services.publish_due(now=TEN)
    assert [c.pk for c in this_run.published] == [first.pk] and this_run.refused == []
    second.refresh_from_db()
    assert second.state == State.PUBLISHED
    assert applied == [first.pk, second.pk], "each change applied once, by one of the runs"
    assert second.events.filter(action=Action.PUBLISHED).count() == 1


# --- the two-person rule holds for scheduling ---


def test_whoever_wrote_a_clinical_change_cannot_schedule_it(reviewer, second_reviewer, live_article):
    change = submitted_change(live_article, reviewer)
    with pytest.raises(services.NotAllowed, match="another clinical reviewer must check and publish it"):
        services.schedule_publish(change=change, user=reviewer, at=TEN)
    change.refresh_from_db()
    assert change.state == State.SUBMITTED and change.publish_at is None
    assert services.schedule_publish(change=change, user=second_reviewer, at=TEN).state == State.SCHEDULED


def test_a_crafted_admin_post_cannot_schedule_ones_own_change_or_an_editor_schedule_any(
    client, editor, reviewer, live_article
):
    change = submitted_change(live_article, reviewer)
    for user in (reviewer, editor):
        client.force_login(user)
        response = client.post(review_url(change), {"_schedule": "1", "publish_at": "2030-06-03T10:00"})
        assert response.status_code == 403, user
    change.refresh_from_db()
    assert change.state == State.SUBMITTED and change.publish_at is None
    assert services.publish_due(now=TEN).published == []


def test_a_reviewer_who_lost_the_role_before_the_time_publishes_nothing(editor, reviewer, live_article):
    change = services.schedule_publish(change=submitted_change(live_article, editor), user=reviewer, at=TEN)
    reviewer.groups.remove(Group.objects.get(name="Clinical reviewer"))
    done = services.publish_due(now=TEN)
    assert done.published == [] and done.refused[0][1] == "Only a clinical reviewer can publish a change."
    change.refresh_from_db()
    assert change.state == State.SUBMITTED and change.publish_at is None
    assert NEW_WORDS not in Article.objects.get(pk=live_article.pk).body


# --- scheduling, cancelling and changing in admin ---


def test_a_reviewer_schedules_from_the_review_page_and_sees_it_on_the_admin_home(
    client, editor, reviewer, live_article
):
    change = submitted_change(live_article, editor)
    client.force_login(reviewer)
    assert 'name="_schedule"' in client.get(review_url(change)).text
    response = client.post(
        review_url(change), {"_schedule": "1", "publish_at": "2030-06-03T10:00"}, follow=True
    )
    assert "Scheduled: it goes live on 3 June 2030, 10:00." in response.text
    assert 'Goes live on <strong id="goes-live">3 June 2030, 10:00</strong>' in response.text
    change.refresh_from_db()
    assert change.state == State.SCHEDULED and change.publish_at == TEN and change.scheduled_by == reviewer
    home = client.get(reverse("admin:index")).text
    assert 'id="scheduled-changes"' in home and "3 June 2030, 10:00" in home
    assert "Goes live on 3 June 2030, 10:00." in change.events.get(action=Action.SCHEDULED).comment


def test_a_time_already_past_or_missing_is_refused_in_plain_words(client, editor, reviewer, live_article):
    change = submitted_change(live_article, editor)
    with pytest.raises(services.ChangeError, match="Choose a time still to come, or publish it now."):
        services.schedule_publish(
            change=change, user=reviewer, at=timezone.now() - datetime.timedelta(minutes=5)
        )
    client.force_login(reviewer)
    response = client.post(review_url(change), {"_schedule": "1", "publish_at": ""}, follow=True)
    assert "Choose the date and time it goes live." in response.text
    change.refresh_from_db()
    assert change.state == State.SUBMITTED


def test_cancelling_puts_the_change_back_to_waiting_for_review(client, editor, reviewer, live_article):
    change = services.schedule_publish(change=submitted_change(live_article, editor), user=reviewer, at=TEN)
    client.force_login(reviewer)
    response = client.post(review_url(change), {"_unschedule": "1"}, follow=True)
    assert "Taken off the schedule: it waits for review again." in response.text
    change.refresh_from_db()
    assert change.state == State.SUBMITTED and change.publish_at is None
    assert services.publish_due(now=TEN).published == []
    assert change in services.waiting_for_review()


def test_changing_a_scheduled_change_takes_it_off_the_schedule(editor, reviewer, live_article):
    change = services.schedule_publish(change=submitted_change(live_article, editor), user=reviewer, at=TEN)
    services.save_change(
        obj=live_article,
        values={"summary": "New words nobody checked."},
        user=editor,
        reason="Shorter summary",
    )
    change.refresh_from_db()
    assert change.state == State.DRAFT and change.publish_at is None
    assert services.publish_due(now=TEN).published == []
    assert Article.objects.get(pk=live_article.pk).summary != "New words nobody checked."


# --- taking an article down at a time ---


def test_an_article_is_taken_down_at_its_time_and_its_page_is_gone(site, reviewer, live_article):
    url = live_article.get_absolute_url()
    services.schedule_take_down(article=live_article, user=reviewer, at=TEN)
    site.get(url)
    assert site.get(url).status == 200

    assert services.publish_due(now=A_MINUTE_BEFORE).taken_down == []
    assert site.get(url).status == 200

    assert run_publish_due(TEN).strip() == "Taken down as scheduled: Treating a back spasm at home"
    gone = site.get(url)  # the page is no longer shown: its address leads to its topic's list (moved_pages)
    assert gone.status == 301 and gone.headers["Location"] == "/articles/topic/treatment/"
    article = Article.objects.get(pk=live_article.pk)
    assert article.status == Status.DRAFT and article.take_down_at is None
    assert article.history.first().history_change_reason == "Taken down as scheduled"
    assert article.history.all()[1].history_change_reason == "Take-down scheduled for 3 June 2030, 10:00"
    assert run_publish_due(TEN).strip() == "Nothing due."


def test_only_a_reviewer_sets_a_take_down_time_from_the_articles_admin_page(
    client, editor, reviewer, live_article
):
    take_down = reverse("admin:articles_article_take_down", args=[live_article.pk])
    client.force_login(editor)
    assert client.post(take_down, {"take_down_at": "2030-06-03T10:00"}).status_code == 403
    assert Article.objects.get(pk=live_article.pk).take_down_at is None

    client.force_login(reviewer)
    change_page = reverse("admin:articles_article_change", args=[live_article.pk])
    assert 'id="take-down-form"' in client.get(change_page).text
    response = client.post(take_down, {"take_down_at": "2030-06-03T10:00"}, follow=True)
    assert "is taken down (back to a draft) on 3 June 2030, 10:00" in response.text
    assert Article.objects.get(pk=live_article.pk).take_down_at == TEN
    assert services.open_change(live_article) is None, "setting it is not a change for review"

    client.post(take_down, {"_cancel_take_down": "1"})
    assert Article.objects.get(pk=live_article.pk).take_down_at is None
    assert services.publish_due(now=TEN).taken_down == []


def test_a_take_down_time_already_past_is_refused(reviewer, live_article):
    with pytest.raises(services.ChangeError, match="or unpublish it now"):
        services.schedule_take_down(
            article=live_article, user=reviewer, at=timezone.now() - datetime.timedelta(minutes=1)
        )


def test_a_scheduler_who_is_no_longer_a_reviewer_when_the_time_comes_publishes_nothing(
    client, site, editor, reviewer, second_reviewer, live_article
):
    change = services.schedule_publish(change=submitted_change(live_article, editor), user=reviewer, at=TEN)
    reviewer.groups.clear()  # left the clinical team before the time came
    out = run_publish_due(TEN)
    change.refresh_from_db()
    assert change.state == State.SUBMITTED  # back in the queue, for a reviewer to look at again
    assert NEW_WORDS not in site.get(live_article.get_absolute_url()).body.decode()
    assert "Nothing due." not in out  # it says what it did
    client.force_login(second_reviewer)
    page = client.get(review_url(change)).text
    assert "Scheduled publishing (manage.py publish_due)" in page and "Not published as scheduled" in page


def test_one_change_that_cannot_go_live_stops_neither_the_others_nor_the_take_downs(
    site, editor, reviewer, live_article, site_content
):
    other = Article.objects.get(slug="prevention")
    first = services.schedule_publish(change=submitted_change(live_article, editor), user=reviewer, at=TEN)
    second = services.schedule_publish(change=submitted_change(other, editor), user=reviewer, at=TEN)
    ending = Article.objects.get(slug="causes")
    services.schedule_take_down(article=ending, user=reviewer, at=TEN)
    real_apply = changes._apply

    def apply_failing_for_the_first(change, user):
        if change.pk == first.pk:
            raise RuntimeError("its new address is taken")  # as an IntegrityError would
        return real_apply(change, user)

    with mock.patch.object(changes, "_apply", apply_failing_for_the_first):
        done = services.publish_due(now=TEN)
    assert [c.pk for c in done.published] == [second.pk] and done.taken_down == [ending]
    first.refresh_from_db()
    assert first.state == State.SUBMITTED  # back in the queue, with the reason in its history
    assert "could not be saved" in first.events.last().comment
    assert services.publish_due(now=TEN).published == []  # the next minute's run is not stuck on it


def test_a_draft_cannot_be_given_a_take_down_time_and_a_past_one_is_cleared_on_publishing(
    editor, reviewer, second_reviewer, live_article
):
    services.schedule_take_down(article=live_article, user=reviewer, at=TEN)
    services.unpublish(article=Article.objects.get(pk=live_article.pk), user=reviewer)
    draft = Article.objects.get(pk=live_article.pk)
    with pytest.raises(services.ChangeError, match="Only a published page"):
        services.schedule_take_down(
            article=draft, user=reviewer, at=TEN + datetime.timedelta(days=1), now=A_MINUTE_BEFORE
        )
    with mock.patch("django.utils.timezone.now", return_value=TEN + datetime.timedelta(days=2)):
        services.publish_draft(article=draft, user=second_reviewer)
    published = Article.objects.get(pk=live_article.pk)
    assert published.status == Status.PUBLISHED and published.take_down_at is None
    assert services.publish_due(now=TEN + datetime.timedelta(days=2)).taken_down == []


def test_words_written_after_a_change_went_live_are_a_change_of_their_own(editor, reviewer, live_article):
    change = services.schedule_publish(change=submitted_change(live_article, editor), user=reviewer, at=TEN)
    stale = services.open_change(live_article)  # the writer's form was opened before it went live
    services.publish_due(now=TEN)
    with mock.patch.object(changes, "open_change", return_value=stale):
        later = services.save_change(
            obj=live_article, values={"summary": "Newer words."}, user=editor, reason="Shorter"
        )
    change.refresh_from_db()
    assert later.pk != change.pk and change.state == State.PUBLISHED
    assert "summary" not in change.fields  # what went live is what was reviewed


@pytest.mark.parametrize("how", ["unpublished", "taken down"])
def test_taking_a_page_down_cancels_the_change_scheduled_for_it(editor, reviewer, live_article, how):
    change = services.schedule_publish(change=submitted_change(live_article, editor), user=reviewer, at=TEN)
    if how == "unpublished":
        services.unpublish(article=Article.objects.get(pk=live_article.pk), user=reviewer)
    else:
        services.schedule_take_down(
            article=live_article,
            user=reviewer,
            at=A_MINUTE_BEFORE,
            now=A_MINUTE_BEFORE - datetime.timedelta(hours=1),
        )
        services.publish_due(now=A_MINUTE_BEFORE)
    change.refresh_from_db()
    assert change.state == State.CLOSED and "the page was taken down" in change.events.last().comment
    assert services.publish_due(now=TEN).published == []  # nothing is written into the hidden draft
    assert NEW_WORDS not in Article.objects.get(pk=live_article.pk).body


def test_taking_a_page_down_closes_its_waiting_change_so_publishing_never_writes_over_the_draft(
    editor, reviewer, second_reviewer, live_article, mailoutbox, django_capture_on_commit_callbacks
):
    """A change written for the live page cannot go live once the page is a draft: publishing it wrote its
    words over the draft's own, and submitting the draft reused it as a change (a review found both)."""
    change = submitted_change(live_article, editor)
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes once the take-down commits
        services.unpublish(article=Article.objects.get(pk=live_article.pk), user=reviewer)
    change.refresh_from_db()
    assert change.state == State.CLOSED and change.events.last().action == Action.CLOSED
    assert NEW_WORDS in change.fields["body"]  # its words are kept, on its page
    assert any("Not published" in mail.subject and editor.email in mail.to for mail in mailoutbox)
    draft = Article.objects.get(pk=live_article.pk)
    draft.body += "\n\nThe draft's own new words."
    draft.save()
    with pytest.raises(services.ChangeError):
        services.publish(change=change, user=second_reviewer)
    assert "The draft's own new words." in Article.objects.get(pk=live_article.pk).body
    review = services.submit_draft(article=draft, user=editor, reason="Back with new words")
    assert review.pk != change.pk and review.new_page  # the draft's own review, of the draft as it is
