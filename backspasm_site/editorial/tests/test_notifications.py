"""Email to reviewers and writers about changes to live pages (backspasm_site/editorial/notifications.py), and
the reviewers' weekly digest (`manage.py send_review_digest`)."""

import datetime
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from backspasm_site.articles.models import REVIEW_SOON_DAYS, Article, Status
from backspasm_site.editorial import services
from backspasm_site.editorial.models import State

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
NEW_WORDS = "Walk a little every hour, even when it hurts a bit."


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Runs what the action queued for its commit (a test's transaction never commits): the mail."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def live_article(site_content):
    return Article.objects.get(slug="home-treatment")


def write_change(article, user, submit=True):
    return services.save_change(
        obj=article,
        values={"body": article.body + "\n\n" + NEW_WORDS},
        user=user,
        reason="Clearer advice on moving",
        submit=submit,
    )


def recipients(mailoutbox) -> list[str]:
    return sorted(address for mail in mailoutbox for address in mail.to)


def review_address(change) -> str:
    return settings.SITE_URL + reverse("admin:editorial_pendingchange_change", args=[change.pk])


# --- one mail per person per event ---


def test_a_submitted_change_emails_each_reviewer_once_and_not_the_writer(
    commits, mailoutbox, editor, reviewer, second_reviewer, live_article
):
    with commits():
        change = write_change(live_article, editor)
    assert recipients(mailoutbox) == ["ravi@example.org", "rita@example.org"]
    assert all(len(mail.to) == 1 for mail in mailoutbox), "no one sees who else was told"
    mail = mailoutbox[0]
    assert mail.subject == "[Back spasm help] Waiting for review: Change to Treating a back spasm at home"
    assert "eddie submitted a change for review" in mail.body
    assert "Reason for change: Clearer advice on moving" in mail.body
    assert review_address(change) in mail.body and review_address(change).startswith("http")


def test_a_reviewer_who_wrote_the_change_is_not_asked_to_review_it(
    commits, mailoutbox, reviewer, second_reviewer, live_article
):
    with commits():
        write_change(live_article, reviewer)
    assert recipients(mailoutbox) == ["ravi@example.org"]


def test_reviewers_without_an_address_or_no_longer_active_get_nothing(
    commits, mailoutbox, editor, reviewer, second_reviewer, live_article
):
    reviewer.email = ""
    reviewer.save()
    second_reviewer.is_active = False
    second_reviewer.save()
    with commits():
        write_change(live_article, editor)
    assert mailoutbox == []


def test_saving_without_submitting_emails_no_one(commits, mailoutbox, editor, reviewer, live_article):
    with commits():
        write_change(live_article, editor, submit=False)
    assert mailoutbox == []


def test_sent_back_emails_the_writer_the_comment_and_no_reviewer(
    commits, mailoutbox, editor, reviewer, second_reviewer, live_article
):
    change = write_change(live_article, editor)
    mailoutbox.clear()  # the submission's mail was never sent: its transaction did not commit
    with commits():
        services.send_back(change=change, user=reviewer, comment="Say how long to walk for.")
    assert recipients(mailoutbox) == ["eddie@example.org"]
    mail = mailoutbox[0]
    assert mail.subject.endswith("Sent back: Change to Treating a back spasm at home")
    assert "rita sent back your change" in mail.body and "Say how long to walk for." in mail.body
    assert review_address(change) in mail.body


def test_published_emails_each_writer_once_with_the_page_address(
    commits, mailoutbox, editor, reviewer, second_reviewer, live_article
):
    change = write_change(live_article, editor)
    write_change(live_article, second_reviewer, submit=False)  # a second writer of the same change
    with commits():
        services.publish(change=change, user=reviewer)
    assert recipients(mailoutbox) == ["eddie@example.org", "ravi@example.org"]
    assert "rita published your change" in mailoutbox[0].body
    assert settings.SITE_URL + live_article.get_absolute_url() in mailoutbox[0].body


def test_scheduling_emails_each_writer_once_with_the_time_it_goes_live(
    commits, mailoutbox, editor, reviewer, live_article
):
    import datetime

    from django.utils import timezone

    change = write_change(live_article, editor)
    mailoutbox.clear()  # the reviewers' "waiting for review" mail
    at = timezone.now() + datetime.timedelta(days=2)
    with commits():
        services.schedule_publish(change=change, user=reviewer, at=at)
    assert recipients(mailoutbox) == ["eddie@example.org"]
    assert services.when(at) in mailoutbox[0].subject and "approved your change" in mailoutbox[0].body
    assert NEW_WORDS not in mailoutbox[0].body


def test_mail_names_the_change_but_never_carries_the_pages_text(
    commits, mailoutbox, editor, reviewer, second_reviewer, live_article
):
    with commits():
        change = write_change(live_article, editor)
        services.send_back(change=change, user=reviewer, comment="Shorter, please.")
        services.submit_for_review(change=change, user=editor)
        services.publish(change=change, user=second_reviewer)
    assert len(mailoutbox) == 2 + 1 + 2 + 1  # both reviewers; the writer; both again; the writer
    for mail in mailoutbox:
        assert NEW_WORDS not in mail.body and live_article.body[:80] not in mail.body


def test_publishing_from_the_review_page_sends_one_mail(
    client, commits, mailoutbox, editor, reviewer, live_article
):
    change = write_change(live_article, editor)
    client.force_login(reviewer)
    with commits():
        response = client.post(
            review_address(change).removeprefix(settings.SITE_URL), {"_publish": "Publish"}
        )
    assert response.status_code == 302
    assert recipients(mailoutbox) == ["eddie@example.org"]


def test_a_publish_stands_when_its_mail_cannot_be_made(
    commits, mailoutbox, monkeypatch, editor, reviewer, live_article
):
    """The page's address for the mail is worked out after the commit: a failure there loses the mail
    (logged), never the publish."""
    change = write_change(live_article, editor)
    mailoutbox.clear()

    def broken(article):
        raise RuntimeError("no address")

    monkeypatch.setattr(Article, "get_absolute_url", broken)
    with commits():
        services.publish(change=change, user=reviewer)
    change.refresh_from_db()
    assert change.state == State.PUBLISHED and mailoutbox == []
    live_article.refresh_from_db()
    assert NEW_WORDS in live_article.body


# --- nothing for an action that did not happen ---


def test_an_action_rolled_back_sends_nothing(commits, mailoutbox, editor, reviewer, live_article):
    change = write_change(live_article, editor, submit=False)
    with commits() as queued, pytest.raises(RuntimeError), transaction.atomic():
        services.submit_for_review(change=change, user=editor)
        raise RuntimeError("the request failed after submitting")
    assert queued == [] and mailoutbox == []
    change.refresh_from_db()
    assert change.state == State.DRAFT


def test_a_refused_publish_sends_nothing(commits, mailoutbox, reviewer, second_reviewer, live_article):
    change = write_change(live_article, reviewer)
    with commits(), pytest.raises(services.NotAllowed):
        services.publish(change=change, user=reviewer)  # the two-person rule
    assert mailoutbox == []


# --- where mail goes: console by default, SMTP from EMAIL_URL ---


def email_settings(**env) -> list[str]:
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, "
        "s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL, sep='|')"
    )
    environ = {
        **{k: v for k, v in os.environ.items() if k != "EMAIL_URL"},
        "DJANGO_SETTINGS_MODULE": "backspasm_site.settings",
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 or env, done.stderr
    return done.stdout.strip().split("|") if done.returncode == 0 else [done.stderr]


def test_mail_goes_to_the_console_unless_email_url_names_a_server():
    assert email_settings()[0] == "django.core.mail.backends.console.EmailBackend"
    smtp = email_settings(
        EMAIL_URL="smtp://site%40example.org:p%2Fss@mail.example.org", SITE_URL="https://b.org"
    )
    assert smtp == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        "587",
        "site@example.org",
        "p/ss",
        "True",
        "False",
        "Back spasm help <noreply@b.org>",
    ]
    tls = email_settings(EMAIL_URL="smtps://u:p@mail.example.org", DEFAULT_FROM_EMAIL="reviews@example.org")
    assert tls[2] == "465" and tls[5:] == ["False", "True", "reviews@example.org"]
    assert email_settings(EMAIL_URL="smtp://relay:25?tls=off")[2:7] == ["25", "", "", "False", "False"]
    refused = email_settings(EMAIL_URL="imap://u:secret@mail.example.org")[0]
    assert "EMAIL_URL must start with smtp://" in refused and "secret" not in refused


