"""The admin's own doors: the markdown preview endpoint (CVE-2024-2319) and the sign-in lockout."""

import pytest
from django.urls import reverse

from backspasm_site.core.tests.test_markdown import PAYLOADS, assert_harmless

PREVIEW = "/markdownx/markdownify/"


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


def sign_in(client, password, username="editor", address="203.0.113.7", forwarded_for=None):
    headers = {"REMOTE_ADDR": address}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers)


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


# --- the address the lockout counts by, and the bound per user name ---

BALANCER = "10.0.0.1"


@pytest.fixture
def production_proxy_settings(settings):
    # As DJANGO_ENV=production sets them: behind a TLS proxy, and no proxy trusted until it is named.
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = []
    return settings


@pytest.mark.django_db
def test_a_new_x_forwarded_for_on_each_attempt_straight_to_the_app_still_locks(
    client, staff_user, production_proxy_settings
):
    for attempt in range(1, 5):
        assert sign_in(client, "wrong", forwarded_for=f"198.51.100.{attempt}").status_code == 200, attempt
    assert sign_in(client, "wrong", forwarded_for="198.51.100.5").status_code == 429
    assert sign_in(client, RIGHT, forwarded_for="198.51.100.6").status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_naming_a_trusted_proxy_in_the_header_does_not_make_a_direct_client_one(
    client, staff_user, production_proxy_settings
):
    production_proxy_settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    for attempt in range(1, 6):  # each time a new "client" and a new "balancer" in the balancer's network
        sign_in(client, "wrong", forwarded_for=f"198.51.100.{attempt}, 10.0.0.{attempt}")
    assert sign_in(client, RIGHT, forwarded_for="198.51.100.9, 10.0.0.9").status_code == 429


@pytest.mark.django_db
def test_adding_entries_to_x_forwarded_for_does_not_reset_the_count(
    client, staff_user, production_proxy_settings
):
    forwarded = "192.0.2.1"
    for attempt in range(1, 5):
        assert sign_in(client, "wrong", forwarded_for=forwarded).status_code == 200, attempt
        forwarded += f", 192.0.2.{attempt + 1}"  # one more made-up hop each time
    assert sign_in(client, "wrong", forwarded_for=forwarded).status_code == 429
    assert sign_in(client, RIGHT, forwarded_for=forwarded + ", 192.0.2.99").status_code == 429


@pytest.mark.django_db
def test_through_a_trusted_proxy_each_client_in_the_header_is_counted_on_its_own(
    client, staff_user, settings
):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24", "192.0.2.0/24"]  # DJANGO_TRUSTED_PROXIES: balancer, CDN edges
    reader, edge = "198.51.100.7", "192.0.2.50"
    for attempt in range(1, 6):
        # Whatever the reader puts in front (a new entry, more entries) their own address is what is counted.
        forged = ", ".join(f"203.0.113.{n}" for n in range(attempt))
        response = sign_in(client, "wrong", address=BALANCER, forwarded_for=f"{forged}, {reader}, {edge}")
        assert response.status_code == (429 if attempt == 5 else 200), attempt
    assert sign_in(client, RIGHT, address=BALANCER, forwarded_for=f"{reader}, {edge}").status_code == 429
    # Another reader through the same balancer and edge is not locked out with them.
    response = sign_in(client, RIGHT, address=BALANCER, forwarded_for=f"198.51.100.8, {edge}")
    assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_one_user_name_from_many_addresses_gets_a_bounded_number_of_guesses(
    client, staff_user, django_user_model, settings
):
    assert settings.LOGIN_FAILURES_PER_USERNAME == 20 and settings.AXES_FAILURE_LIMIT == 5
    django_user_model.objects.create_user("clinician", password="another long password", is_staff=True)
    # 19 wrong passwords, 4 (or 3) from each of 5 addresses: no pair is locked, nor yet the account.
    for guess in range(19):
        assert sign_in(client, f"wrong {guess}", address=f"198.51.100.{guess // 4}").status_code == 200, guess
    assert sign_in(client, RIGHT, address="198.51.100.100").status_code == 302
    client.logout()
    # The 20th, from yet another address, locks the account from every address, the right password too.
    assert sign_in(client, "wrong 20", address="198.51.100.101").status_code == 429
    for address in ("198.51.100.102", "198.51.100.100", "2001:db8::1"):
        assert sign_in(client, RIGHT, address=address).status_code == 429, address
    assert "_auth_user_id" not in client.session
    # Other accounts are not affected, and the reset lifts it.
    assert sign_in(client, "another long password", username="clinician").status_code == 302
    client.logout()
    from axes.utils import reset

    reset(username="editor")
    assert sign_in(client, RIGHT).status_code == 302


def test_django_password_rules_are_kept(settings):
    names = [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == ["UserAttributeSimilarityValidator", "MinimumLengthValidator", "CommonPasswordValidator",
                     "NumericPasswordValidator"]  # fmt: skip


@pytest.mark.parametrize("refused", ["https://evil.example/", "//evil.example/admin/"])
def test_a_refused_next_after_signing_in_goes_to_the_admin_index(client, staff_user, refused):
    response = client.post(
        f"{LOGIN}?next={refused}",
        {"username": "editor", "password": "correct horse battery", "next": refused},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get(response["Location"]).status_code == 200
