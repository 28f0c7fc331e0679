"""The admin's own doors: the markdown preview endpoint (CVE-2024-2319) and the sign-in lockout."""

import pytest
from django.urls import reverse

from .test_markdown import PAYLOADS, assert_harmless

PREVIEW = "/markdownx/markdownify/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Lockout is about counting attempts, not hashing: the production hasher costs ~1 s a try here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_admin_preview_returns_cleaned_html_for_known_payloads(client, staff_user, payload):
    client.force_login(staff_user)
    response = client.post(PREVIEW, {"content": payload})
    assert response.status_code == 200
    assert_harmless(payload, response.content.decode())


@pytest.mark.django_db
def test_admin_preview_keeps_ordinary_markdown(client, staff_user):
    client.force_login(staff_user)
    response = client.post(PREVIEW, {"content": "## Rest\n\n**Keep moving**"})
    assert response.content.decode() == "<h2>Rest</h2>\n<p><strong>Keep moving</strong></p>"


@pytest.mark.django_db
@pytest.mark.parametrize("path", [PREVIEW, "/markdownx/upload/"])
def test_anonymous_visitors_get_no_preview_or_upload(client, path):
    response = client.post(path, {"content": "<script>alert(1)</script>"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert b"script" not in response.content


@pytest.mark.django_db
def test_non_staff_accounts_get_no_preview(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="a long reader password")
    client.force_login(user)
    response = client.post(PREVIEW, {"content": "**x**"})
    assert response.status_code == 302 and b"<strong>" not in response.content


# --- sign-in lockout (django-axes) ---

LOGIN = "/admin/login/"
RIGHT = "correct horse battery"  # staff_user's password (conftest)


def sign_in(client, password, username="editor", address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address)  # fmt: skip


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_refused(client, staff_user):
    for attempt in range(1, 5):
        response = sign_in(client, f"wrong guess {attempt}")
        assert response.status_code == 200, attempt  # the form again, with its error message
        assert "_auth_user_id" not in client.session
    assert sign_in(client, "wrong guess 5").status_code == 429
    locked = sign_in(client, RIGHT)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still signed out


@pytest.mark.django_db
def test_four_wrong_passwords_do_not_lock_the_account(client, staff_user):
    for attempt in range(4):
        sign_in(client, f"wrong guess {attempt}")
    response = sign_in(client, RIGHT)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_lockout_is_per_user_and_address(client, staff_user, django_user_model):
    django_user_model.objects.create_user("clinician", password="another long password", is_staff=True)
    for attempt in range(5):
        sign_in(client, f"wrong guess {attempt}")
    assert sign_in(client, RIGHT).status_code == 429
    # The same user from another address, and another user from the same address, can still sign in.
    assert sign_in(client, RIGHT, address="198.51.100.9").status_code == 302
    client.logout()
    assert sign_in(client, "another long password", username="clinician").status_code == 302


@pytest.mark.django_db
def test_lockout_ends_after_a_reset(client, staff_user):
    from axes.utils import reset

    for attempt in range(5):
        sign_in(client, f"wrong guess {attempt}")
    assert sign_in(client, RIGHT).status_code == 429
    reset(username="editor")
    assert sign_in(client, RIGHT).status_code == 302


def test_django_password_rules_are_kept(settings):
    names = [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == ["UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
                     "NumericPasswordValidator"]  # fmt: skip
