"""The legal team creates API keys in the admin (the key is shown once), limits and revokes them."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.api.conftest import key_client
from tests.api.standard import assert_error_body
from transfers.access.models import ApiKey

ADD_URL = reverse("admin:transfers_apikey_add")
CHANGELIST_URL = reverse("admin:transfers_apikey_changelist")


def create_key(client, **fields) -> tuple[str, object]:
    data = {"name": "Procurement", "access": "read", "allowed_endpoints": "", "throttle_rate": ""}
    response = client.post(ADD_URL, {**data, **fields}, follow=True)
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    keys = [match for message in messages for match in re.findall(r"trk_\w+_[\w-]+", message)]
    return (keys[0] if keys else ""), response


@pytest.mark.django_db
def test_the_key_is_shown_once_and_only_its_hash_is_kept(editor_client, legal_editor):
    raw_key, response = create_key(
        editor_client, allowed_endpoints="vendors\n/transfer-checks/\n", throttle_rate="100/minute"
    )
    assert raw_key, "the key should be in the success message"
    stored = ApiKey.objects.get()
    assert stored.created_by == legal_editor
    assert stored.allowed_endpoints == ["vendors", "transfer-checks"]
    assert raw_key not in str(ApiKey.objects.values().get())
    change_page = editor_client.get(reverse("admin:transfers_apikey_change", args=[stored.pk]))
    assert raw_key not in change_page.content.decode()
    assert stored.prefix in change_page.content.decode()
    client = key_client(raw_key)
    assert client.get("/api/v1/vendors/").status_code == 200
    assert_error_body(client.get("/api/v1/transfers/"), 403)


@pytest.mark.django_db
def test_revoking_stops_the_key(editor_client):
    raw_key, _ = create_key(editor_client)
    stored = ApiKey.objects.get()
    response = editor_client.post(
        CHANGELIST_URL, {"action": "revoke", "_selected_action": [stored.pk]}, follow=True
    )
    assert "Revoked: Procurement." in response.content.decode()
    stored.refresh_from_db()
    assert stored.revoked_at is not None
    [error] = assert_error_body(key_client(raw_key).get("/api/v1/ping/"), 401)
    assert error["message"] == "This API key was revoked."
    assert stored.history.filter(history_change_reason="Revoked").exists()


@pytest.mark.django_db
def test_keys_are_never_deleted(editor_client):
    create_key(editor_client)
    stored = ApiKey.objects.get()
    response = editor_client.get(reverse("admin:transfers_apikey_delete", args=[stored.pk]))
    assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"throttle_rate": "lots"}, "Write a rate as a number of requests per unit"),
        ({"allowed_endpoints": "vendors?page=2"}, "is not an endpoint path under /api/v1/"),
    ],
)
def test_bad_limits_are_refused_in_the_form(editor_client, fields, message):
    raw_key, response = create_key(editor_client, **fields)
    assert raw_key == "" and message in response.content.decode()
    assert not ApiKey.objects.exists()


@pytest.mark.django_db
def test_viewers_see_keys_but_cannot_create_them(viewer_client):
    assert viewer_client.get(CHANGELIST_URL).status_code == 200
    assert viewer_client.get(ADD_URL).status_code == 403


@pytest.mark.django_db
def test_the_full_copy_flag_is_set_when_creating_a_key(editor_client):
    create_key(editor_client, name="Audit tool", may_download_confidential="on")
    create_key(editor_client, name="Procurement")
    assert dict(ApiKey.objects.values_list("name", "may_download_confidential")) == {
        "Audit tool": True,
        "Procurement": False,
    }
    add_page = editor_client.get(ADD_URL).content.decode()
    assert "May download full copies" in add_page
