import itertools
from datetime import date

import pytest

from transfers.reference.models import AdequacyDecision
from transfers.register.models import SccAgreement, Transfer

from ..factories import (
    AdequacyDecisionFactory,
    AffiliateFactory,
    DataCategoryFactory,
    DataSubjectCategoryFactory,
    LegalBasisFactory,
    PurposeFactory,
    SccAgreementFactory,
    TransferFactory,
    VendorFactory,
    country,
)
from .standard import (
    FilterCase,
    ReadOnlyApiTests,
    WritableApiTests,
    agreement_payload,
    assert_error_body,
    result_keys,
)


def transfer_payload() -> dict:
    return {
        "reference": "crm-support",
        "name": "Customer support tickets",
        "regime": "EU",
        "exporter_affiliate": AffiliateFactory().pk,
        "exporter_role": "controller",
        "importer_vendor": VendorFactory().pk,
        "importer_role": "processor",
        "destination_country": "US",
        "data_categories": [DataCategoryFactory().pk],
        "data_subject_categories": [DataSubjectCategoryFactory().pk],
        "purposes": [PurposeFactory().pk],
        "frequency": "continuous",
        "legal_tool": "scc",
    }


def transfer_with_category(name: str):
    def build(test):
        transfer = TransferFactory()
        transfer.data_categories.add(DataCategoryFactory(name=name))
        return transfer

    return build


class TestTransferApi(WritableApiTests):
    basename = "transfer"
    factory = TransferFactory
    invalid_filter = ("legal_tool", "handshake")
    filter_cases = [
        FilterCase({"legal_tool": "bcr"}, {"legal_tool": "bcr"}, {"legal_tool": "scc"}),
        FilterCase(
            {"destination_country": "CN"},
            lambda test: TransferFactory(destination_country=country("CN")),
        ),
        FilterCase({"regime": "UK"}, {"regime": "UK"}, {"regime": "EU"}),
        FilterCase({"importer_role": "controller"}, {"importer_role": "controller"}),
        FilterCase({"state": "planned"}, {"state": "planned"}, {"state": "active"}),
        FilterCase({"compliance_status": "compliant"}, {"compliance_status": "compliant"}),
        FilterCase({"q": "telemetry"}, {"name": "Printer telemetry"}, {"name": "Payroll"}),
        FilterCase(
            {"started_on__gte": "2024-01-01"},
            {"started_on": date(2024, 2, 1)},
            {"started_on": date(2023, 2, 1)},
        ),
    ]

    def write_payload(self) -> dict:
        return transfer_payload()

    def test_many_to_many_filter_by_id(self, read_client):
        wanted = transfer_with_category("Contact details")(self)
        TransferFactory()
        category = wanted.data_categories.get()
        keys = result_keys(read_client.get(self.list_url(), {"data_categories": category.pk}))
        assert keys == [wanted.pk]

    def test_vendor_filter_matches_either_side(self, read_client):
        vendor = VendorFactory()
        received = TransferFactory(importer_vendor=vendor)
        passed_on = TransferFactory(exporter_affiliate=None, exporter_vendor=vendor)
        TransferFactory()
        keys = [
            row["id"]
            for row in read_client.get(self.list_url(), {"vendor": vendor.pk}).json()["results"]
        ]
        assert keys == sorted([received.pk, passed_on.pk])

    def test_parties_are_summarised(self, read_client):
        transfer = TransferFactory()
        body = read_client.get(self.detail_url(transfer)).json()
        assert body["exporter"] == {
            "kind": "affiliate",
            "id": transfer.exporter_affiliate.pk,
            "legal_name": transfer.exporter_affiliate.legal_name,
        }
        assert body["importer"]["kind"] == "vendor"
        assert "notes" not in body


@pytest.mark.django_db
class TestTransferWrites:
    url = "/api/v1/transfers/"

    def test_create_sets_the_relations(self, write_client):
        payload = transfer_payload()
        response = write_client.post(self.url, payload, format="json")
        assert response.status_code == 201, response.content
        transfer = Transfer.objects.get(reference="crm-support")
        assert (
            list(transfer.data_categories.values_list("pk", flat=True))
            == payload["data_categories"]
        )
        assert response.json()["purposes"] == payload["purposes"]

    def test_two_exporters_are_refused_with_the_constraint_message(self, write_client):
        payload = {**transfer_payload(), "exporter_vendor": VendorFactory().pk}
        errors = assert_error_body(write_client.post(self.url, payload, format="json"), 400)
        assert [error["field"] for error in errors] == [None]
        assert errors[0]["message"].startswith("Choose exactly one exporter")
        assert not Transfer.objects.exists()

    def test_empty_required_lists_are_refused(self, write_client):
        payload = {**transfer_payload(), "purposes": []}
        errors = assert_error_body(write_client.post(self.url, payload, format="json"), 400)
        assert [(error["field"], error["code"]) for error in errors] == [("purposes", "empty")]

    def test_evaluation_fields_are_read_only(self, write_client):
        payload = {
            **transfer_payload(),
            "compliance_status": "compliant",
            "findings": [{"code": "x"}],
        }
        response = write_client.post(self.url, payload, format="json")
        assert response.status_code == 201
        transfer = Transfer.objects.get()
        assert transfer.compliance_status == "not_evaluated" and transfer.findings == []

    def test_put_replaces_relations_and_patch_keeps_them(self, write_client):
        transfer = TransferFactory()
        transfer.purposes.add(PurposeFactory())
        url = f"{self.url}{transfer.pk}/"
        response = write_client.patch(url, {"name": "Renamed"}, format="json")
        assert response.status_code == 200, response.content
        assert transfer.purposes.count() == 1
        payload = {**transfer_payload(), "reference": transfer.reference}
        response = write_client.put(url, payload, format="json")
        assert response.status_code == 200, response.content
        assert list(transfer.purposes.values_list("pk", flat=True)) == payload["purposes"]


