"""With the cache's Redis down the request form keeps answering and stays rate-limited: the
windows are counted in the database (hashed keys, swept when their window ends)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.transfers.requests.public.register import build_public_register
from transfers.requests.models import DataSubjectRequest, RateLimitHit
from transfers.requests.tasks import sweep_requests

FORM = reverse("public:request_copy")


@pytest.fixture
def rows(db):
    return build_public_register()


def post(client, rows, email: str, ip: str):
    data = {
        "name": "Ada Lovelace",
        "email": email,
        "recipients": [f"vendor-{rows.cloud.pk}"],
        "website": "",
    }
    return client.post(FORM, data, REMOTE_ADDR=ip)


@pytest.mark.faults
def test_the_form_stays_rate_limited_per_email_while_the_cache_is_down(
    client, rows, settings, redis_server
):
    settings.TRANSFERS_REQUEST_RATE_PER_EMAIL = "2/d"
    codes = [post(client, rows, "ada@example.org", f"198.51.100.{n}").status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert not RateLimitHit.objects.exists()  # Redis counted those

    redis_server.stop()
    assert client.get(FORM).status_code == 200
    codes = [post(client, rows, "bob@example.org", f"198.51.100.{n}").status_code for n in range(2)]
    assert codes == [302, 302]
    response = post(client, rows, "BOB@example.org", "198.51.100.50")

    assert response.status_code == 429 and "tomorrow" in response.content.decode()
    assert DataSubjectRequest.objects.filter(email__iexact="bob@example.org").count() == 2
    stored = " ".join(RateLimitHit.objects.values_list("key", flat=True))
    assert "bob" not in stored and "198.51.100" not in stored

    redis_server.start()
    codes = [post(client, rows, "eve@example.org", f"198.51.100.{n}").status_code for n in range(3)]
    assert codes == [302, 302, 429]


@pytest.mark.faults
def test_the_form_stays_rate_limited_per_address_while_the_cache_is_down(
    client, rows, settings, redis_server
):
    settings.TRANSFERS_REQUEST_RATE_PER_IP = "2/h"
    redis_server.stop()

    codes = [post(client, rows, f"p{n}@example.org", "203.0.113.5").status_code for n in range(3)]

    assert codes == [302, 302, 429]
    assert post(client, rows, "p9@example.org", "203.0.113.99").status_code == 302


def test_the_requests_sweep_drops_database_counters_of_ended_windows(db):
    now = timezone.now()
    RateLimitHit.objects.create(
        key="a" * 64, window_start=now - timedelta(hours=2), expires_at=now - timedelta(hours=1)
    )
    RateLimitHit.objects.create(key="b" * 64, window_start=now, expires_at=now + timedelta(hours=1))

    sweep_requests()

    assert list(RateLimitHit.objects.values_list("key", flat=True)) == ["b" * 64]
