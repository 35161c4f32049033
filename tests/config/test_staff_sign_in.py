"""Staff sign-in: a second factor for the legal team and superusers, a lockout after repeated
failed logins, and a record of every login. What a person at the admin's door sees."""

import base64
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.auth.policy import mapped_groups, must_use_two_factor, parse_group_map
from tests.factories import UserFactory
from transfers.access.groups import LEGAL_EDITORS, LEGAL_VIEWERS

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
WIZARD = "staff_login_view-current_step"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def enforced(settings):
    settings.ADMIN_REQUIRE_2FA = True
    return settings


def password_step(client, username: str, password: str = "pw", **extra):
    return client.post(
        f"{LOGIN}?next=/admin/",
        {WIZARD: "auth", "auth-username": username, "auth-password": password},
        **extra,
    )


def token_step(client, token: str):
    return client.post(f"{LOGIN}?next=/admin/", {WIZARD: "token", "token-otp_token": token})


def current_code(device: TOTPDevice) -> str:
    """What the user's authenticator app shows now, from the device's own key."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def code_from_secret(secret: str) -> str:
    """What an authenticator app shows for a base32 secret typed in by hand."""
    return f"{totp(base64.b32decode(secret)):06d}"


def totp_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def recovery_codes(user, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


# The rules, without a database.


def test_superusers_and_the_legal_groups_must_use_a_second_factor():
    groups = [LEGAL_EDITORS, LEGAL_VIEWERS]
    assert must_use_two_factor(is_superuser=True, group_names=[], required_groups=groups)
    assert must_use_two_factor(
        is_superuser=False, group_names=[LEGAL_VIEWERS], required_groups=groups
    )
    assert not must_use_two_factor(
        is_superuser=False, group_names=["Procurement"], required_groups=groups
    )


def test_the_default_groups_are_the_legal_groups(settings):
    assert set(settings.ADMIN_2FA_GROUPS) == {LEGAL_EDITORS, LEGAL_VIEWERS}
    assert set(settings.OIDC_GROUP_MAP.values()) == {LEGAL_EDITORS, LEGAL_VIEWERS}


def test_a_group_map_with_a_typo_is_refused_with_the_entry():
    assert parse_group_map("a=Legal editors, b = Legal viewers,") == {
        "a": "Legal editors",
        "b": "Legal viewers",
    }
    with pytest.raises(ValueError, match="'legal-editors'"):
        parse_group_map("legal-editors,b=Legal viewers")
    with pytest.raises(ValueError, match="'=Legal viewers'"):
        parse_group_map("=Legal viewers")


def test_only_mapped_claim_values_grant_groups():
    group_map = {"legal-editors": LEGAL_EDITORS}
    assert mapped_groups(["legal-editors", "sales"], group_map) == {LEGAL_EDITORS}
    assert mapped_groups("legal-editors", group_map) == {LEGAL_EDITORS}
    assert mapped_groups(None, group_map) == set()
    assert mapped_groups(["sales"], group_map) == set()


def settings_value(module: str, name: str, **env: str) -> str:
    """A setting as a fresh process with that settings module (and environment) sees it."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ADMIN_", "OIDC_", "DJANGO_"))
    }
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django; django.setup(); from django.conf import settings;"
            f" print(settings.{name})",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_two_factor_is_on_in_production_and_off_for_make_run():
    assert (
        settings_value(
            "config.settings.production", "ADMIN_REQUIRE_2FA", DJANGO_SECRET_KEY="x" * 50
        )
        == "True"
    )
    assert settings_value("config.settings.local", "ADMIN_REQUIRE_2FA") == "False"
    assert (
        settings_value("config.settings.local", "ADMIN_REQUIRE_2FA", ADMIN_REQUIRE_2FA="1")
        == "True"
    )


def test_half_configured_single_sign_on_stops_the_start_up():
    with pytest.raises(subprocess.CalledProcessError) as failure:
        settings_value("config.settings.local", "OIDC_RP_CLIENT_ID", OIDC_RP_CLIENT_ID="register")
    assert "OIDC_RP_CLIENT_ID is set, so set OIDC_RP_CLIENT_SECRET" in failure.value.stderr


# Two-factor authentication.


def test_a_legal_editor_without_a_device_is_led_to_set_one_up(enforced, client, legal_editor):
    response = password_step(client, "editor")
    assert response.status_code == 302 and response["Location"] == "/admin/"

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("two_factor:setup")
    assert "must use two-factor authentication" in response.content.decode()
    for page in ("/admin/transfers/transfer/", "/admin/vendors/vendor/", "/api/v1/vendors/"):
        assert client.get(page).status_code in (302, 403)
    api = client.get("/api/v1/vendors/")
    assert api.status_code == 403
    assert api.json()["errors"][0]["code"] == "two_factor_required"

    # The set-up wizard: an introduction, then the QR code and the secret, then a code.
    page = client.post(
        reverse("two_factor:setup"), {"staff_setup_view-current_step": "welcome"}
    ).content.decode()
    secret = re.search(r">([A-Z2-7]{32})</a>", page).group(1)
    assert client.get(reverse("two_factor:qr"))["Content-Type"].startswith("image/svg+xml")
    response = client.post(
        reverse("two_factor:setup"),
        {"staff_setup_view-current_step": "generator", "generator-token": code_from_secret(secret)},
        follow=True,
    )
    assert "Two-factor authentication is on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=legal_editor, confirmed=True).count() == 1

    # The secret is not shown again, and the admin opens.
    assert client.get(reverse("two_factor:qr")).status_code == 404
    assert client.get(reverse("two_factor:setup")).status_code == 302
    assert client.get("/admin/").status_code == 200

    # Recovery codes, from the page the set-up ends on.
    response = client.post(reverse("two_factor:backup_tokens"), follow=True)
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10


