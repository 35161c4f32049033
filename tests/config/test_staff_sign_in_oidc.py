"""Single sign-on by OpenID Connect, against a real provider: panva's oidc-provider (npm), run
by node on 127.0.0.1 for each test. The test is the browser: it starts at the admin's "Sign in
with single sign-on", signs in on the provider's page, and follows every redirect back."""

import html
import json
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlparse

import pytest
import requests
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from transfers.access.groups import LEGAL_EDITORS, LEGAL_VIEWERS

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc_provider"
CLIENT_ID = "transfer-register"
CLIENT_SECRET = "a-secret-only-for-these-tests"
ACCOUNTS = {
    "ada": {
        "email": "ada@example.org",
        "email_verified": True,
        "name": "Ada Lovelace",
        "preferred_username": "ada",
        "groups": ["legal-editors", "engineering"],
    },
    "bob": {
        "email": "bob@example.org",
        "email_verified": True,
        "preferred_username": "bob",
        "groups": ["sales"],
    },
}
FORM = re.compile(
    r'<form[^>]*action="(?P<action>[^"]+)"[^>]*>\s*'
    r'<input type="hidden" name="prompt" value="(?P<prompt>\w+)"'
)


def provider_installed() -> str | None:
    """Install the provider's npm package once; None when it is there, else why not."""
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        return None
    npm = shutil.which("npm")
    if not npm:
        return "npm is not installed, so the OpenID Connect provider cannot be installed"
    try:
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--silent"],
            cwd=PROVIDER_DIR,
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        return f"`npm ci` in {PROVIDER_DIR} failed: {getattr(error, 'stderr', '') or error}"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(process: subprocess.Popen, port: int, seconds: float = 30) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"the provider exited: {process.stderr.read()}"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return None
        time.sleep(0.1)
    return f"the provider did not listen on 127.0.0.1:{port} within {seconds} s"


@pytest.fixture
def identity_provider(live_server, settings):
    """The provider on a free port, and Django's settings pointed at it (from its discovery
    document, as an operator would copy them)."""
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed, so the OpenID Connect provider cannot run")
    reason = provider_installed()
    if reason:
        pytest.skip(reason)
    port = free_port()
    config = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": f"{live_server.url}/oidc/callback/",
        "accounts": ACCOUNTS,
    }
    process = subprocess.Popen(
        [node, "provider.mjs", str(port)],
        cwd=PROVIDER_DIR,
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)},
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        reason = wait_until_listening(process, port)
        if reason:
            pytest.skip(f"the OpenID Connect provider could not be started: {reason}")
        issuer = f"http://127.0.0.1:{port}"
        discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=10).json()
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
        settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
        settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
        settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "config.auth.oidc.StaffOIDCBackend",
        ]
        yield issuer
    finally:
        process.stdin.close()
        process.terminate()
        process.wait(timeout=10)


def sign_in(live_server, login: str) -> requests.Response:
    """What a browser does: the button on the admin's login page, the provider's login and
    consent pages, and every redirect back to the register."""
    browser = requests.Session()
    login_page = browser.get(f"{live_server.url}/admin/login/?next=/admin/", timeout=30)
    button = re.search(r'href="([^"]+)">Sign in with single sign-on<', login_page.text)
    assert button, "the admin's login page offers single sign-on"
    response = browser.get(urljoin(login_page.url, html.unescape(button.group(1))), timeout=30)
    for _ in range(4):  # the provider's login page, then its consent page
        form = FORM.search(response.text)
        if not form or not response.url.startswith("http://127.0.0.1"):
            break
        data = {"prompt": form["prompt"]}
        if form["prompt"] == "login":
            data.update(login=login, password="whatever-the-provider-accepts")
        response = browser.post(
            urljoin(response.url, html.unescape(form["action"])), data=data, timeout=30
        )
    return response


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_legal_editor_signs_in_through_the_identity_provider(identity_provider, live_server):
    response = sign_in(live_server, "ada")
    assert response.status_code == 200
    assert response.url == f"{live_server.url}/admin/"
    assert "Site administration" in response.text and "ada" in response.text

    user = get_user_model().objects.get(email="ada@example.org")
    assert user.username == "ada"
    assert set(user.groups.values_list("name", flat=True)) == {LEGAL_EDITORS}
    assert user.is_staff and not user.is_superuser and not user.has_usable_password()
    assert AccessLog.objects.filter(username="ada", path_info="/oidc/callback/").exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_existing_account_follows_the_providers_groups(identity_provider, live_server):
    """Matched by e-mail; the legal groups become what the provider says, other groups stay."""
    user = get_user_model().objects.create_user("a.lovelace", email="Ada@example.org")
    user.groups.add(Group.objects.get(name=LEGAL_VIEWERS), Group.objects.create(name="Auditors"))

    assert sign_in(live_server, "ada").url == f"{live_server.url}/admin/"
    user.refresh_from_db()
    assert set(user.groups.values_list("name", flat=True)) == {LEGAL_EDITORS, "Auditors"}
    assert user.is_staff and user.username == "a.lovelace"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_account_in_no_mapped_group_gets_no_staff_access(identity_provider, live_server):
    response = sign_in(live_server, "bob")
    assert response.url.startswith(f"{live_server.url}/admin/login/")
    assert "not in a group that may use the register" in response.text
    assert not get_user_model().objects.filter(email="bob@example.org").exists()
    # Recorded with the failed logins, but never a lockout: the provider checked the password.
    assert AccessFailureLog.objects.filter(username="bob@example.org").exists()
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_with_two_factor_enforced_single_sign_on_leads_to_the_set_up(
    identity_provider, live_server, settings
):
    settings.ADMIN_REQUIRE_2FA = True
    response = sign_in(live_server, "ada")
    assert response.url == f"{live_server.url}{reverse('two_factor:setup')}"
    assert "must use two-factor authentication" in response.text

    settings.ADMIN_2FA_TRUST_OIDC = True
    assert sign_in(live_server, "ada").url == f"{live_server.url}/admin/"


def test_a_provider_that_does_not_answer_gives_a_message_not_an_error(client, settings, db):
    closed = f"http://127.0.0.1:{free_port()}"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{closed}/auth"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{closed}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{closed}/me"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{closed}/jwks"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "config.auth.oidc.StaffOIDCBackend",
    ]
    to_provider = client.get("/oidc/authenticate/?next=/admin/")
    assert to_provider["Location"].startswith(f"{closed}/auth?")
    state = parse_qs(urlparse(to_provider["Location"]).query)["state"][0]

    response = client.get(f"/oidc/callback/?code=some-code&state={state}", follow=True)
    assert response.status_code == 200
    assert "The identity provider did not answer" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_single_sign_on_is_off_unless_configured(client, db):
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "single sign-on" not in client.get("/admin/login/").content.decode()
