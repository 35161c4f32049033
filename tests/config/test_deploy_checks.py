"""Security by default: production with only the documented environment passes
``manage.py check --deploy`` without a word, answers HTTPS-only with HSTS and no framing, and our
own deployment checks say what is left at a default that only works on a laptop."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.checks import ERROR, WARNING, run_checks

# What the README's Configuration and "Security and hostile input" sections ask for.
DOCUMENTED_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "privacy.example.org,testserver",
    "DATABASE_URL": "postgres://register@db.internal:5432/register",
    "REDIS_URL": "redis://cache.internal:6379/1",
    "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
    "TRANSFERS_PUBLIC_ORGANISATION": "Filament Group",
    "TRANSFERS_PRIVACY_CONTACT": "privacy@filament.example",
    "DEFAULT_FROM_EMAIL": "privacy@filament.example",
    "TRANSFERS_PUBLIC_BASE_URL": "https://privacy.example.org",
}

# Answers two requests as the production settings would (the test client, no server, no
# database): one over HTTP, one over HTTPS.
PRODUCTION_ANSWERS = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
plain = Client().get("/api/v1/ping/")
secure = Client().get("/api/v1/ping/", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "secure": [secure.status_code, dict(secure.headers)],
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
}))
"""


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """A management command as an operator runs it: only the given environment."""
    env = {"PATH": os.environ.get("PATH", ""), **DOCUMENTED_ENVIRONMENT, **environment}
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_with_the_documented_environment_passes_check_deploy_silently():
    result = manage("manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr and "ERRORS" not in result.stderr


def test_production_answers_https_only_with_hsts_and_no_framing():
    result = manage("-c", PRODUCTION_ANSWERS)
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    assert answers["plain"] == [301, "https://testserver/api/v1/ping/"]
    status, headers = answers["secure"]
    assert status == 401  # no key: the API's own answer, with the security headers
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert answers["cookies"] == [True, True]


def test_each_secure_default_has_a_documented_opt_out():
    result = manage(
        "manage.py",
        "check",
        "--deploy",
        DJANGO_HSTS_SECONDS="0",
        DJANGO_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
    )

    for check_id in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check_id in result.stderr, check_id


def test_preload_is_the_operators_choice_and_the_proxy_header_is_opt_in():
    show = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER)"
    )
    assert manage("-c", show).stdout.split() == ["False", "None"]
    opted_in = manage(
        "-c",
        show,
        DJANGO_HSTS_PRELOAD="true",
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https",
    )
    assert opted_in.stdout.strip() == "True ('HTTP_X_FORWARDED_PROTO', 'https')"
    preloaded = manage("manage.py", "check", "--deploy", DJANGO_HSTS_PRELOAD="true")
    assert preloaded.returncode == 0 and "no issues (0 silenced)" in preloaded.stdout


def test_a_malformed_proxy_header_stops_the_start_up_saying_why():
    result = manage("manage.py", "check", DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert result.returncode != 0
    assert 'DJANGO_SECURE_PROXY_SSL_HEADER must read "Header-Name: value"' in result.stderr


# Our own deployment checks, run in-process with the settings at fault.


def our_messages(*, deploy: bool = True) -> dict[str, int]:
    """{check id: level} of the project's checks (Django's own are tested by Django)."""
    return {
        message.id: message.level
        for message in run_checks(include_deployment_checks=deploy)
        if message.id.startswith("register.")
    }


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.internal:6379/1",
        }
    }
    settings.TRANSFERS_PUBLIC_ORGANISATION = "Filament Group"
    settings.TRANSFERS_PRIVACY_CONTACT = "privacy@filament.example"
    settings.DEFAULT_FROM_EMAIL = "privacy@filament.example"
    settings.TRANSFERS_PUBLIC_BASE_URL = "https://privacy.example.org"
    return settings


def test_a_well_configured_deployment_gets_none_of_our_messages(production_like):
    assert our_messages() == {}


def test_debug_in_production_is_an_error(production_like):
    production_like.DEBUG = True
    assert our_messages() == {"register.E001": ERROR}


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    ],
)
def test_no_shared_cache_warns_that_rate_limits_hold_per_process(production_like, backend):
    production_like.CACHES = {"default": {"BACKEND": backend}}
    assert our_messages() == {"register.W001": WARNING}


def test_the_default_organisation_and_addresses_are_warned_about(production_like):
    production_like.TRANSFERS_PUBLIC_ORGANISATION = "Our group"
    production_like.TRANSFERS_PRIVACY_CONTACT = "privacy@example.invalid"
    messages = run_checks(include_deployment_checks=True)
    texts = [message.msg for message in messages if message.id.startswith("register.")]

    assert our_messages() == {"register.W002": WARNING, "register.W003": WARNING}
    assert any("Our group" in text for text in texts)
    assert any("TRANSFERS_PRIVACY_CONTACT is privacy@example.invalid" in text for text in texts)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://privacy.example.org"])
def test_links_to_localhost_or_plain_http_are_warned_about(production_like, url):
    production_like.TRANSFERS_PUBLIC_BASE_URL = url
    assert our_messages() == {"register.W004": WARNING}


def test_our_checks_are_deployment_checks_only(production_like):
    production_like.DEBUG = True
    production_like.TRANSFERS_PUBLIC_ORGANISATION = "Our group"
    assert our_messages(deploy=False) == {}
