"""'Was this page helpful?': stored anonymously, scrubbed, guarded without CSRF tokens, listed in admin."""

import csv
import io
import logging
import re
import time

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from backspasm_site.articles.models import Article, Status
from backspasm_site.feedback import forms, guards, views
from backspasm_site.feedback.export import csv_safe
from backspasm_site.feedback.models import Feedback
from backspasm_site.feedback.scrub import EMAIL_REMOVED, MAX_COMMENT_LENGTH, PHONE_REMOVED, scrub_comment
from tests.checker_steps import answer_checker
from tests.public_pages import VERDICT_ANSWERS

pytestmark = pytest.mark.django_db
GIVE = "/feedback/"
COMMENT = "/feedback/comment/"
SAME_SITE = {"HTTP_ORIGIN": "http://testserver"}
ARTICLE = "home-treatment"


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    guards.machine_counts().clear()
    yield
    cache.clear()
    guards.machine_counts().clear()


@pytest.fixture
def article(db):
    """One published article: most feedback tests need no more than that (loading content/ is slower)."""
    return Article.objects.create(
        title="Treating a back spasm at home",
        slug=ARTICLE,
        summary="s",
        topic="treatment",
        body="b",
        status=Status.PUBLISHED,
    )


def give(client, helpful, article=ARTICLE, **headers):
    """A Yes or No, and the thank-you page it is redirected to (a failure is answered at once)."""
    return client.post(
        GIVE, {"article": article, "helpful": helpful}, follow=True, **{**SAME_SITE, **headers}
    )


def comment_token(response) -> str:
    return re.search(r'name="token" value="([^"]+)"', response.content.decode()).group(1)


# --- On the pages ---------------------------------------------------------------------------------------


def test_every_article_asks_if_it_was_helpful_with_nothing_per_visitor(client, site_content):
    for article in Article.objects.published():
        response = client.get(article.get_absolute_url())
        html = response.content.decode()
        assert "Was this page helpful?" in html
        assert f'<input type="hidden" name="article" value="{article.slug}">' in html
        assert 'name="helpful" value="yes"' in html and 'name="helpful" value="no"' in html
        assert "csrfmiddlewaretoken" not in html and "csrftoken" not in response.cookies


def test_a_draft_preview_has_no_feedback_form(client, site_content, staff_user):
    Article.objects.filter(slug=ARTICLE).update(status=Status.DRAFT)
    client.force_login(staff_user)
    assert "Was this page helpful?" not in client.get(f"/articles/{ARTICLE}/").content.decode()


@pytest.mark.parametrize("verdict", sorted(VERDICT_ANSWERS))
def test_the_checkers_verdict_page_never_asks_for_feedback(client, site_content, verdict):
    html = answer_checker(client, VERDICT_ANSWERS[verdict]).content.decode()
    assert f'data-disposition="{verdict}"' in html
    assert "Was this page helpful?" not in html and 'action="/feedback/' not in html
    assert "Was this page helpful?" not in client.get("/symptom-checker/").content.decode()


# --- Giving feedback ------------------------------------------------------------------------------------


def test_yes_is_stored_with_only_the_page_the_answer_and_the_day(client, article):
    response = give(client, "yes")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thank you for your feedback" in html and "<textarea" not in html
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no cookie of any kind on a Yes
    feedback = Feedback.objects.get()
    assert (feedback.article.slug, feedback.helpful, feedback.comment) == (ARTICLE, True, "")
    assert feedback.created_on == timezone.localdate()


def test_the_feedback_table_has_no_column_that_could_identify_a_reader():
    columns = {field.name for field in Feedback._meta.concrete_fields}
    assert columns == {"id", "article", "helpful", "comment", "created_on"}
    assert Feedback._meta.get_field("created_on").get_internal_type() == "DateField"


