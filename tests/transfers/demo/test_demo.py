"""The demo register: what `make run` loads, loaded twice without change, and honest about what
is invented."""

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from affiliates.models import Affiliate, AffiliateRole
from tests.factories import AffiliateFactory
from transfers.demo.services import DEMO_REGISTER_FILE, DemoDataError, demo_register_load
from transfers.evaluation.services import transfers_evaluate
from transfers.reference.models import DataCategory, DataSubjectCategory, Purpose
from transfers.register.models import SccAgreement, Transfer
from vendors.models import SubProcessor, Vendor, VendorCertification, VendorLocation

REGISTER_MODELS = (
    Affiliate,
    AffiliateRole,
    Vendor,
    VendorLocation,
    VendorCertification,
    SubProcessor,
    DataCategory,
    DataSubjectCategory,
    Purpose,
    Transfer,
    SccAgreement,
)
# The companies the privacy policy names (plus Google LLC, Google Ireland's known sub-processor
# for Google Analytics, and Formagrid, the company behind Airtable): everything else is invented.
REAL_COMPANIES = {
    "MAKERWORLD SINGAPORE PTE. LTD.",
    "Shenzhen Tuozhu Technology Co., Ltd.",
    "Shanghai Lunkuo Technology Co., Ltd.",
    "Bambulab GmbH",
    "Meta Platforms Ireland Limited",
    "Apple Inc.",
    "Google Ireland Limited",
    "Google LLC",
    "Formagrid, Inc. (Airtable)",
}
JOINT_CONTROLLERS = {
    "MAKERWORLD SINGAPORE PTE. LTD.",
    "Shenzhen Tuozhu Technology Co., Ltd.",
    "Shanghai Lunkuo Technology Co., Ltd.",
}
ARCHIVE = "Example Cold Archive Ltd (fictional)"
HOSTING_SCC = "scc-m2-makerworld-example-cloud-hosting"
# controller/processor roles of exporter and importer -> SCC module (legal primer, section 4)
MODULE_BY_ROLES = {
    ("controller", "controller"): 1,
    ("controller", "processor"): 2,
    ("processor", "processor"): 3,
    ("processor", "controller"): 4,
}


def run_load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def row_and_history_counts() -> dict[str, int]:
    counts = {}
    for model in REGISTER_MODELS:
        counts[model.__name__] = model.objects.count()
        counts[f"history of {model.__name__}"] = model.history.count()
    return counts


@pytest.fixture
def demo(db) -> dict[str, int]:
    return demo_register_load()


def test_load_demo_creates_the_policy_register(db):
    output = run_load_demo()

    assert "5 affiliates" in output and "26 transfers" in output and "8 SCC agreements" in output
    assert Affiliate.objects.count() == 5
    assert Counter(Vendor.objects.values_list("kind", flat=True)) == {
        "service_provider": 14,
        "reseller": 3,
        "other_recipient": 2,
    }
    assert Transfer.objects.count() == 26
    assert Counter(SccAgreement.objects.values_list("module", flat=True)) == {1: 4, 2: 3, 4: 1}
    assert SccAgreement.objects.filter(uk_addendum=True).count() == 1
    assert SccAgreement.objects.filter(swiss_adaptation=True).count() == 1
    assert DataCategory.objects.count() == 15
    assert Purpose.objects.count() == 12


def test_joint_controllers_are_represented_by_bambulab_gmbh(demo):
    representative = Affiliate.objects.get(legal_name="Bambulab GmbH")
    assert representative.country_id == "DE"
    assert representative.roles.filter(role="eu_representative").exists()
    for name in JOINT_CONTROLLERS:
        controller = Affiliate.objects.get(legal_name=name)
        assert controller.roles.filter(role="joint_controller").exists()
        assert controller.subject_to_gdpr == "art3_2"
        assert controller.eu_representative == representative
    singapore = Affiliate.objects.get(legal_name="MAKERWORLD SINGAPORE PTE. LTD.")
    assert "103 Tampines Street 86" in singapore.address
    assert singapore.contact_email == "privacy@bambulab.com"


