"""The client address that login lockout and the feedback limit count by (core/security.py: client_ip)."""

import sys

import pytest
from django.test import RequestFactory

from backspasm_site.core.security import client_ip
from tests.test_deploy import PRODUCTION_ENV, run

PROXIES = ["10.0.0.0/24", "192.0.2.50", "2001:db8:ffff::/48"]  # a balancer network, a CDN edge, an IPv6 range


def address(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # Not from a trusted proxy: the socket's address, whatever the header says.
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),
        ("203.0.113.9", "198.51.100.7, 10.0.0.1", "203.0.113.9"),
        ("10.0.1.1", "198.51.100.7", "10.0.1.1"),  # next to the trusted network, not in it
        # From a trusted proxy: the first untrusted entry from the right; what is left of it is ignored.
        ("10.0.0.1", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.1", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        ("10.0.0.1", "1.2.3.4, 5.6.7.8, 198.51.100.7", "198.51.100.7"),
        ("10.0.0.1", "198.51.100.7, 192.0.2.50", "198.51.100.7"),  # through the CDN edge and the balancer
        ("10.0.0.1", "198.51.100.7 ,  10.0.0.9 ,192.0.2.50", "198.51.100.7"),
        ("10.0.0.1", "10.0.0.3, 192.0.2.50", "10.0.0.3"),  # every entry trusted: the leftmost
        ("10.0.0.1", None, "10.0.0.1"),  # no header: the proxy itself
        ("10.0.0.1", "", "10.0.0.1"),
        ("10.0.0.1", "not-an-address, 192.0.2.50", "192.0.2.50"),  # garbage: the proxy that passed it on
        ("10.0.0.1", "198.51.100.7, garbage", "10.0.0.1"),
        # IPv6, and IPv4 as a dual-stack socket reports it.
        ("2001:db8:ffff::1", "2001:db8:1::5", "2001:db8:1::5"),
        ("2001:db8:1::1", "198.51.100.7", "2001:db8:1::1"),
        ("::ffff:10.0.0.1", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.1", "::ffff:198.51.100.7", "198.51.100.7"),
    ],
)
def test_the_header_is_believed_only_from_trusted_proxies(settings, remote, forwarded, expected):
    settings.BEHIND_PROXY = True
    settings.TRUSTED_PROXIES = PROXIES
    assert address(remote, forwarded) == expected


@pytest.mark.parametrize("behind_proxy", [True, False])
def test_with_no_trusted_proxy_the_header_is_never_read(settings, behind_proxy):
    settings.BEHIND_PROXY = behind_proxy
    settings.TRUSTED_PROXIES = []
    assert address("127.0.0.1", "198.51.100.7") == "127.0.0.1"
    assert address("10.0.0.1", "198.51.100.7, 10.0.0.2") == "10.0.0.1"


def test_no_proxy_is_trusted_by_default_in_production_or_locally():
    code = "from django.conf import settings; print(repr(settings.TRUSTED_PROXIES))"
    local = {"DJANGO_ENV": "local"}
    for env in (PRODUCTION_ENV, local):
        result = run([sys.executable, "-c", f"import django; django.setup(); {code}"],
                     {**env, "DJANGO_SETTINGS_MODULE": "backspasm_site.settings"})  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "[]"


def test_trusted_proxies_come_from_the_environment():
    result = run([sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
                  "print(settings.TRUSTED_PROXIES)"],
                 {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "backspasm_site.settings",
                  "DJANGO_TRUSTED_PROXIES": " 10.0.0.0/8, 192.0.2.50 ,"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['10.0.0.0/8', '192.0.2.50']"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DJANGO_TRUSTED_PROXIES", "10.0.0.0/8, 10.0.0.300", "DJANGO_TRUSTED_PROXIES: '10.0.0.300'"),
        ("DJANGO_PROXY_HOPS", "1", "DJANGO_PROXY_HOPS is no longer read"),
    ],
)
def test_a_bad_or_retired_proxy_setting_stops_start_up(variable, value, message):
    result = run([sys.executable, "manage.py", "check"], {**PRODUCTION_ENV, variable: value})
    assert result.returncode != 0
    assert message in result.stderr