def test_no_then_a_comment_saves_it_with_contact_details_removed(client, article):
    response = give(client, "no")
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "What could we do better? (optional)" in html and 'name="csrfmiddlewaretoken"' in html
    written = "Too long. Email me at jo.bloggs@example.org or ring 07700 900123 please."
    sent = client.post(COMMENT, {"token": comment_token(response), "comment": written})
    assert sent.status_code == 200
    assert "We took out email addresses and phone numbers" in sent.content.decode()
    feedback = Feedback.objects.get()
    assert feedback.helpful is False
    assert feedback.comment == f"Too long. Email me at {EMAIL_REMOVED} or ring {PHONE_REMOVED} please."


def test_reloading_the_thank_you_page_does_not_send_the_answer_again(client, article):
    """POST, redirect, GET: the thank-you page is a page of its own, so a reload (or Back) asks for it again and
    never posts the No twice (it did: two rows). Its comment form still works, once."""
    answered = client.post(GIVE, {"article": ARTICLE, "helpful": "no"}, **SAME_SITE)
    assert answered.status_code == 302 and "no-store" in answered["Cache-Control"]
    thanks = answered["Location"]
    assert thanks.startswith("/feedback/thanks/?")
    first, reloaded = client.get(thanks), client.get(thanks)
    assert Feedback.objects.count() == 1
    for page in (first, reloaded):
        assert page.status_code == 200 and "no-store" in page["Cache-Control"]
        assert "What could we do better? (optional)" in page.content.decode()
    assert client.post(COMMENT, {"token": comment_token(reloaded), "comment": "first"}).status_code == 200
    assert client.post(COMMENT, {"token": comment_token(first), "comment": "again"}).status_code == 409
    assert Feedback.objects.get().comment == "first"


@pytest.mark.parametrize("token", ["", "forged", "x" * 5000])
def test_a_thank_you_page_with_no_answer_behind_it_says_the_form_expired(client, article, token):
    response = client.get("/feedback/thanks/", {"token": token})
    assert response.status_code == 400 and forms.FORM_EXPIRED in response.content.decode()


def test_no_without_a_comment_keeps_just_the_no(client, article):
    response = give(client, "no")
    sent = client.post(COMMENT, {"token": comment_token(response), "comment": "   "})
    assert sent.status_code == 200 and "Thank you for your feedback" in sent.content.decode()
    assert Feedback.objects.get().comment == ""


def test_a_comment_is_never_logged(client, article, caplog):
    token = comment_token(give(client, "no"))
    with caplog.at_level(logging.DEBUG):
        client.post(COMMENT, {"token": token, "comment": "my secret words"})
        client.post(COMMENT, {"token": "forged", "comment": "my secret words"})
    assert "my secret words" not in caplog.text


# --- Cross-site posts and the rate limit ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"HTTP_ORIGIN": "http://testserver"}, 200),
        ({"HTTP_ORIGIN": "https://evil.example"}, 403),
        ({"HTTP_ORIGIN": "http://testserver.evil.example"}, 403),
        ({"HTTP_ORIGIN": "null"}, 403),
        ({"HTTP_ORIGIN": "https://testserver"}, 403),  # another scheme is another origin
        ({"HTTP_ORIGIN": "", "HTTP_REFERER": "http://testserver/articles/home-treatment/"}, 403),
        ({"HTTP_REFERER": "http://testserver/articles/home-treatment/"}, 200),
        ({"HTTP_REFERER": "https://evil.example/articles/home-treatment/"}, 403),
        ({"HTTP_REFERER": "http://[::1"}, 403),  # not an address at all: was a 500
        ({}, 200),  # no header at all: old browsers and privacy tools
    ],
)
def test_posts_from_other_sites_are_refused(article, headers, status):
    response = Client().post(GIVE, {"article": ARTICLE, "helpful": "no"}, follow=True, **headers)
    assert response.status_code == status
    assert Feedback.objects.count() == (1 if status == 200 else 0)
    if status == 403:
        assert views.CROSS_SITE in response.content.decode()


