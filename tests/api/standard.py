"""The standard tests every API endpoint gets (the NetBox habit): subclass ReadOnlyApiTests or
WritableApiTests as ``Test<Model>Api``, say which router basename and factory to use, list some
filter cases, and pytest collects list, detail, the auth matrices, 404, 405, ETag/304, the query
budget and the filters."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from ..factories import AffiliateFactory, VendorFactory

QUERY_BUDGET_OBJECTS = 4

READ_MATRIX = [
    ("anonymous", 401),
    ("read_key", 200),
    ("write_key", 200),
    ("revoked_key", 401),
    ("staff_viewer", 200),
    ("staff_editor", 200),
    ("staff_without_permissions", 403),
    ("non_staff_editor", 403),
]
WRITE_MATRIX = [
    ("anonymous", 401),
    ("read_key", 403),
    ("write_key", 201),
    ("revoked_key", 401),
    ("staff_viewer", 403),
    ("staff_editor", 201),
    ("staff_without_permissions", 403),
    ("non_staff_editor", 403),
]


@dataclass(frozen=True)
class FilterCase:
    """``params`` must list the object built by ``match`` and not the one built by ``other``;
    each is factory keyword arguments or a function of the test instance returning an object."""

    params: dict[str, str]
    match: dict[str, Any] | Callable[[Any], Any] = field(default_factory=dict)
    other: dict[str, Any] | Callable[[Any], Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return "&".join(f"{key}={value}" for key, value in self.params.items())


def assert_error_body(response, status: int) -> list[dict]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"errors"} and body["errors"], body
    for item in body["errors"]:
        assert set(item) == {"field", "code", "message"}, item
        assert item["message"] and item["code"], item
    return body["errors"]


def result_keys(response, pk_field: str = "id") -> list:
    return [row[pk_field] for row in response.json()["results"]]


class StandardApiTests:
    basename: ClassVar[str]
    factory: ClassVar[Callable[..., Any]]
    pk_field: ClassVar[str] = "id"
    missing_pk: ClassVar[int | str] = 987654321
    filter_cases: ClassVar[list[FilterCase]] = []
    # NUL cannot be stored or searched in PostgreSQL: refused as input, never a 500.
    invalid_filter: ClassVar[tuple[str, str]] = ("q", "\x00")

    def make(self, **kwargs):
        return type(self).factory(**kwargs)

    def build(self, spec):
        return spec(self) if callable(spec) else self.make(**spec)

    def list_url(self) -> str:
        return reverse(f"{self.basename}-list")

    def detail_url(self, obj) -> str:
        return reverse(f"{self.basename}-detail", args=[obj.pk])

    @pytest.mark.parametrize(("kind", "status"), READ_MATRIX)
    def test_list_auth_matrix(self, caller, kind, status):
        obj = self.make()
        response = caller(kind).get(self.list_url())
        if status == 200:
            assert response.status_code == 200, response.content
            assert obj.pk in result_keys(response, self.pk_field)
        else:
            assert_error_body(response, status)
            assert "results" not in response.json()
        if status == 401:
            assert response.headers["WWW-Authenticate"].startswith("Api-Key")

    @pytest.mark.parametrize(("kind", "status"), READ_MATRIX)
    def test_detail_auth_matrix(self, caller, kind, status):
        obj = self.make()
        response = caller(kind).get(self.detail_url(obj))
        if status == 200:
            assert response.status_code == 200, response.content
            assert response.json()[self.pk_field] == obj.pk
        else:
            assert_error_body(response, status)
            assert self.pk_field not in response.json()

    def test_detail_of_a_missing_object_is_404(self, read_client):
        self.make()
        url = reverse(f"{self.basename}-detail", args=[self.missing_pk])
        [error] = assert_error_body(read_client.get(url), 404)
        assert error["code"] == "not_found" and error["field"] is None

    def test_detail_etag_gives_304_until_the_object_changes(self, read_client):
        obj = self.make()
        first = read_client.get(self.detail_url(obj))
        etag = first.headers["ETag"]
        again = read_client.get(self.detail_url(obj), HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b""
        assert again.headers["ETag"] == etag
        other = read_client.get(self.detail_url(obj), HTTP_IF_NONE_MATCH='"stale"')
        assert other.status_code == 200 and other.json() == first.json()

    def test_list_query_count_is_the_same_for_1_and_100_rows(self, read_client):
        for _ in range(QUERY_BUDGET_OBJECTS):
            self.make()
        read_client.get(self.list_url())  # the key's first use records last_used_at
        counts = {}
        for size in (1, 100):
            with CaptureQueriesContext(connection) as queries:
                response = read_client.get(self.list_url(), {"page_size": size})
            assert response.status_code == 200
            assert len(response.json()["results"]) == min(size, self.count_rows())
            counts[size] = len(queries)
        assert counts[1] == counts[100], counts

    def model(self):
        return resolve(self.list_url()).func.cls.queryset.model

    def count_rows(self) -> int:
        return self.model().objects.count()

    def test_filter(self, read_client, filter_case: FilterCase):
        wanted = self.build(filter_case.match)
        unwanted = self.build(filter_case.other)
        response = read_client.get(self.list_url(), filter_case.params)
        assert response.status_code == 200, response.content
        keys = result_keys(response, self.pk_field)
        assert wanted.pk in keys and unwanted.pk not in keys, (filter_case, keys)

    def test_invalid_filter_value_is_400_naming_the_filter(self, read_client):
        name, value = self.invalid_filter
        errors = assert_error_body(read_client.get(self.list_url(), {name: value}), 400)
        assert [error["field"] for error in errors] == [name]


class ReadOnlyApiTests(StandardApiTests):
    def test_writes_are_refused_with_405(self, write_client):
        errors = assert_error_body(write_client.post(self.list_url(), {}, format="json"), 405)
        assert errors[0]["code"] == "method_not_allowed"


class WritableApiTests(StandardApiTests):
    """Also the write auth matrix; ``write_payload()`` returns a valid body for a create."""

    def write_payload(self) -> dict:
        raise NotImplementedError

    @pytest.mark.parametrize(("kind", "status"), WRITE_MATRIX)
    def test_create_auth_matrix(self, caller, kind, status):
        model = self.model()
        before = model.objects.count()
        response = caller(kind).post(self.list_url(), self.write_payload(), format="json")
        if status == 201:
            assert response.status_code == 201, response.content
            assert model.objects.filter(pk=response.json()[self.pk_field]).exists()
        else:
            assert_error_body(response, status)
            assert model.objects.count() == before


def agreement_payload(transfer, module: int, reference: str = "hosting-scc") -> dict:
    """A complete SCC agreement for the write API, covering ``transfer`` with ``module``."""
    return {
        "reference": reference,
        "title": "Hosting SCCs",
        "module": module,
        "transfers": [transfer.pk],
        "exporter_affiliate": AffiliateFactory().pk,
        "importer_vendor": VendorFactory().pk,
        "clause_9_option": 2,
        "clause_9_period": "30 days",
        "clause_17_option": 1,
        "governing_law_country": "IE",
        "courts_country": "IE",
    }
