"""A filter parameter that the schema does not allow is a 400 naming it, not silently ignored
(which answered the whole, unfiltered list)."""

import pytest

from transfers.access.models import ApiKeyAccess


@pytest.fixture
def key(make_key) -> str:
    return make_key(ApiKeyAccess.READ)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "field", "code"),
    [
        ("/api/v1/vendors/?updated_since=", "updated_since", "blank"),
        ("/api/v1/countries/?eea_until=", "eea_until", "blank"),
        (
            "/api/v1/adequacy-decisions/?effective_from__isnull=123911",
            "effective_from__isnull",
            "invalid",
        ),
    ],
)
def test_invalid_filter_is_a_400_naming_the_parameter(client, key, path, field, code):
    response = client.get(path, HTTP_X_API_KEY=key)
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"field": field, "code": code, "message": response.json()["errors"][0]["message"]}
        ]
    }


@pytest.mark.django_db
def test_valid_boolean_and_empty_search_still_answer(client, key):
    assert (
        client.get(
            "/api/v1/adequacy-decisions/?effective_from__isnull=true", HTTP_X_API_KEY=key
        ).status_code
        == 200
    )
    assert client.get("/api/v1/countries/?q=", HTTP_X_API_KEY=key).status_code == 200
