"""SCC agreements written through the API: the module must be the one every covered transfer's
roles call for, as in the admin and the import; a refusal saves nothing."""

import pytest

from transfers.register.models import SccAgreement

from ..factories import SccAgreementFactory, TransferFactory
from .standard import agreement_payload, assert_error_body

pytestmark = pytest.mark.django_db

URL = "/api/v1/scc-agreements/"


def test_an_agreement_with_the_module_of_its_transfers_is_created(write_client):
    transfer = TransferFactory(exporter_role="controller", importer_role="processor")
    response = write_client.post(URL, agreement_payload(transfer, 2), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["transfers"] == [transfer.pk]
    assert list(SccAgreement.objects.get(reference="hosting-scc").transfers.all()) == [transfer]


def test_a_module_contradicting_a_covered_transfer_is_refused_on_the_module(write_client):
    transfer = TransferFactory(
        reference="hosting", exporter_role="controller", importer_role="processor"
    )
    response = write_client.post(URL, agreement_payload(transfer, 1), format="json")
    errors = assert_error_body(response, 400)
    assert [error["field"] for error in errors] == ["module"]
    assert errors[0]["message"].startswith(
        "Transfer hosting (controller to processor) needs Module Two, not Module One"
    )
    assert not SccAgreement.objects.exists()


def test_changing_the_module_of_an_agreement_checks_the_transfers_it_already_covers(
    write_client,
):
    transfer = TransferFactory(exporter_role="controller", importer_role="processor")
    agreement = SccAgreementFactory(module=2)
    agreement.transfers.add(transfer)
    response = write_client.patch(f"{URL}{agreement.pk}/", {"module": 3}, format="json")
    errors = assert_error_body(response, 400)
    assert [error["field"] for error in errors] == ["module"]
    assert "needs Module Two, not Module Three" in errors[0]["message"]
    agreement.refresh_from_db()
    assert agreement.module == 2