# --- the weekly digest ---


def digest() -> str:
    out = StringIO()
    call_command("send_review_digest", stdout=out)
    return out.getvalue().strip()


def due_in(slug: str, days: int, status=Status.PUBLISHED) -> Article:
    Article.objects.filter(slug=slug).update(
        next_review_due=timezone.localdate() + datetime.timedelta(days=days), status=status
    )
    return Article.objects.get(slug=slug)


@pytest.fixture
def nothing_due(site_content):
    Article.objects.update(next_review_due=timezone.localdate() + datetime.timedelta(days=365))


def test_the_digest_lists_exactly_the_overdue_and_soon_due_published_pages_to_each_reviewer_once(
    mailoutbox, nothing_due, editor, reviewer, second_reviewer
):
    overdue = due_in("home-treatment", -1)
    soon = due_in("symptoms", REVIEW_SOON_DAYS)  # the last day of the admin home page's window
    due_in("causes", REVIEW_SOON_DAYS + 1)  # later
    due_in("prevention", -30, status=Status.DRAFT)  # not public, so not in the digest
    assert digest() == (
        "Sent the review digest to 2 clinical reviewer(s): 1 overdue, "
        f"1 due in the next {REVIEW_SOON_DAYS} days, 0 waiting for review."
    )
    assert recipients(mailoutbox) == ["ravi@example.org", "rita@example.org"], "reviewers only, once each"
    body = mailoutbox[0].body
    overdue_part, soon_part = body.split("Overdue for review (1):")[1].split("Due for review in the next")
    listed = [line[2:].split(":")[0] for line in body.splitlines() if line.startswith("- ")]
    assert listed == [overdue.title, soon.title]
    assert overdue.title in overdue_part and soon.title in soon_part
    assert settings.SITE_URL + reverse("admin:articles_article_change", args=[overdue.pk]) in overdue_part
    assert "waiting for review (" not in body