def test_vendors_carry_locations_certifications_and_sub_processors(demo):
    google_llc = Vendor.objects.get(legal_name="Google LLC")
    assert google_llc.certifications.filter(scheme="EU-US DPF").exists()
    google_ireland = Vendor.objects.get(legal_name="Google Ireland Limited")
    assert list(google_ireland.sub_processors.values_list("sub_processor", flat=True)) == [
        google_llc.pk
    ]
    hosting = Vendor.objects.get(legal_name="Example Cloud Hosting Inc. (fictional)")
    assert set(hosting.locations.values_list("country", flat=True)) == {"US", "IN"}
    assert hosting.sub_processors.count() == 3
    vault = Vendor.objects.get(legal_name="Example Backup Vault LLC (fictional)")
    archive = Vendor.objects.get(legal_name=ARCHIVE)
    assert list(vault.sub_processors.values_list("sub_processor", flat=True)) == [archive.pk]
    assert archive.country_id == "IE"
    assert list(archive.locations.values_list("country", "activity")) == [("MX", "storage")]
    airtable = Vendor.objects.get(legal_name="Formagrid, Inc. (Airtable)")
    assert not airtable.certifications.exists()
    assert "DEMO DATA" in airtable.notes


def test_evaluating_the_demo_names_each_leg_of_the_hosting_chain(demo):
    """The archive company is two sub-processors down from the hosting provider and stores in
    Mexico, not in Ireland where it is established: the hosting flow's evaluation names that leg,
    and the demo's statuses stay what they were."""
    transfers_evaluate()

    assert Counter(Transfer.objects.values_list("compliance_status", flat=True)) == {
        "compliant": 14,
        "action_required": 8,
        "not_permitted": 4,
    }
    hosting = Transfer.objects.get(reference="hosting-us-platform")
    legs = [f for f in hosting.findings if f["code"].startswith("leg-")]
    assert {
        "code": "leg-covered",
        "severity": "info",
        "message": f"{ARCHIVE}, Mexico (MX), storage: covered by the standard clauses the importer "
        "signed for this flow.",
    } in legs
    assert len(legs) == 5, legs


def test_resellers_are_controllers_for_sales_and_processors_for_support(demo):
    for reseller in Vendor.objects.filter(kind="reseller", country__in=["DE", "US"]):
        roles = set(reseller.imported_transfers.values_list("importer_role", flat=True))
        assert roles == {"controller", "processor"}, reseller


def test_transfers_mix_legal_tools_and_visibility(demo):
    tools = set(Transfer.objects.values_list("legal_tool", flat=True))
    assert {"adequacy", "scc", "none_needed"} <= tools
    assert Transfer.objects.filter(is_public=False).exists()
    assert set(Transfer.objects.values_list("regime", flat=True)) == {"EU", "UK", "CH"}
    for transfer in Transfer.objects.filter(destination_country="CN"):
        assert transfer.legal_tool == "scc"
        assert transfer.scc_agreements.filter(status="signed").exists(), transfer


def test_no_special_category_data_is_invented(demo):
    assert not DataCategory.objects.filter(special_category=True).exists()
    assert not Transfer.objects.filter(special_category_data=True).exists()


def test_each_agreement_matches_the_parties_and_roles_of_the_transfers_it_covers(demo):
    for agreement in SccAgreement.objects.prefetch_related("transfers"):
        assert agreement.transfers.exists(), agreement
        for transfer in agreement.transfers.all():
            assert transfer.legal_tool == "scc"
            assert (transfer.exporter, transfer.importer) == (
                agreement.exporter,
                agreement.importer,
            )
            roles = (transfer.exporter_role, transfer.importer_role)
            assert MODULE_BY_ROLES[roles] == agreement.module, (agreement, transfer)


def test_hosting_agreement_has_its_options_and_annexes(demo):
    agreement = SccAgreement.objects.get(reference=HOSTING_SCC)
    assert agreement.exporter.legal_name == "MAKERWORLD SINGAPORE PTE. LTD."
    assert agreement.importer.legal_name == "Example Cloud Hosting Inc. (fictional)"
    assert (agreement.module, agreement.status) == (2, "signed")
    assert (agreement.clause_9_option, agreement.clause_9_period) == (2, "30 days")
    assert agreement.clause_13_variant == "representative"
    assert agreement.clause_17_option == 1
    assert agreement.governing_law_country_id == agreement.courts_country_id == "DE"
    assert agreement.exporter_signed_on and agreement.importer_signed_on
    assert "key" in agreement.technical_measures.lower()
    assert agreement.technical_measures_summary and agreement.redaction_reasons
    # the confidential details stay out of the data subjects' summary
    assert "mw-hsm-sg-01" in agreement.technical_measures
    assert "mw-hsm-sg-01" not in agreement.technical_measures_summary


def test_every_loaded_row_passes_full_clean(demo):
    for model in REGISTER_MODELS:
        for instance in model.objects.all():
            instance.full_clean()