def test_a_superuser_is_held_too_but_not_a_staff_user_outside_the_groups(enforced, client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert client.get("/admin/")["Location"] == reverse("two_factor:setup")
    client.force_login(UserFactory(username="procurement", is_staff=True))
    assert client.get("/admin/").status_code == 200


def test_without_enforcement_the_legal_team_signs_in_with_a_password(client, legal_viewer):
    assert password_step(client, "viewer")["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_the_right_code_lets_the_user_in(enforced, client, legal_editor):
    device = totp_device(legal_editor)
    response = password_step(client, "editor")
    assert response.status_code == 200
    assert "Enter the code your authenticator app shows" in response.content.decode()
    assert client.get("/admin/").status_code == 302, "not signed in before the code"

    response = token_step(client, current_code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_does_not(enforced, client, legal_editor):
    device = totp_device(legal_editor)
    password_step(client, "editor")
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = token_step(client, wrong)
    assert response.status_code == 200
    assert "errornote" in response.content.decode() or "errorlist" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith(LOGIN)


def test_a_recovery_code_works_once(enforced, client, legal_editor):
    totp_device(legal_editor)
    recovery_codes(legal_editor, "alpha2345", "bravo6789")
    password_step(client, "editor")
    page = client.post(f"{LOGIN}?next=/admin/", {WIZARD: "token", "wizard_goto_step": "backup"})
    assert "Enter one of your recovery codes" in page.content.decode()
    response = client.post(
        f"{LOGIN}?next=/admin/", {WIZARD: "backup", "backup-otp_token": "alpha2345"}
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    client.post(reverse("admin:logout"))
    password_step(client, "editor")
    client.post(f"{LOGIN}?next=/admin/", {WIZARD: "token", "wizard_goto_step": "backup"})
    again = client.post(
        f"{LOGIN}?next=/admin/", {WIZARD: "backup", "backup-otp_token": "alpha2345"}
    )
    assert again.status_code == 200 and "_auth_user_id" not in client.session
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["bravo6789"]


def test_a_session_without_the_code_is_asked_for_it(enforced, client, legal_viewer):
    """A session opened another way (single sign-on, or before the device existed) is asked
    for a code before any admin page; a wrong one is refused, the right one lets it in."""
    device = totp_device(legal_viewer)
    client.force_login(legal_viewer)
    response = client.get("/admin/vendors/vendor/")
    verify = f"{reverse('staff-verify')}?next=%2Fadmin%2Fvendors%2Fvendor%2F"
    assert response["Location"] == verify

    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(verify, {"otp_token": wrong, "next": "/admin/vendors/vendor/"})
    assert "That code is wrong" in response.content.decode()
    assert client.get("/admin/").status_code == 302

    time.sleep(1.1)  # django-otp waits a second after a wrong code before it checks another
    response = client.post(
        verify, {"otp_token": current_code(device), "next": "/admin/vendors/vendor/"}
    )
    assert response["Location"] == "/admin/vendors/vendor/"
    assert client.get("/admin/vendors/vendor/").status_code == 200


def test_a_session_without_the_code_cannot_add_a_device_of_its_own(client, legal_viewer):
    """Even where two-factor is not enforced: a session that has not passed the user's device
    cannot set up another one and verify itself with it."""
    totp_device(legal_viewer)
    client.force_login(legal_viewer)
    response = client.post(
        reverse("two_factor:setup"), {"staff_setup_view-current_step": "welcome"}
    )
    assert response["Location"].startswith(reverse("staff-verify"))
    assert TOTPDevice.objects.filter(user=legal_viewer).count() == 1


# Lockout and the record of logins.


def test_five_failures_lock_the_username_out_from_that_address(client, legal_editor, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = password_step(client, "editor", "wrong")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()

    response = password_step(client, "editor", "wrong")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed sign-in attempts" in text and "15 minutes" in text

    # The right password does not help from this address, for this username...
    response = password_step(client, "editor", "pw")
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # ...but the same username from another address, and another username from this one, work.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert password_step(other, "editor", "pw")["Location"] == "/admin/"
    UserFactory(username="colleague", is_staff=True)
    assert password_step(Client(), "colleague", "pw")["Location"] == "/admin/"

    attempt = AccessAttempt.objects.get(username="editor", ip_address="127.0.0.1")
    assert attempt.failures_since_start >= 5
    assert AccessFailureLog.objects.filter(username="editor", locked_out=True).exists()


@pytest.mark.faults
def test_the_lockout_holds_while_the_cache_is_down(client, legal_editor, redis_server):
    redis_server.stop()
    codes = [password_step(client, "editor", "wrong").status_code for _ in range(5)]

    assert codes == [200] * 4 + [429]
    response = password_step(client, "editor", "pw")
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_every_login_is_recorded_and_shown_to_superusers_only(client, legal_editor):
    password_step(client, "editor", "Tr0ub4dor-typo")
    attempt = AccessAttempt.objects.get(username="editor")
    assert "Tr0ub4dor" not in attempt.post_data, "a mistyped password is never stored"
    password_step(client, "editor", "pw")
    log = AccessLog.objects.get(username="editor")
    assert log.ip_address == "127.0.0.1"
    assert AccessFailureLog.objects.filter(username="editor").count() == 1

    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    page = client.get(reverse("admin:axes_accesslog_changelist"))
    assert page.status_code == 200 and "editor" in page.content.decode()
    failures = client.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert "editor" in failures.content.decode()

    client.force_login(legal_editor)
    assert client.get(reverse("admin:axes_accesslog_changelist")).status_code == 403
    assert "Axes" not in client.get("/admin/").content.decode()