class TestSccAgreementApi(WritableApiTests):
    basename = "sccagreement"
    factory = SccAgreementFactory

    def write_payload(self) -> dict:
        reference = f"scc-written-{SccAgreement.objects.count()}"
        return agreement_payload(TransferFactory(), 2, reference)

    invalid_filter = ("module", "7")
    filter_cases = [
        FilterCase({"module": "3"}, {"module": 3}, {"module": 2}),
        FilterCase({"status": "signed"}, {"status": "signed"}, {"status": "draft"}),
        FilterCase({"uk_addendum": "true"}, {"uk_addendum": True}, {"uk_addendum": False}),
    ]

    def test_confidential_annex_ii_stays_out(self, read_client):
        agreement = SccAgreementFactory(
            technical_measures="HSM serials and network plan",
            technical_measures_summary="Data is encrypted.",
            redaction_reasons="Security",
        )
        body = read_client.get(self.detail_url(agreement)).json()
        assert "technical_measures" not in body and "redaction_reasons" not in body
        assert "HSM" not in str(body)
        assert body["technical_measures_summary"] == "Data is encrypted."


@pytest.fixture(autouse=True)
def no_shipped_adequacy_decisions(db):
    """These tests build the decisions they filter on; the shipped ones would blur the filters."""
    AdequacyDecision.objects.all().delete()


def country_with_adequacy(code: str, **decision):
    return lambda test: AdequacyDecisionFactory(country=country(code), **decision).country


class TestCountryApi(ReadOnlyApiTests):
    basename = "country"
    # Afghanistan comes first by name, so it is on the first page of the ~250 countries.
    factory = staticmethod(
        lambda **kwargs: AdequacyDecisionFactory(**{"country": country("AF"), **kwargs}).country
    )
    pk_field = "code"
    missing_pk = "QQ"
    invalid_filter = ("adequate_under", "US")
    filter_cases = [
        FilterCase(
            {"adequate_under": "UK"},
            country_with_adequacy("JP", regime="UK"),
            country_with_adequacy("KR", regime="EU"),
        ),
        FilterCase(
            {"adequate_on": "2020-08-01", "adequate_under": "EU"},
            country_with_adequacy("CH", effective_from=date(2000, 7, 26)),
            country_with_adequacy(
                "US", effective_from=date(2016, 8, 1), effective_until=date(2020, 7, 15)
            ),
        ),
        FilterCase({"q": "Japan"}, country_with_adequacy("JP"), country_with_adequacy("KR")),
    ]

    def test_adequacy_per_regime_is_nested(self, read_client):
        AdequacyDecisionFactory(country=country("JP"), regime="EU", reference="(EU) 2019/419")
        AdequacyDecisionFactory(country=country("JP"), regime="UK", reference="UK list")
        body = read_client.get("/api/v1/countries/JP/").json()
        assert body["name"] == "Japan"
        assert [(item["regime"], item["reference"]) for item in body["adequacy"]] == [
            ("EU", "(EU) 2019/419"),
            ("UK", "UK list"),
        ]


class TestAdequacyDecisionApi(ReadOnlyApiTests):
    basename = "adequacydecision"
    factory = AdequacyDecisionFactory
    invalid_filter = ("in_force_on", "yesterday")
    filter_cases = [
        FilterCase({"regime": "CH"}, {"regime": "CH"}, {"regime": "EU"}),
        FilterCase(
            {"in_force_on": "2021-01-01"},
            {"effective_from": date(2019, 1, 23)},
            {"effective_from": date(2016, 8, 1), "effective_until": date(2020, 7, 15)},
        ),
        FilterCase({"country": "KR"}, lambda test: AdequacyDecisionFactory(country=country("KR"))),
    ]


class TestDataCategoryApi(ReadOnlyApiTests):
    basename = "datacategory"
    factory = DataCategoryFactory
    filter_cases = [
        FilterCase({"special_category": "true"}, {"special_category": True}),
        FilterCase({"q": "health"}, {"name": "Health data"}),
    ]


class TestDataSubjectCategoryApi(ReadOnlyApiTests):
    basename = "datasubjectcategory"
    factory = DataSubjectCategoryFactory
    filter_cases = [FilterCase({"name": "Customers"}, {"name": "Customers"})]


BASIS_CODES = itertools.count()


class TestLegalBasisApi(ReadOnlyApiTests):
    basename = "legalbasis"
    factory = staticmethod(
        lambda **kwargs: LegalBasisFactory(
            code=kwargs.pop("code", None)
            or f"basis-{LegalBasisFactory._meta.model.objects.count()}",
            **kwargs,
        )
    )
    filter_cases = [FilterCase({"code": "art6-1-f"}, {"code": "art6-1-f"})]


class TestPurposeApi(ReadOnlyApiTests):
    basename = "purpose"
    factory = PurposeFactory
    filter_cases = [FilterCase({"q": "warranty"}, {"name": "Warranty claims"})]