def test_trusted_origins_are_accepted(article, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://backspasm.example.org"]
    response = Client().post(
        GIVE, {"article": ARTICLE, "helpful": "yes"}, follow=True, HTTP_ORIGIN="https://backspasm.example.org"
    )
    assert response.status_code == 200


def test_an_odd_host_header_is_a_400_not_a_500(article):
    response = Client().post(GIVE, {"article": ARTICLE, "helpful": "yes"}, HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_one_address_is_limited_and_others_are_not(client, article, monkeypatch):
    monkeypatch.setattr(guards, "RATE_WINDOW_SECONDS", 1)
    for _ in range(guards.RATE_LIMIT):
        assert give(client, "yes", REMOTE_ADDR="203.0.113.9").status_code == 200
    refused = give(client, "yes", REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 429 and refused["Retry-After"] == "1"
    assert views.TOO_MANY in refused.content.decode()
    assert give(client, "yes", REMOTE_ADDR="203.0.113.10").status_code == 200
    assert Feedback.objects.count() == guards.RATE_LIMIT + 1
    time.sleep(1.1)  # the count expires with the window
    assert give(client, "yes", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_an_ipv6_client_is_counted_by_its_64(client, article, monkeypatch):
    """One home connection has a whole /64: a new address in it for each post is still the one client."""
    monkeypatch.setattr(guards, "RATE_LIMIT", 3)
    statuses = [give(client, "yes", REMOTE_ADDR=f"2001:db8:1:2::{n:x}").status_code for n in range(1, 6)]
    assert statuses == [200, 200, 200, 429, 429]
    assert (
        give(client, "yes", REMOTE_ADDR="2001:db8:1:3::1").status_code == 200
    )  # the next /64: another client
    assert guards.counted_as("::ffff:192.0.2.1") == "192.0.2.1" == guards.counted_as("192.0.2.1")


def test_the_limit_is_kept_under_a_keyed_hash_and_only_in_the_cache(client, article):
    give(client, "no", REMOTE_ADDR="203.0.113.9")
    # Without Redis (as in tests), in the counts every worker on the machine shares.
    keys = guards.machine_counts().keys()
    assert not list(cache._cache)
    assert len(keys) == 1 and keys[0].endswith(
        guards.CACHE_PREFIX + re.search(r"([0-9a-f]{40,})$", keys[0]).group(1)
    )
    assert "203.0.113.9" not in repr(keys)
    stored = [repr(row) for row in Feedback.objects.values()]
    assert "203.0.113" not in repr(stored) and keys[0].split(":")[-1] not in repr(stored)


def test_comments_count_against_the_limit_too(client, article, monkeypatch):
    monkeypatch.setattr(guards, "RATE_LIMIT", 1)
    token = comment_token(give(client, "no"))
    response = client.post(COMMENT, {"token": token, "comment": "hello"})
    assert response.status_code == 429
    assert Feedback.objects.get().comment == ""


def test_behind_the_load_balancer_each_reader_has_their_own_limit(client, article, settings, monkeypatch):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]  # DJANGO_TRUSTED_PROXIES: the balancer's network
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setattr(guards, "RATE_LIMIT", 2)
    balancer = {"REMOTE_ADDR": "10.0.0.1", "HTTP_HOST": "testserver", "HTTP_X_FORWARDED_PROTO": "https"}
    balancer["HTTP_ORIGIN"] = "https://testserver"
    reader = {**balancer, "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert give(client, "yes", **reader).status_code == 200
    assert give(client, "yes", **reader).status_code == 200
    assert give(client, "yes", **reader).status_code == 429
    # A forged first entry does not give a fresh count: the balancer's own (last) entry is used.
    forged = {**balancer, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7"}
    assert give(client, "yes", **forged).status_code == 429
    other = {**balancer, "HTTP_X_FORWARDED_FOR": "198.51.100.8"}
    assert give(client, "yes", **other).status_code == 200


def test_behind_a_cdn_and_the_load_balancer_the_cdns_entry_names_the_reader(
    client, article, settings, monkeypatch
):
    settings.BEHIND_PROXY = True
    # DJANGO_TRUSTED_PROXIES: the balancer and the CDN's edges. The CDN appends the reader, the balancer
    # the CDN's edge, and the edge is skipped as a trusted proxy.
    settings.TRUSTED_PROXIES = ["10.0.0.1", "192.0.2.0/24"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setattr(guards, "RATE_LIMIT", 1)
    balancer = {"REMOTE_ADDR": "10.0.0.1", "HTTP_HOST": "testserver", "HTTP_X_FORWARDED_PROTO": "https"}
    balancer["HTTP_ORIGIN"] = "https://testserver"
    edge = "192.0.2.50"  # every reader's requests come through the same CDN edge
    first = {**balancer, "HTTP_X_FORWARDED_FOR": f"198.51.100.7, {edge}"}
    assert give(client, "yes", **first).status_code == 200
    assert give(client, "yes", **first).status_code == 429
    forged = {**balancer, "HTTP_X_FORWARDED_FOR": f"1.2.3.4, 198.51.100.7, {edge}"}
    assert give(client, "yes", **forged).status_code == 429
    second = {**balancer, "HTTP_X_FORWARDED_FOR": f"198.51.100.8, {edge}"}
    assert give(client, "yes", **second).status_code == 200


def test_straight_to_the_app_a_forged_x_forwarded_for_gives_no_fresh_count(
    client, article, settings, monkeypatch
):
    # Production's default: no proxy named, so the socket's address counts whatever the header says.
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = []
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setattr(guards, "RATE_LIMIT", 2)
    direct = {"REMOTE_ADDR": "203.0.113.66", "HTTP_HOST": "testserver", "HTTP_X_FORWARDED_PROTO": "https"}
    direct["HTTP_ORIGIN"] = "https://testserver"
    forged = [f"198.51.100.{n}" for n in range(5)]
    statuses = [give(client, "yes", **direct, HTTP_X_FORWARDED_FOR=entry).status_code for entry in forged]
    assert statuses == [200, 200, 429, 429, 429]
    # Nor does naming a trusted proxy as the last entry: the request itself does not come from it.
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    statuses = [give(client, "yes", **direct, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 10.0.0.1").status_code
                for n in range(5, 8)]  # fmt: skip
    assert statuses == [429, 429, 429]


# --- Bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"helpful": "yes"}, forms.UNKNOWN_PAGE),
        ({"article": "no-such-page", "helpful": "yes"}, forms.UNKNOWN_PAGE),
        ({"article": "../../admin", "helpful": "yes"}, forms.UNKNOWN_PAGE),
        ({"article": "x" * 10_000, "helpful": "yes"}, forms.UNKNOWN_PAGE),
        ({"article": ARTICLE}, forms.CHOOSE_YES_OR_NO),
        ({"article": ARTICLE, "helpful": "maybe"}, forms.CHOOSE_YES_OR_NO),
        ({"article": ARTICLE, "helpful": ["yes", "no"], "extra": "field"}, None),
    ],
)
def test_bad_feedback_is_a_400_with_a_clear_message(client, article, data, message):
    response = client.post(GIVE, data, follow=True, **SAME_SITE)
    if message is None:  # the last value of a repeated field wins; extra fields are ignored
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_feedback_on_a_draft_is_refused(client, article):
    Article.objects.filter(slug=ARTICLE).update(status=Status.DRAFT)
    response = give(client, "no")
    assert response.status_code == 400 and not Feedback.objects.exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"article=home-treatment&helpful=\xff\xfe", 400),
        (b"article=%ff%fe%00&helpful=yes", 400),
        (b"\x00\x01\x02", 400),
        (b"article=home-treatment&helpful=yes&" + b"&".join(b"f%d=1" % i for i in range(1000)), 400),
        (b"article=home-treatment&helpful=yes&pad=" + b"x" * (3 * 1024 * 1024), 400),
    ],
)
def test_malformed_or_huge_posts_are_4xx_never_500(article, body, expected):
    client = Client(raise_request_exception=False)
    response = client.post(GIVE, body, content_type="application/x-www-form-urlencoded", **SAME_SITE)
    assert response.status_code == expected
    assert not Feedback.objects.exists()


def test_other_methods_are_refused(client):
    assert client.get(GIVE).status_code == 405
    assert client.put(GIVE).status_code == 405
    assert client.get(COMMENT).status_code == 405


def test_a_comment_over_the_limit_is_shown_again_with_a_message(client, article):
    token = comment_token(give(client, "no"))
    too_long = "a" * (MAX_COMMENT_LENGTH + 1)
    response = client.post(COMMENT, {"token": token, "comment": too_long})
    html = response.content.decode()
    assert response.status_code == 200
    assert forms.COMMENT_TOO_LONG in html and "There is a problem" in html and too_long in html
    assert Feedback.objects.get().comment == ""


def test_a_comment_at_the_limit_with_new_lines_is_accepted(client, article):
    token = comment_token(give(client, "no"))
    written = ("word " * 49 + "\r\n") * 2  # browsers send \r\n but count each new line once
    written = written + "b" * (MAX_COMMENT_LENGTH - len(written.replace("\r\n", "\n")))
    assert client.post(COMMENT, {"token": token, "comment": written}).status_code == 200
    assert len(Feedback.objects.get().comment) == MAX_COMMENT_LENGTH


def test_a_null_character_in_a_comment_is_a_clear_message(client, article):
    token = comment_token(give(client, "no"))
    response = client.post(COMMENT, {"token": token, "comment": "bad \x00 byte"})
    assert response.status_code == 200 and "Null characters are not allowed" in response.content.decode()
    assert Feedback.objects.get().comment == ""


def test_a_forged_expired_or_yes_token_cannot_add_a_comment(client, article, monkeypatch):
    yes_page = give(client, "yes")
    assert "token" not in yes_page.content.decode()
    yes = Feedback.objects.get()
    for token in ["forged", "", "x" * 5000, forms.comment_token(yes)]:
        response = client.post(COMMENT, {"token": token, "comment": "hello"})
        assert response.status_code == 400, token[:20]
        assert forms.FORM_EXPIRED in response.content.decode()
    token = comment_token(give(client, "no"))
    monkeypatch.setattr(forms, "TOKEN_MAX_AGE_SECONDS", -1)
    assert client.post(COMMENT, {"token": token, "comment": "hello"}).status_code == 400
    assert not Feedback.objects.exclude(comment="").exists()


def test_one_no_takes_one_comment(client, article):
    token = comment_token(give(client, "no"))
    assert client.post(COMMENT, {"token": token, "comment": "first"}).status_code == 200
    again = client.post(COMMENT, {"token": token, "comment": "second"})
    assert again.status_code == 409 and views.ALREADY_SENT in again.content.decode()
    assert Feedback.objects.get().comment == "first"


def test_the_comment_form_needs_its_csrf_token(article):
    client = Client(enforce_csrf_checks=True)
    response = give(client, "no")
    token = comment_token(response)
    assert client.post(COMMENT, {"token": token, "comment": "hello"}).status_code == 403
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    sent = client.post(COMMENT, {"token": token, "comment": "hello", "csrfmiddlewaretoken": csrf})
    assert sent.status_code == 200 and Feedback.objects.get().comment == "hello"


# --- Scrubbing ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "saved"),
    [
        ("write to jo.bloggs+nhs@mail.example.co.uk.", f"write to {EMAIL_REMOVED}."),
        ("jo (at) example (dot) com", EMAIL_REMOVED),
        ("jo[at]example[dot]org", EMAIL_REMOVED),
        ("jo.bloggs at gmail dot com", EMAIL_REMOVED),  # written out (was kept)
        ("mail jo.bloggs AT gmail.com", f"mail {EMAIL_REMOVED}"),  # (was kept)
        ("jo @ example . com", EMAIL_REMOVED),  # (was "jo [email removed] example . com")
        ("jo dot bloggs at example dot co dot uk!", f"{EMAIL_REMOVED}!"),
        ("meet me at jo.bloggs at gmail.com", f"meet me at {EMAIL_REMOVED}"),
        ("find me @jobloggs or me@home", f"find me {EMAIL_REMOVED} or {EMAIL_REMOVED}"),
        ("call +44 (0)20 7946 0958 today", f"call {PHONE_REMOVED} today"),
        ("07700-900-123", PHONE_REMOVED),
        ("(555) 123.4567", PHONE_REMOVED),
        ("email me: jo.bloggs＠gmail.com", f"email me: {EMAIL_REMOVED}"),  # a full-width @ (was kept)
        ("07700–900–123", PHONE_REMOVED),  # en dashes (was kept)
        ("0\u200b7\u200b7\u200b0\u200b0 900 123", PHONE_REMOVED),  # zero-width spaces (was kept)
        ("jo\u2060@\u200dexample\ufeff.com", EMAIL_REMOVED),  # word joiner, zero-width joiner, BOM
        ("\u202eevil\u202c words", "evil words"),  # a direction override would show them backwards
        ("ﬁne, ｔｈａｎｋｓ", "ﬁne, ｔｈａｎｋｓ"),  # nothing found: kept as typed
        ("I was at home for 2 weeks, 3 days.", "I was at home for 2 weeks, 3 days."),
        # "at" and "dot" in sentences: not an address's shape.
        ("Worse at night. Better at noon, at 5.30 today.", "Worse at night. Better at noon, at 5.30 today."),
        (
            "A dot of cream at bedtime. Look at the dot on the map.",
            "A dot of cream at bedtime. Look at the dot on the map.",
        ),
        ("Sore at rest (at) times, at work dot by dot.", "Sore at rest (at) times, at work dot by dot."),
        ("Page 11 of 12 is good. Take 400 mg.", "Page 11 of 12 is good. Take 400 mg."),
        ("  bell\x07 and\r\nnew line  ", "bell and\nnew line"),
    ],
)
def test_scrubbing_removes_contact_details_and_keeps_the_rest(written, saved):
    assert scrub_comment(written) == saved


words = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll"), max_codepoint=0x24F), min_size=1)
separators = st.sampled_from([" ", "-", ".", " ", ""])


@given(
    before=st.text(max_size=200),
    user=st.from_regex(r"[a-zA-Z0-9._%+-]{1,20}", fullmatch=True),
    domain=st.from_regex(r"[a-zA-Z0-9-]{1,15}(\.[a-zA-Z]{2,6}){1,2}", fullmatch=True),
    digits=st.lists(st.integers(0, 9), min_size=7, max_size=13),
    seps=st.lists(separators, min_size=13, max_size=13),
    after=st.text(max_size=200),
)
def test_no_email_or_phone_number_survives_scrubbing(before, user, domain, digits, seps, after):
    email = f"{user}@{domain}"
    phone = "".join(f"{d}{s}" for d, s in zip(digits, seps, strict=False)).strip(" -.")
    saved = scrub_comment(f"{before} {email} {phone} {after}")
    assert "@" not in saved
    assert phone not in saved and email not in saved
    assert len(saved) <= MAX_COMMENT_LENGTH


@given(st.lists(words, max_size=40).map(" ".join))
def test_ordinary_words_pass_through_unchanged(text):
    assert scrub_comment(text) == text.strip()


# --- Admin ----------------------------------------------------------------------------------------------


@pytest.fixture
def some_feedback(article):
    home = article
    causes = Article.objects.create(
        title="Causes of back spasms", slug="causes", summary="s", topic="understanding", body="b"
    )
    Feedback.objects.create(article=home, helpful=True)
    Feedback.objects.create(article=home, helpful=True)
    Feedback.objects.create(article=home, helpful=False, comment='=HYPERLINK("http://evil") too short')
    Feedback.objects.create(article=causes, helpful=False, comment="Say more about stress.")
    return home, causes


@pytest.fixture
def admin_client(client, django_user_model):
    """A signed-in superuser, without the slow password hashing of pytest-django's admin_client."""
    user = django_user_model(username="admin", is_staff=True, is_superuser=True)
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    return client


def row_of(html, title):
    return re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{re.escape(title)}(?:(?!</tr>).)*</tr>", html, re.S).group(0)


def test_editors_see_the_totals_per_page(admin_client, some_feedback):
    home, causes = some_feedback
    response = admin_client.get("/admin/feedback/articlefeedback/")
    html = response.content.decode()
    assert response.status_code == 200
    home_row = row_of(html, home.title)
    assert '<td class="field-yes_total">2</td>' in home_row
    assert '<td class="field-no_total">1</td>' in home_row
    assert '<td class="field-comment_total">1</td>' in home_row
    assert '<td class="field-helpful_share">67%</td>' in home_row
    assert f"?article__id__exact={home.pk}" in home_row
    assert '<td class="field-helpful_share">0%</td>' in row_of(html, causes.title)
    Feedback.objects.filter(article=causes).delete()
    html = admin_client.get("/admin/feedback/articlefeedback/").content.decode()
    assert '<td class="field-helpful_share">–</td>' in row_of(html, causes.title)
    most_yes_first = admin_client.get("/admin/feedback/articlefeedback/?o=-2").content.decode()
    titles = re.findall(r'class="field-title">([^<]*)<', most_yes_first)
    assert titles[0] == home.title and len(titles) == Article.objects.count()


def test_editors_read_the_comments_of_one_page(admin_client, some_feedback):
    home, _ = some_feedback
    html = admin_client.get(f"/admin/feedback/feedback/?article__id__exact={home.pk}").content.decode()
    assert "too short" in html and "Say more about stress." not in html
    assert admin_client.get("/admin/feedback/feedback/add/").status_code == 403


def test_editors_download_feedback_as_a_csv_safe_from_formulas(admin_client, some_feedback):
    response = admin_client.post(
        "/admin/feedback/feedback/",
        {"action": "download_csv", "_selected_action": list(Feedback.objects.values_list("pk", flat=True))},
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["date", "page", "page address", "helpful", "comment"]
    assert len(rows) == 5
    comments = {row[4] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil") too short' in comments and "Say more about stress." in comments
    assert {row[3] for row in rows[1:]} == {"yes", "no"}


@pytest.mark.parametrize(
    ("value", "safe"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
     (" =1", "' =1"), ("fine", "fine"), ("2026-01-01", "2026-01-01"), ("", "")],
)  # fmt: skip
def test_csv_cells_that_a_spreadsheet_would_run_are_made_text(value, safe):
    assert csv_safe(value) == safe


def test_staff_without_the_permission_see_no_feedback(client, some_feedback, staff_user):
    client.force_login(staff_user)
    assert client.get("/admin/feedback/feedback/").status_code == 403
    assert client.get("/admin/feedback/articlefeedback/").status_code == 403


def test_the_view_permission_alone_shows_totals_and_comments(client, some_feedback, staff_user):
    from django.contrib.auth.models import Permission

    staff_user.user_permissions.add(Permission.objects.get(codename="view_feedback"))
    client.force_login(staff_user)
    assert client.get("/admin/feedback/articlefeedback/").status_code == 200
    assert "Say more about stress." in client.get("/admin/feedback/feedback/").content.decode()


def test_editors_read_feedback_and_only_clinical_reviewers_delete_it(client, some_feedback, editor, reviewer):
    note = Feedback.objects.exclude(comment="").first()
    delete_url = f"/admin/feedback/feedback/{note.pk}/delete/"
    client.force_login(editor)
    assert client.get("/admin/feedback/articlefeedback/").status_code == 200
    assert "Say more about stress." in client.get("/admin/feedback/feedback/").content.decode()
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    client.force_login(reviewer)
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Feedback.objects.filter(pk=note.pk).exists()


@pytest.mark.server
def test_the_limit_holds_across_gunicorn_workers_without_redis(tmp_path):
    """`make run`'s shape (no Redis): 40 posts at once from one address to 3 workers are RATE_LIMIT
    accepted in all, not RATE_LIMIT per worker (before: 28 of 100 here, 50 with 5 workers)."""
    import concurrent.futures
    import urllib.error
    import urllib.request

    from tests.servers import gunicorn, prepared_database

    with gunicorn(database_url=prepared_database(tmp_path), workers=3) as server:

        def post(_):
            request = urllib.request.Request(
                server.url + GIVE,
                data=f"article={ARTICLE}&helpful=yes".encode(),
                headers={"Origin": server.url},
            )
            try:
                with urllib.request.urlopen(request, timeout=20) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(post, range(40)))
        output = server.output()
    assert statuses.count(200) == guards.RATE_LIMIT, statuses
    assert statuses.count(429) == 40 - guards.RATE_LIMIT, statuses
    assert "Traceback" not in output