def test_the_digest_lists_changes_waiting_with_how_long(mailoutbox, nothing_due, editor, reviewer):
    change = write_change(Article.objects.get(slug="home-treatment"), editor)
    change.submitted_at = timezone.now() - datetime.timedelta(days=3, hours=1)
    change.save()
    assert digest().endswith("0 overdue, 0 due in the next 60 days, 1 waiting for review.")
    assert recipients(mailoutbox) == ["rita@example.org"]
    assert "- Change to Treating a back spasm at home, by eddie: waiting for 3 days" in mailoutbox[0].body
    assert review_address(change) in mailoutbox[0].body


def test_no_digest_is_sent_when_nothing_needs_a_reviewer(mailoutbox, nothing_due, reviewer):
    assert digest() == "Nothing overdue, due soon or waiting for review: no digest sent."
    assert mailoutbox == []


def test_mail_about_a_checker_question_names_it_by_its_code_not_its_wording(
    commits, mailoutbox, editor, reviewer, second_reviewer, site_content
):
    from backspasm_site.symptom_checker.models import QuestionText

    question = QuestionText.objects.get(code="bladder_bowel")
    with commits():
        change = services.save_change(
            obj=question,
            values={"text": "Have you wet or soiled yourself without meaning to?"},
            user=editor,
            reason="Plainer",
            submit=True,
        )
        services.publish(change=change, user=second_reviewer)
    assert mailoutbox and all("“bladder_bowel”" in mail.subject for mail in mailoutbox)
    for mail in mailoutbox:
        for words in (question.text, "wet or soiled"):
            assert words not in mail.subject and words not in mail.body