def test_invented_companies_say_they_are_fictional(demo):
    companies = [*Affiliate.objects.all(), *Vendor.objects.all()]
    assert {company.legal_name for company in companies} >= REAL_COMPANIES
    for company in companies:
        if company.legal_name in REAL_COMPANIES:
            assert "fictional" not in company.legal_name.lower()
            continue
        assert company.legal_name.endswith("(fictional)"), company
        assert "fictional" in company.public_description.lower(), company
        assert "FICTIONAL" in company.notes, company


def test_loading_twice_changes_nothing_and_adds_no_history(demo):
    assert demo["written"] > 0
    before = row_and_history_counts()

    again = demo_register_load()
    output = run_load_demo()

    assert again["written"] == 0
    assert {key: value for key, value in again.items() if key != "written"} == {
        key: value for key, value in demo.items() if key != "written"
    }
    assert "nothing changed" in output
    assert row_and_history_counts() == before


def test_a_changed_file_updates_only_the_changed_row(demo, tmp_path):
    document = yaml.safe_load(DEMO_REGISTER_FILE.read_text(encoding="utf-8"))
    hosting = next(v for v in document["vendors"] if v["legal_name"].startswith("Example Cloud"))
    hosting["services"] = "Data hosting, now with a second region."
    changed_file = tmp_path / "demo.yaml"
    changed_file.write_text(yaml.safe_dump(document), encoding="utf-8")
    before = row_and_history_counts()

    counts = demo_register_load(path=changed_file)

    assert counts["written"] == 1
    after = row_and_history_counts()
    assert after["history of Vendor"] == before["history of Vendor"] + 1
    assert {k: v for k, v in after.items() if k != "history of Vendor"} == {
        k: v for k, v in before.items() if k != "history of Vendor"
    }
    latest = Vendor.objects.get(legal_name=hosting["legal_name"]).history.first()
    assert latest.history_change_reason == "Demo register loaded (load_demo)"


def test_if_empty_skips_a_register_that_has_affiliates(db):
    AffiliateFactory()

    output = run_load_demo("--if-empty")

    assert "already has affiliates" in output
    assert Affiliate.objects.count() == 1
    assert not Transfer.objects.exists()


def test_if_empty_loads_an_empty_register(db):
    run_load_demo("--if-empty")

    assert Transfer.objects.count() == 26


def write_demo_file(tmp_path: Path, document: dict) -> Path:
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def test_unknown_reference_fails_with_its_name_and_saves_nothing(db, tmp_path):
    path = write_demo_file(
        tmp_path,
        {
            "affiliates": [{"legal_name": "Alpha Ltd", "address": "Dublin", "country": "IE"}],
            "vendors": [
                {
                    "legal_name": "Beta Inc.",
                    "kind": "service_provider",
                    "country": "US",
                    "services": "Hosting",
                    "sub_processors": [{"sub_processor": "Gamma LLC", "services": "Backups"}],
                }
            ],
        },
    )

    with pytest.raises(CommandError, match="no vendor with legal_name 'Gamma LLC'"):
        call_command("load_demo", "--file", str(path), stdout=StringIO())

    assert not Affiliate.objects.exists()
    assert not Vendor.objects.exists()


def test_invalid_row_fails_with_the_validation_message(db, tmp_path):
    path = write_demo_file(
        tmp_path,
        {"vendors": [{"legal_name": "Beta Inc.", "kind": "spaceship", "country": "US"}]},
    )

    with pytest.raises(DemoDataError, match="vendors 'Beta Inc.'.*spaceship"):
        demo_register_load(path=path)
    assert not Vendor.objects.exists()


def test_unknown_field_is_named(db, tmp_path):
    path = write_demo_file(tmp_path, {"purposes": [{"name": "Sales", "colour": "red"}]})

    with pytest.raises(DemoDataError, match="Purpose has no field 'colour'"):
        demo_register_load(path=path)


@pytest.mark.parametrize("login", ["editor_client", "viewer_client"])
def test_admin_shows_every_demo_row(demo, login, request):
    client = request.getfixturevalue(login)
    inline_models = (AffiliateRole, VendorLocation, VendorCertification, SubProcessor)
    for model in (model for model in REGISTER_MODELS if model not in inline_models):
        opts = model._meta
        changelist = f"/admin/{opts.app_label}/{opts.model_name}/"
        assert client.get(changelist).status_code == 200, changelist
        for pk in model.objects.values_list("pk", flat=True):
            response = client.get(f"{changelist}{pk}/change/")
            assert response.status_code == 200, (changelist, pk)
